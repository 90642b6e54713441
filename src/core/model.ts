// Plain data shared by the core, the CLI and the extension. No behaviour lives here: every type
// must survive JSON.stringify / JSON.parse unchanged, because sessions are saved and replayed.

/** Lines and columns are 1-based everywhere in the model, as editors and tracebacks show them. */
export interface Position {
  line: number;
  column: number;
}

/** A language support's id (languages/registry.ts): `python`, ... */
export type LanguageId = string;

/** Why a basic block starts or ends where it does. */
export type BlockKind =
  | 'statements' // straight-line code
  | 'condition' // the test of if / elif / while / case guard
  | 'loop' // a for header (the iteration step)
  | 'return'
  | 'raise'
  | 'break'
  | 'continue'
  | 'assert'
  | 'except' // an except clause header
  | 'with' // a with header (enter)
  | 'match'; // match subject / case pattern

export interface Block {
  /** Unique within a file: `${function}#${index}`. */
  id: string;
  /** The block's file, relative to the project root (a run across modules); absent: the traced file. */
  file?: string;
  /** Index within its function, in source order, from 0. LDB's `[BLOCK-i]` numbering uses the visit order instead. */
  index: number;
  /** Qualified function name: `f`, `Class.method`, `outer.inner`. */
  function: string;
  startLine: number;
  endLine: number;
  kind: BlockKind;
  /** Every source line whose execution belongs to this block (a statement over several lines gives all of them). */
  lines: number[];
  /** Ids of the blocks control can go to next (within the function); empty for return / raise at the end. */
  successors: string[];
  /**
   * First line of each statement (or compound-statement header) in the block that owns its first
   * line, ascending: at trace level 'line' a line belongs to the nearest start at or before it.
   */
  statementStarts?: number[];
}

export interface FunctionInfo {
  /** Short name as written after `def`. */
  name: string;
  /** Qualified name (see Block.function). */
  qualifiedName: string;
  /** First line of the definition, decorators included (what Python reports as co_firstlineno). */
  startLine: number;
  /** Line of the `def` keyword. */
  defLine: number;
  endLine: number;
  /** First line of the body (after the signature and the docstring). */
  bodyStartLine: number;
  params: string[];
  isAsync: boolean;
  isGenerator: boolean;
  /** Enclosing class or function, if any. */
  parent?: string;
  docstring?: string;
  blocks: Block[];
}

export interface SyntaxProblem {
  message: string;
  line: number;
  column: number;
}

export interface SourceFile {
  path: string;
  language: LanguageId;
  /** The text as traced: BOM removed, line ends kept as they were. */
  text: string;
  functions: FunctionInfo[];
  /** Empty when the file parses. Parsing never throws: it reports here. */
  syntaxErrors: SyntaxProblem[];
  /** Tests found in the file (doctests, module-level asserts, `test_*` functions), in source order. */
  tests: TestCase[];
}

/**
 * Where a test comes from. `given` = typed by the user or passed on the command line; `collected`
 * = collected by the project's test runner (pytest), which alone can run it.
 */
export type TestOrigin = 'doctest' | 'assert' | 'test-function' | 'given' | 'collected';

/** How the runtime decides pass/fail. */
export type TestForm =
  | 'assert-compare' // assert <actual> == <expected>: both sides are recorded
  | 'assert' // assert <boolean expression>
  | 'expression' // a boolean expression: truthy passes
  | 'call' // a bare call: passes unless it raises
  | 'doctest' // >>> expr with expected output text
  | 'test-function' // def test_x(): ... called with no arguments
  | 'collected'; // an item of the project's test runner, run by that runner

export interface TestCase {
  /** Stable within a file: `${origin}:${line}` or `given:${n}`; a collected test's is the runner's id. */
  id: string;
  origin: TestOrigin;
  form: TestForm;
  /** Source as it is run (for test functions: the call `test_x()`). */
  source: string;
  /** Statements run before `source` in the same namespace (a given test of several statements). */
  setupSource?: string;
  /** Human label, e.g. `assert f(1) == 2`. */
  label: string;
  /** For assert-compare: the two sides as source text. */
  actualSource?: string;
  expectedSource?: string;
  /** For doctests: the expected output text. */
  expectedOutput?: string;
  /** Function(s) of the file the test calls (best effort, from the source). */
  functions: string[];
  /** Where the test sits in the file (absent for given tests). */
  line?: number;
  /** For collected tests: the item as the test runner knows it. */
  item?: CollectedItem;
}

/** A test as the project's test runner collected it (a pytest item). */
export interface CollectedItem {
  /** The runner's id, as it prints it: `tests/test_cart.py::TestCart::test_total[3]` (pytest's node id). */
  id: string;
  /** The file, relative to the runner's root, `/`-separated. */
  file: string;
  /** 1-based, where the runner places the test (for pytest, its first decorator); absent when unknown. */
  line?: number;
  /** The test function or method, without parameters. */
  function: string;
  /** The class holding it (qualified name), if any. */
  class?: string;
  /** The id of the parameter set, when the test is parametrized: `3-10-2.7`. */
  parameters?: string;
  /** Markers of the test (pytest marks), without the runner's plumbing (parametrize, usefixtures). */
  markers: string[];
  /** The framework the test is written for: `pytest`, `unittest`. */
  framework: string;
}

export type OutcomeStatus = 'passed' | 'failed' | 'error' | 'timeout';

export interface ExceptionInfo {
  type: string;
  message: string;
  /** Line in the user's file where it was raised (innermost frame of the file), if any. */
  line?: number;
  /** Innermost user function that raised it. */
  function?: string;
  /** The file of `line` and `function`, relative to the project root, when it is not the traced file. */
  file?: string;
}

export interface TestOutcome {
  status: OutcomeStatus;
  /** repr of the expected value / expected doctest output, when the test form has one. */
  expected?: string;
  /** repr of the actual value, when the test got that far. */
  actual?: string;
  exception?: ExceptionInfo;
}

/** One pass of control through one block, in one frame. */
export interface BlockVisit {
  block: string;
  function: string;
  /** The block's file, relative to the project root (a run across modules); absent: the traced file. */
  file?: string;
  /** Identifies the call (frame) the visit belongs to: unique per run, in order of calls. */
  call: number;
  /** Depth of the frame among traced frames: the entry call is 0; recursion and helpers go deeper. */
  depth: number;
  /** How many times this block had been entered in this frame before (0 = first). */
  iteration: number;
  /** Variable name -> repr, when the block was entered and when it was left. */
  before: Record<string, string>;
  after: Record<string, string>;
  /** Set when the frame returned from this block: repr of the value. */
  returned?: string;
  /** Set when an exception left the frame from this block. */
  raised?: ExceptionInfo;
  /** Global order of the visit (0-based), counted over all recorded and dropped visits. */
  seq: number;
}

/** A limit that was hit while running: what it was and its value. */
export interface LimitHit {
  limit: 'time' | 'memory' | 'stdout' | 'stderr' | 'trace' | 'events' | 'visits' | 'files';
  value: number;
  detail: string;
}

export interface RunResult {
  outcome: TestOutcome;
  visits: BlockVisit[];
  /** Visits the runtime did not keep (its own visit cap); they sit between kept visits at `droppedAfterSeq`. */
  droppedVisits: number;
  stdout: string;
  stderr: string;
  limits: LimitHit[];
  /** Wall time of the child process. */
  runMs: number;
  /** Which tracing mechanism the runtime used. */
  tracer?: 'settrace' | 'monitoring';
  pythonVersion?: string;
  /** How the child was confined: `bwrap` (Linux), `sandbox-exec` (macOS) or `none` (see run/isolation.ts). */
  isolation?: 'bwrap' | 'sandbox-exec' | 'none';
  /** The interpreter that ran it, and why that one. */
  interpreter?: InterpreterInfo;
}

/**
 * Why an interpreter was used: `flag` the user named it (a flag, a setting, the editor's choice),
 * `venv` the project's own environment, `default` none of those (the language's usual command).
 */
export type InterpreterSource = 'flag' | 'venv' | 'default';

export interface InterpreterInfo {
  /** The executable that ran (past shims and wrappers). */
  path: string;
  version: string;
  source: InterpreterSource;
}

export type TraceLevel = 'block' | 'line' | 'function';

/** A visit, or a line / a whole call at the other levels, as it goes into a prompt. */
export interface TraceSegment {
  /** `BLOCK-0`, `LINE-3`, `FUNCTION-1`: numbered in trace order, as LDB does. */
  label: string;
  function: string;
  depth: number;
  iteration: number;
  startLine: number;
  endLine: number;
  code: string;
  before: Record<string, string>;
  after: Record<string, string>;
  returned?: string;
  raised?: ExceptionInfo;
  /** Index in the unsampled list of segments. */
  ordinal: number;
  /** The runtime's global visit order: a jump of more than one between neighbours marks visits it dropped. */
  seq: number;
  /** For a condition or loop header: where control went next in the same call. */
  branch?: 'true' | 'false' | 'loop-exit';
}

export interface Trace {
  level: TraceLevel;
  segments: TraceSegment[];
  /** Segments left out by sampling, and where they were (after the segment with this ordinal). */
  omitted: number;
  totalSegments: number;
}

export interface Verdict {
  block: string;
  correct: boolean | 'unknown';
  explanation: string;
  startLine?: number;
  endLine?: number;
  /** The block's file when it is not the entry's (a trace across modules), relative to the project root. */
  file?: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /** True when the server gave no usage and we counted with the tokenizer. */
  estimated: boolean;
}

/** One test's result on one version of the code. */
export interface TestResult {
  test: string;
  label: string;
  outcome: TestOutcome;
}

export interface LlmExchange {
  purpose: 'verdicts' | 'fix' | 'retry';
  /** The messages added to the conversation since the previous exchange (the reply not included). */
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  reply: string;
  usage: TokenUsage;
  ms: number;
}

export interface SessionIteration {
  /** 1-based. */
  index: number;
  /** The whole program as it was run in this iteration. */
  code: string;
  results: TestResult[];
  /** The test that was traced (the first failing one). */
  tracedTest?: string;
  outcome?: TestOutcome;
  /** The trace text as the model got it, and every visit (for replay and display). */
  tracePrompt?: string;
  visits?: BlockVisit[];
  segments?: TraceSegment[];
  exchanges: LlmExchange[];
  verdicts: Verdict[];
  /**
   * The program the model proposed (`code`: the debugged file with the fix), its results on every
   * visible test, and `files`: the fix as edits of every file it changes (one for a fix of one file).
   */
  fix?: { code: string; results: TestResult[]; files?: FileEdit[] };
  /**
   * Set when the verdicts could not be read, even after the corrective retry: why. The loop asked
   * for the fix all the same (LDB never needs the verdicts to ask for one).
   */
  unreadableVerdicts?: string;
  /**
   * Set when the fix could not be used, even after the corrective retry (no code, code that does
   * not parse, no function to place): why, and the code the reply held (what LDB would have run
   * as its next program). The iteration failed: the program stays as it was, the next request
   * tells the model why, and the loop goes on to the iteration limit.
   */
  unusableFix?: { reason: string; code?: string };
  /** Set when the user rejected the fix (extension), with their reason. */
  rejected?: string;
  ms: number;
}

/**
 * A fix's change to one file, against the file as the session first read it (what the user has): a
 * fix that spans files is one edit per file, verified and applied together.
 */
export interface FileEdit {
  /** As the prompt names it: relative to the project root in a trace across modules, else the path given. */
  file: string;
  /** Absolute. */
  path: string;
  /** Qualified names of the functions the fix rewrote or added in this file. */
  functions: string[];
  /** The file's text when the session read it, and with the fix. */
  original: string;
  code: string;
}

export type SessionStatus = 'already-passing' | 'fixed' | 'not-fixed' | 'cancelled' | 'error';

export interface Session {
  format: 'ldb-session';
  version: 1;
  createdAt: string;
  file: string;
  function: string;
  model?: string;
  tests: TestCase[];
  originalCode: string;
  iterations: SessionIteration[];
  status: SessionStatus;
  /** The last program proposed that passes every visible test, if any. */
  finalCode?: string;
  /** That fix as edits of every file it changes (the debugged file's is also `finalCode`). */
  finalFiles?: FileEdit[];
  /** Set when status is 'error': one line. */
  error?: string;
  tokens: { prompt: number; completion: number; estimated: boolean };
  ms: number;
}

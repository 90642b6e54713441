// The seam between the core and a language. Everything that depends on what language a program is
// written in sits behind this interface: reading the syntax (functions, blocks, tests), the map the
// runtime uses from executed lines to blocks, the runtime itself, putting a fix back into the
// program, and the words the prompt uses. The core picks a support through registry.ts and never
// names a language itself.
import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { InterpreterInfo, RunResult, SourceFile, TestCase } from '../model';
import type { Grammar } from '../parse/treeSitter';
import type { Settings } from '../settings';

/** How the prompt speaks of the language. */
export interface PromptWords {
  /** The language's name in prose: "an expert {name} programmer". */
  name: string;
  /** The fence tag the model is shown code in and asked to answer in. */
  fence: string;
  /** Fence tags a reply may use for code of this language ('' is an untagged fence). */
  fenceTags: readonly string[];
  /** Whether a line of `code` seems to define `name`: ranks candidate fixes, never decides. */
  definesFunction(code: string, name: string): boolean;
  /** A line that starts code, for replies without fences. */
  codeStart: RegExp;
  /** What starts a comment that runs to the end of the line: the prompt's `# file: PATH` headers. */
  lineComment: string;
}

/** What starting a runtime needs: known before the program is parsed, so start-up can overlap it. */
export interface RuntimeStart {
  settings: Settings;
  /** The file that will run: its project decides which interpreter runs it. */
  path: string;
  /** The bundle's asset folder (wasm files, and each language's runtime beside them). */
  assetsDir: string;
  signal?: AbortSignal;
  /** This process runs one test and exits (`ldb trace`): start the way that costs least once. */
  oneShot?: boolean;
  /** Folders the program reads (its own folder, the project): an isolated run sees them read-only. */
  readable?: readonly string[];
  /** The folder the request is run from (see workingFolder.ts; absent: this process's). */
  cwd?: string;
}

export interface RuntimeRun {
  source: SourceFile;
  test: TestCase;
  /** Units the runtime records: one per block, or one per statement. */
  unit: 'block' | 'line';
  /** False runs the test plainly (verification): nothing is traced. */
  traced: boolean;
  /**
   * Other files of the program as a fix changed them (absolute path -> text): the program imports
   * these instead of the files on disk, which stay as they are. Only a trace across modules (a
   * collected test) leads to a fix of several files, so a language without one never gets any.
   */
  overlay?: ReadonlyMap<string, string>;
}

/** A runtime that was started and waits for its program. */
export interface StartedRuntime {
  /** Gives the runtime its program and test; resolves when the run is over. */
  run(req: RuntimeRun): Promise<RunResult>;
  /** Ends a runtime that will get no program (it could not be prepared). */
  cancel(): void;
}

export interface FixPlacement {
  original: SourceFile;
  /** The fix, parsed as the same language. */
  fix: SourceFile;
  entry: string;
  /** Qualified names of the functions the model was shown. */
  shown: readonly string[];
  /** The fix is the whole next program (it still has to parse and define the entry). */
  replacesProgram?: boolean;
}

/** `reason` reads after "the code in the reply", e.g. "does not parse: syntax error at 3:5". */
export type AppliedFix =
  { ok: true; text: string; replaced: string[]; added: string[] } | { ok: false; reason: string };

/** What collecting a project's tests needs. */
export interface CollectRequest {
  /** A test file, a folder, or the project root (absolute). */
  target: string;
  settings: Settings;
  /** Reads and segments a project file (the core's reader: a language does not import it). */
  read: (path: string) => Promise<SourceFile>;
  /** The bundle's asset folder (see RuntimeStart.assetsDir). */
  assetsDir: string;
  /**
   * The folder the request is run from, as a shell's (see workingFolder.ts; absent: this
   * process's): a project without configuration reaches up to it, so the ids are the runner's there.
   */
  cwd?: string;
  signal?: AbortSignal;
}

/** The tests a project's test runner collected. */
export interface TestCollection {
  /** The project root: the folder collected tests' ids and files are relative to. */
  root: string;
  /** The configuration file that made it the root, if any. */
  configFile?: string;
  interpreter: InterpreterInfo;
  /** What the interpreter is, as the listing names it: `Python`, `Node`. */
  interpreterName: string;
  /** The test runner and its version: `pytest 7.2.1`. */
  runner: string;
  /** In the runner's order; each carries its `item`. */
  tests: TestCase[];
}

/** What running one collected test (by the runner's id) under its runner needs. */
export interface CollectedRunRequest {
  /** The file named with the test: its project runs the test. */
  path: string;
  /**
   * The runner's id of the test, relative to the project root (`tests/test_cart.py::test_total[3]`).
   * Absent: `path` is a test file, and its first test that does not pass is the one traced.
   */
  testId?: string;
  unit: 'block' | 'line';
  /**
   * A project file as the run must see it (the program being debugged, or a fix of it), instead
   * of its text on disk. A test that never reaches the project's code is then an outcome, not bad
   * input: a fix may well break the test before it gets there.
   */
  program?: SourceFile;
  settings: Settings;
  assetsDir: string;
  /** Reads and segments a project file (the core's reader: a language does not import it). */
  read: (path: string) => Promise<SourceFile>;
  /** False runs the test plainly (verifying a fix): nothing is segmented or traced. */
  traced?: boolean;
  /** Project files as a fix changed them (see RuntimeRun.overlay); `read` already gives them so. */
  overlay?: ReadonlyMap<string, string>;
  /**
   * The folder the request is run from (see CollectRequest.cwd): the project, and `testId`, are
   * read as the runner run from there reads them.
   */
  cwd?: string;
  signal?: AbortSignal;
  /**
   * The runner started ahead for this test (LanguageStarter.startCollected): used when it was
   * started for exactly this run, else ended.
   */
  started?: StartedCollected;
}

/** What starting a collected test's runner ahead needs (the test id given, nothing segmented yet). */
export interface CollectedStart {
  path: string;
  testId: string;
  settings: Settings;
  assetsDir: string;
  cwd?: string;
  signal?: AbortSignal;
}

/** A collected test's runner started ahead, waiting for what the run gives it later. */
export interface StartedCollected {
  /** Ends it, unless a run took it over (then this does nothing). */
  cancel(): void;
}

/** A collected test run under its runner, every project file it reached traced. */
export interface CollectedRun {
  root: string;
  test: TestCase;
  /** Relative path (`/`-separated) -> the segmented file: visits name these in `file`. */
  files: ReadonlyMap<string, SourceFile>;
  run: RunResult;
}

/**
 * What starting a language's runtime needs, apart from everything else a language does: the CLI
 * starts the runtime of `ldb trace` with this before the rest of its code is loaded (starters.ts).
 */
export interface LanguageStarter {
  /** File extensions, lower case with the dot. */
  readonly extensions: readonly string[];
  /** The tree-sitter grammar for a file of this language. */
  grammarFor(path: string): Grammar;
  /** Starts the sandboxed runtime; it waits for its program (see StartedRuntime.run). */
  startRuntime(start: RuntimeStart): Promise<StartedRuntime>;
  /** Whether a --test text names a collected test (the runner's id) rather than being code. */
  isTestId?(text: string): boolean;
  /**
   * Whether `ldb trace FILE` without --test runs the file's own tests (so a runtime started ahead
   * serves it), rather than a test runner's or a run across files. Absent: it never does.
   */
  tracesOwnTests?(path: string, text: string): boolean;
  /**
   * Starts the runner of a collected test (a --test that isTestId accepts) ahead of the run that
   * will take it (CollectedRunRequest.started); undefined when that cannot be done at once here.
   */
  startCollected?(start: CollectedStart): StartedCollected | undefined;
}

export interface LanguageSupport extends LanguageStarter {
  /** The id SourceFile.language carries. */
  readonly id: string;
  /** VS Code language ids of the documents this support reads. */
  readonly editorLanguageIds: readonly string[];
  readonly words: PromptWords;
  /**
   * The file's tree, when reading it takes more than its grammar's parser (TypeScript: the type
   * syntax the grammar lacks is read through the erased text). Absent: `parser.parse(text)`.
   */
  parse?(parser: Parser, text: string, path: string, assetsDir: string): Tree | null;
  /** Functions with their blocks, syntax errors and the tests the file holds. Never throws on bad code. */
  analyze(root: Node, text: string, parser: Parser): Pick<SourceFile, 'functions' | 'syntaxErrors' | 'tests'>;
  /** A test typed by the user or given on the command line; bad input throws a one-line LdbError. */
  parseGivenTest(
    text: string,
    index: number,
    source: Pick<SourceFile, 'functions'>,
    wasmDir: string,
  ): Promise<TestCase>;
  /** Per function, executed line -> unit id (`f#2` for a block, `f@L7` for a statement). */
  lineMap(source: SourceFile, unit: 'block' | 'line'): Record<number, string>;
  /** Puts a fix back into the program, every other byte kept. */
  placeFix(p: FixPlacement): AppliedFix;
  /**
   * Whether the project's test runner collects tests from this file (by its name, or what it
   * imports); folders always go to the runner. Absent: the language has no runner yet.
   */
  collectsFrom?(path: string, text: string): boolean;
  /** Collects the tests of a file or folder with the project's test runner, in a sandboxed child. */
  collectTests?(req: CollectRequest): Promise<TestCollection>;
  /**
   * Whether a folder is this language's project when tests are listed there (`ldb tests DIR`),
   * rather than the first language's: it holds tests of this language and none of the first's.
   */
  claimsFolder?(folder: string, maxFiles: number): boolean;
  /**
   * Runs one collected test under the project's runner, tracing the project's own files; an id
   * that names no test, or a test that never reaches the project's code, is bad input.
   */
  runCollectedTest?(req: CollectedRunRequest): Promise<CollectedRun>;
  /**
   * Whether a function (qualified name) is one the language calls for an operator or a builtin
   * (Python's `__eq__`, `__repr__`): a failing assertion calls it itself, so it is not the
   * function whose result the assertion checked.
   */
  isOperatorMethod?(qualifiedName: string): boolean;
}

// What a debug run is asked to do and what it reports while it runs: the types the loop, its parts
// and both faces share (apart from the loop itself, so its parts can name them without a cycle).
import type {
  FileEdit,
  FunctionInfo,
  RunResult,
  Session,
  SourceFile,
  TestCase,
  TestResult,
  Verdict,
} from '../model';
import type { DebugSettings } from '../settings';
import type { LlmClient } from '../llm/port';
import type { Assets, TraceReport } from '../trace/tracing';

export type DebugProgress =
  | { kind: 'running-tests'; iteration: number }
  | { kind: 'iteration'; iteration: number; of: number }
  | { kind: 'tracing'; test: string }
  | { kind: 'traced'; report: TraceReport }
  | { kind: 'asking'; what: 'verdicts' | 'fix'; model: string }
  | { kind: 'verdicts'; verdicts: Verdict[]; report?: TraceReport }
  | { kind: 'verifying'; passed: number; total: number }
  /** A reply that could not be used even after the corrective retry; the loop goes on. */
  | { kind: 'unusable-reply'; what: 'verdicts' | 'fix'; reason: string }
  | { kind: 'proposal'; code: string; results: TestResult[]; files: FileEdit[] };

/** What the user said about a fix that passes (extension); the CLI accepts without asking. */
export type Review = { accept: true } | { accept: false; reason?: string };

export interface DebugRequest {
  path: string;
  text?: string;
  functionName?: string;
  /** Visible tests: given ones (strings) or found ones; empty = every test found in the file. */
  tests: readonly (string | TestCase)[];
  task?: string;
  settings: DebugSettings;
  assets: Assets;
  llm: LlmClient;
  /** The folder the tests run from, as a shell's working folder: see RunRequest.cwd. */
  cwd?: string;
  signal?: AbortSignal;
  onProgress?: (event: DebugProgress) => void;
  /**
   * Asked about a fix that passes every visible test: `code` is the debugged file with it, `files`
   * the fix as one edit per file it changes (several when it spans files).
   */
  review?: (proposal: {
    code: string;
    results: TestResult[];
    session: Session;
    files: FileEdit[];
  }) => Promise<Review>;
  /** Applied to every runtime value the model gets (trace states, the real output): redaction patterns. */
  redact?: (value: string) => string;
  /**
   * The model's code is the whole next program, as in LDB's benchmark (`ldb bench --replay`: LDB's
   * published programs), instead of a fix placed into the program function by function.
   */
  fixReplacesProgram?: boolean;
}

/** What the loop's first step needs: the program and its visible tests. */
export type ProgramTests = Pick<
  DebugRequest,
  'path' | 'text' | 'functionName' | 'tests' | 'settings' | 'assets' | 'cwd' | 'signal' | 'redact'
>;

/** What the first step alone (traceFirstFailing: Trace Only, `ldb debug` without a model) reports. */
export type FirstFailingProgress =
  | { kind: 'tracing'; test: string }
  | { kind: 'running-tests'; count: number }
  /** The run whose trace comes back, before its prompt is assembled (counting tokens takes a while). */
  | { kind: 'traced-run'; source: SourceFile; entry: FunctionInfo; test: TestCase; run: RunResult };

export interface FirstFailingRequest extends ProgramTests {
  /** When every test passes, still return the trace of the first one (Trace Only shows its values). */
  traceWhenAllPass?: boolean;
  onProgress?: (event: FirstFailingProgress) => void;
}

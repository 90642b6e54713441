// Types of the JavaScript runtime's files, which are plain CommonJS / ES modules typed with JSDoc
// and checked by tsc (tsconfig.json here). Not shipped: the build copies only .cjs and .mjs files.
// The shapes of visits, outcomes and limits are those of src/core/model.ts.

export interface Limits {
  timeoutMs: number;
  maxValueLength: number;
  maxVisits: number;
  maxEvents: number;
  maxTraceBytes: number;
}

/** One file of the program as the runtime loads it instead of the file on disk. */
export interface ProgramFile {
  /** Absolute path. */
  file: string;
  /** The instrumented copy (types erased for TypeScript). */
  code: string;
  esm: boolean;
  /** The sandbox shows `code` at `file` (process.ts): the file loads as it is, with no hooks. */
  shown?: boolean;
}

export interface Config {
  /** The file the test is appended to; it runs first. */
  main: ProgramFile;
  /** Files it imports, directly or not, loaded from their instrumented copies. */
  modules: ProgramFile[];
  /** Per importing file: specifier as written -> the file it names (`./x.js` -> `/p/x.ts`). */
  resolve: Record<string, Record<string, string>>;
  /** Per traced file other than the main one: its path relative to the project root (visits say it). */
  rel: Record<string, string>;
  limits: Limits;
  resultFd: number;
  resultToken: string;
}

export interface ExceptionInfo {
  type: string;
  message: string;
  line?: number;
  function?: string;
  file?: string;
}

export interface Outcome {
  status: 'passed' | 'failed' | 'error' | 'timeout';
  expected?: string;
  actual?: string;
  exception?: ExceptionInfo;
}

export type Snapshot = Record<string, string>;

export interface Visit {
  block: string;
  function: string;
  file?: string;
  call: number;
  depth: number;
  iteration: number;
  seq: number;
  before: Snapshot;
  after: Snapshot;
  returned?: string;
  raised?: ExceptionInfo;
}

export interface LimitHit {
  limit: 'time' | 'memory' | 'trace' | 'events' | 'visits';
  value: number;
  detail: string;
}

/** The variables a hook can read where it sits, as a closure the instrumented copy passes. */
export type Getter = () => Record<string, unknown>;

/** One call of a traced function. */
export interface Frame {
  name: string;
  file: string | undefined;
  call: number;
  depth: number;
  iterations: Map<string, number>;
  /** The call's latest visit; `closed` once its `after` is known. */
  cur: Visit | null;
  closed: boolean;
  /** Parameters and `var`s: what is still in scope where an exception leaves the call. */
  fallback: Getter;
}

/** Where an exception or a call sits in the program's files. */
export interface Place {
  line: number;
  file?: string;
}

/** node:test as the traced program sees it (ldb_js_node_test.cjs). */
export interface NodeTestModule {
  /** `require('node:test')` is the test function itself. */
  (...args: unknown[]): Promise<void>;
  test: (...args: unknown[]) => Promise<void>;
  it: (...args: unknown[]) => Promise<void>;
  describe: (...args: unknown[]) => Promise<void>;
  suite: (...args: unknown[]) => Promise<void>;
  before: (fn: TestHook) => void;
  after: (fn: TestHook) => void;
  beforeEach: (fn: TestHook) => void;
  afterEach: (fn: TestHook) => void;
  default: (...args: unknown[]) => Promise<void>;
  run: (line: number) => Promise<void>;
  skip: (...args: unknown[]) => Promise<void>;
  todo: (...args: unknown[]) => Promise<void>;
  only: (...args: unknown[]) => Promise<void>;
  /** node:test's own mock tracker, loaded on first use. */
  readonly mock: Record<string | symbol, unknown>;
}

export type TestHook = (ctx: unknown, done?: (err?: unknown) => void) => unknown;

/** What the instrumented copy calls (instrument.ts writes the calls). */
export interface Hooks {
  /** A call of a traced function begins. */
  e(name: string, fallback: Getter, file?: string): Frame;
  /** Control enters a block (or a line, at level line). */
  v(frame: Frame, id: string, getter: Getter): void;
  /** `return value`. */
  r<T>(frame: Frame, getter: Getter, value: T): T;
  /** `throw value`. */
  t<T>(frame: Frame, getter: Getter, value: T): T;
  /** An exception leaves the call. */
  x(frame: Frame, error: unknown): void;
  /** The body's last statement is done (falling off the end). */
  end(frame: Frame, getter: Getter): void;
  /** The call is over. */
  l(frame: Frame): void;
  /** Reads a variable that may be in its temporal dead zone. */
  g(read: () => unknown): unknown;
  setTest(fn: () => Promise<unknown>): void;
  cmp(actual: () => unknown, expected: () => unknown, check: (a: unknown, e: unknown) => void): void;
  /** `cmp` of sides that await (`assert.equal(await f(), 2)` at an ES module's top level). */
  cmpAsync(
    actual: () => Promise<unknown>,
    expected: () => Promise<unknown>,
    check: (a: unknown, e: unknown) => void,
  ): Promise<void>;
  truthy<T>(value: T): T;
  nodeTest(line: number): Promise<void>;
  nodeTestModule: NodeTestModule;
}

declare global {
  // The instrumented copy reaches the recorder through this global (ES modules and CommonJS alike).
  var __ldb: Hooks;
}

// Every limit the core applies, with its default. The CLI maps flags onto these and the extension
// maps `ldb.*` settings onto them; nothing else in the core hard-codes a limit.
import type { TraceLevel } from './model';
import type { IsolationMode } from './run/isolation';

export interface RunLimits {
  /** OS isolation of every run (run/isolation.ts): auto, required or off. */
  isolation: IsolationMode;
  /** Wall-clock limit of one test run: the runtime stops the program itself and keeps the trace. */
  timeoutMs: number;
  /**
   * How long after timeoutMs the whole process group is killed, for code stuck where Python cannot
   * interrupt it (a long C call).
   */
  killGraceMs: number;
  /** Address-space limit set inside the child (RLIMIT_AS). */
  memoryBytes: number;
  /** Bytes of the program's stdout / stderr kept; the rest is drained and dropped. */
  maxStdoutBytes: number;
  maxStderrBytes: number;
  /** Characters of one value's repr; the middle of longer ones is elided. */
  maxValueLength: number;
  /** Block visits the runtime keeps: the first half and the last half; the middle is counted, not kept. */
  maxVisits: number;
  /** Line events after which the runtime stops tracing (the program runs on untraced). */
  maxEvents: number;
  /** Size of the trace the runtime may write. */
  maxTraceBytes: number;
  /**
   * CPU time one user-defined `__repr__` may take while the tracer records a value; past it the
   * value shows as `<repr timed out>` and that type is not asked again. A `__repr__` that waits
   * without using CPU is stopped by timeoutMs, with the trace up to then kept.
   */
  reprTimeoutMs: number;
  /** Largest file the program may write (RLIMIT_FSIZE, hard): a disk is not filled by one run. */
  maxFileBytes: number;
  /** Files the program may have open at once (RLIMIT_NOFILE, hard). */
  maxOpenFiles: number;
  /**
   * Processes and threads a run may have at once: a pids cgroup where one can be made (root), else
   * RLIMIT_NPROC (hard) over what the user already runs, which does not bind root (run/rlimits.ts).
   */
  maxProcesses: number;
}

export interface TraceOptions {
  level: TraceLevel;
  /** Segments that go into the prompt: the first half and the last half, as LDB samples. */
  maxBlocks: number;
}

export interface CollectLimits {
  /** Wall-clock limit of collecting a project's tests with its test runner (imports every test module). */
  collectTimeoutMs: number;
  /** Project files a run across modules segments, as the test reaches them (a collected test traces every one). */
  maxProjectFiles: number;
}

export interface Settings extends RunLimits, TraceOptions, CollectLimits {
  /**
   * Interpreter command or path the user named; resolved once to its real executable. Absent: the
   * project's own environment, else the language's usual command (see the language's support).
   */
  python?: string;
  /** Node command or path that runs JavaScript and TypeScript programs; absent: the Node running LDB. */
  node?: string;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  isolation: 'auto',
  timeoutMs: 5000,
  killGraceMs: 1000,
  memoryBytes: 1024 * 1024 * 1024,
  maxStdoutBytes: 1024 * 1024,
  maxStderrBytes: 1024 * 1024,
  maxValueLength: 80,
  maxVisits: 2000,
  maxEvents: 500_000,
  maxTraceBytes: 16 * 1024 * 1024,
  reprTimeoutMs: 200,
  maxFileBytes: 256 * 1024 * 1024,
  maxOpenFiles: 1024,
  maxProcesses: 512,
  level: 'block',
  maxBlocks: 10,
  collectTimeoutMs: 60_000,
  maxProjectFiles: 500,
});

export function withDefaults(partial: Partial<Settings> = {}): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(partial)) {
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}

export interface DebugLimits {
  /** Rounds of trace -> verdicts -> fix -> verify. */
  maxIters: number;
  /** Prompt tokens the conversation may use; sampled blocks are dropped first to stay under it. */
  contextBudget: number;
  /** Completion tokens per reply. */
  maxReplyTokens: number;
  /** Test processes at once when verifying a fix. */
  testConcurrency: number;
}

export interface DebugSettings extends Settings, DebugLimits {}

export const DEFAULT_DEBUG_LIMITS: Readonly<DebugLimits> = Object.freeze({
  maxIters: 3,
  contextBudget: 12_000,
  maxReplyTokens: 2_048,
  testConcurrency: 2,
});

export function withDebugDefaults(partial: Partial<DebugSettings> = {}): DebugSettings {
  const out = { ...DEFAULT_DEBUG_LIMITS, ...withDefaults(partial) };
  for (const key of Object.keys(DEFAULT_DEBUG_LIMITS) as (keyof DebugLimits)[]) {
    const value = partial[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** What one tool result handed to a coding agent (MCP server, VS Code language model tools) may hold. */
export interface AgentLimits {
  /** Characters of a result's text (and of its JSON); the middle of a longer one is cut, and the cut said. */
  maxResultChars: number;
}

export const DEFAULT_AGENT_LIMITS: Readonly<AgentLimits> = Object.freeze({
  maxResultChars: 16_000,
});

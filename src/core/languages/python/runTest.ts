// Runs one test of a Python file under the tracer runtime (runtime/ldb_tracer.py) in the sandbox
// and turns what comes back into a RunResult: the runtime's own result file when there is one,
// otherwise what can be told from how the process ended.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LdbError } from '../../errors';
import type { FunctionEntry } from './lineMap';
import type {
  InterpreterInfo,
  InterpreterSource,
  LimitHit,
  RunResult,
  SourceFile,
  TestCase,
  TestOutcome,
} from '../../model';
import type { RunLimits } from '../../settings';
import { sandboxEnv } from '../../run/env';
import { knownInterpreter, resolveInterpreter } from './interpreter';
import { runProcess, type ProcessResult } from '../../run/sandbox';

/** A function the runtime traces, as the segmenter's function table gives it. */
export type TracedFunction = FunctionEntry;

export interface PythonTestRequest {
  source: SourceFile;
  test: TestCase;
  /** Every executable line of every traced function -> its block id (`f#2`). Empty: trace nothing. */
  lineToBlock: Record<number, string>;
  functions: TracedFunction[];
  /** Start lines of module-level statements not to run when the module loads (the file's own asserts). */
  skipLines: number[];
  /**
   * The module's dotted name (`shop.cart`: relative imports then work) and the sys.path entries
   * put first (its package root, the project's source root). Absent: the file's stem, its folder.
   */
  importAs?: { name: string; sysPath: string[] };
  limits: RunLimits;
  /** Interpreter command or path (resolved once to its executable). */
  python: string;
  /** Why this interpreter (reported with the result); `flag` when not said. */
  interpreterSource?: InterpreterSource;
  /** Directory holding ldb_tracer.py and its modules (dist/python in the bundle). */
  runtimeDir: string;
  signal?: AbortSignal;
  /** Force a tracing mechanism; by default sys.monitoring where it exists (3.12+), else sys.settrace. */
  tracer?: 'settrace' | 'monitoring';
  /**
   * A process that runs one test and exits (`ldb trace`) spawns the command as given instead of
   * resolving it first: resolving costs one more interpreter start (a pyenv shim: ~100 ms) and
   * pays off only from the second run. A failure to start is then checked by resolving, for the
   * clear message.
   */
  oneShot?: boolean;
  /** See ProcessRequest.onSpawn. */
  onSpawn?: () => void;
}

/** How much of stderr a crash report quotes. */
const STDERR_TAIL_CHARS = 2000;

interface RuntimeResult {
  outcome: TestOutcome;
  visits: RunResult['visits'];
  droppedVisits: number;
  limits: LimitHit[];
  tracer?: 'settrace' | 'monitoring';
  pythonVersion?: string;
  /** sys.executable of the run: what ran when the command was spawned unresolved. */
  executable?: string;
}

/** What starting the interpreter needs: known before the program is even parsed. */
export type RuntimeStart = Pick<
  PythonTestRequest,
  'python' | 'interpreterSource' | 'runtimeDir' | 'limits' | 'signal' | 'oneShot' | 'onSpawn'
>;

export interface StartedPythonRuntime {
  /** Gives the waiting runtime its program and test (on stdin); resolves when the run is over. */
  run(req: Omit<PythonTestRequest, keyof RuntimeStart>): Promise<RunResult>;
  /** Ends a runtime that will get no program (it could not be prepared). */
  cancel(): void;
}

/**
 * Starts the tracer runtime before its config exists: it spends its start-up (the interpreter,
 * our modules) waiting on stdin while the caller parses the program, instead of after. `ldb trace`
 * starts it first thing; a long-lived process gains nothing and calls runPythonTest.
 */
export async function startPythonRuntime(start: RuntimeStart): Promise<StartedPythonRuntime> {
  const known = knownInterpreter(start.python);
  const direct = known === undefined && start.oneShot === true;
  const interpreter = known ?? (direct ? undefined : await resolveInterpreter(start.python));
  const dir = await mkdtemp(join(tmpdir(), 'ldb-run-'));
  const resultPath = join(dir, 'result.json');
  let give!: (config: string) => void;
  let refuse!: (reason: Error) => void;
  const config = new Promise<string>((resolve, reject) => {
    give = resolve;
    refuse = reject;
  });
  const proc = runProcess({
    command: interpreter?.executable ?? start.python,
    args: ['-X', 'utf8', '-B', join(start.runtimeDir, 'ldb_tracer.py'), '-'],
    cwd: dir,
    env: sandboxEnv(process.env),
    timeoutMs: start.limits.timeoutMs + start.limits.killGraceMs,
    maxStdoutBytes: start.limits.maxStdoutBytes,
    maxStderrBytes: start.limits.maxStderrBytes,
    stdin: config,
    ...(start.signal ? { signal: start.signal } : {}),
    ...(start.onSpawn ? { onSpawn: start.onSpawn } : {}),
  });
  const cleanUp = () => rm(dir, { recursive: true, force: true, maxRetries: 2 }).catch(() => undefined);
  // A run that is never asked for still ends, and its directory goes.
  const settled = proc.then(cleanUp, cleanUp);
  return {
    async run(req) {
      give(JSON.stringify(runtimeConfig({ ...start, ...req }, resultPath)));
      try {
        const done = await proc.catch(async (error: unknown) => {
          if (direct) await resolveInterpreter(start.python); // throws the clear "not found" line
          throw error;
        });
        if (done.cancelled) throw new LdbError('cancelled', 'the test run was cancelled');
        const written = await readRuntimeResult(resultPath);
        // Started unresolved and died without a result: an interpreter too old or broken says so here.
        if (direct && written === undefined && !done.timedOut) await resolveInterpreter(start.python);
        const version = interpreter?.version ?? written?.pythonVersion ?? '';
        const ran: InterpreterInfo = {
          path: interpreter?.executable ?? written?.executable ?? start.python,
          version,
          source: start.interpreterSource ?? 'flag',
        };
        return { ...toRunResult(written, done, start.limits, version), interpreter: ran };
      } finally {
        await settled;
      }
    },
    cancel() {
      refuse(new Error('no program to run'));
    },
  };
}

export async function runPythonTest(req: PythonTestRequest): Promise<RunResult> {
  return (await startPythonRuntime(req)).run(req);
}

function runtimeConfig(req: PythonTestRequest, resultPath: string): Record<string, unknown> {
  const { limits } = req;
  return {
    // Absolute: the child's working directory is a temp dir, and the file's own directory goes on
    // sys.path so that its sibling modules import.
    file: resolve(req.source.path),
    source: req.source.text.replace(/^\uFEFF/, ''),
    moduleName: req.importAs?.name ?? moduleName(req.source.path),
    ...(req.importAs ? { sysPath: req.importAs.sysPath } : {}),
    skipLines: req.skipLines,
    test: req.test,
    lineToBlock: req.lineToBlock,
    functions: req.functions,
    limits: {
      timeoutMs: limits.timeoutMs,
      memoryBytes: limits.memoryBytes,
      maxValueLength: limits.maxValueLength,
      maxVisits: limits.maxVisits,
      maxEvents: limits.maxEvents,
      maxTraceBytes: limits.maxTraceBytes,
      reprTimeoutMs: limits.reprTimeoutMs,
    },
    resultPath,
    ...(req.tracer ? { tracer: req.tracer } : {}),
  };
}

/** The module name `import` would give the file (`prog.py` -> `prog`), if it is an identifier. */
export function moduleName(path: string): string {
  const base = path.replace(/^.*[\\/]/, '').replace(/\.py[w]?$/i, '');
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(base) ? base : 'ldb_user_module';
}

async function readRuntimeResult(path: string): Promise<RuntimeResult | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined; // killed or crashed before writing
  }
  try {
    const parsed = JSON.parse(text) as Partial<RuntimeResult>;
    if (typeof parsed.outcome?.status !== 'string' || !Array.isArray(parsed.visits)) return undefined;
    return {
      outcome: parsed.outcome,
      visits: parsed.visits,
      droppedVisits: parsed.droppedVisits ?? 0,
      limits: parsed.limits ?? [],
      ...(parsed.tracer ? { tracer: parsed.tracer } : {}),
      ...(parsed.pythonVersion ? { pythonVersion: parsed.pythonVersion } : {}),
      ...(parsed.executable ? { executable: parsed.executable } : {}),
    };
  } catch {
    return undefined;
  }
}

function toRunResult(
  written: RuntimeResult | undefined,
  proc: ProcessResult,
  limits: RunLimits,
  pythonVersion: string,
): RunResult {
  const hits: LimitHit[] = [...(written?.limits ?? [])];
  let outcome: TestOutcome;
  if (written !== undefined) {
    outcome = written.outcome;
  } else if (proc.timedOut) {
    outcome = {
      status: 'timeout',
      exception: {
        type: 'LdbTimeout',
        message: `killed after ${Math.round(proc.durationMs)} ms: the program could not be stopped at the time limit (stuck in native code?)`,
      },
    };
  } else {
    outcome = { status: 'error', exception: crashInfo(proc) };
  }
  if (outcome.status === 'timeout') {
    hits.unshift({
      limit: 'time',
      value: limits.timeoutMs,
      detail: proc.timedOut
        ? `the process group was killed ${limits.killGraceMs} ms after the limit`
        : 'the program was stopped at the limit',
    });
  }
  if (proc.stdoutTruncated) hits.push(outputHit('stdout', limits.maxStdoutBytes, proc.stdoutBytes));
  if (proc.stderrTruncated) hits.push(outputHit('stderr', limits.maxStderrBytes, proc.stderrBytes));
  return {
    outcome,
    visits: written?.visits ?? [],
    droppedVisits: written?.droppedVisits ?? 0,
    stdout: proc.stdout,
    stderr: proc.stderr,
    limits: hits,
    runMs: Math.round(proc.durationMs),
    ...(written?.tracer ? { tracer: written.tracer } : {}),
    pythonVersion: written?.pythonVersion ?? pythonVersion,
  };
}

function outputHit(limit: 'stdout' | 'stderr', cap: number, total: number): LimitHit {
  return { limit, value: cap, detail: `${total} bytes written, the first ${cap} kept` };
}

function crashInfo(proc: ProcessResult): NonNullable<TestOutcome['exception']> {
  const tail = proc.stderr.slice(-STDERR_TAIL_CHARS).trim();
  const how = proc.signal ? `was killed by ${proc.signal}` : `exited with code ${proc.exitCode}`;
  return {
    type: proc.signal === 'SIGKILL' ? 'Killed' : proc.signal ? 'Crashed' : 'LdbInternalError',
    message: `the Python process ${how} without writing a result${tail ? `:\n${tail}` : ''}`,
  };
}

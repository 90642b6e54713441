// Runs one test of a Python file under the tracer runtime (runtime/ldb_tracer.py) in the sandbox
// and turns what comes back into a RunResult: the runtime's own result file when there is one,
// otherwise what can be told from how the process ended.
import { delimiter, join, resolve } from 'node:path';
import { LdbError } from '../../errors';
import type { FunctionEntry } from './lineMap';
import type { InterpreterInfo, InterpreterSource, RunResult, SourceFile, TestCase } from '../../model';
import type { RunLimits } from '../../settings';
import { programEnv } from '../../run/env';
import { pendingInput } from '../../run/pendingInput';
import { makeRunFolder, removedAfter } from '../../run/runFolder';
import { confinedCommand, decideIsolation, unwrapExit, type IsolationKind } from '../../run/isolation';
import { knownInterpreter, resolveInterpreter } from './interpreter';
import { ensureRuntimeBytecode } from './runtimeBytecode';
import { processRlimit } from '../../run/rlimits';
import { runProcess, type ProcessResult } from '../../run/sandbox';
import { lastSignedFrame, newResultChannel, type ResultChannel } from '../../run/resultChannel';
import { parseWrittenResult, runResultOf, type WrittenResult } from '../../run/runResult';
import { writeOverlayCopies } from './overlayCopies';

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
  /** Other project files as a fix changed them (path -> text): imported from copies (ldb_overlay.py). */
  overlay?: ReadonlyMap<string, string>;
  limits: RunLimits;
  /** Interpreter command or path (resolved once to its executable). */
  python: string;
  /** The folder the request is run from: where `python` is looked up (see workingFolder.ts). */
  cwd?: string;
  /** Why this interpreter (reported with the result); `flag` when not said. */
  interpreterSource?: InterpreterSource;
  /** Directory holding ldb_tracer.py and its modules (dist/python in the bundle). */
  runtimeDir: string;
  /** Folders the program reads besides the interpreter's (its own folder, the project): see RuntimeStart. */
  readable?: readonly string[];
  signal?: AbortSignal;
  /** Force a tracing mechanism; by default sys.monitoring where it exists (3.12+), else sys.settrace. */
  tracer?: 'settrace' | 'monitoring';
}

export interface RuntimeResult extends WrittenResult {
  tracer?: 'settrace' | 'monitoring';
  pythonVersion?: string;
  /** sys.executable of the run: what ran when the command was spawned unresolved. */
  executable?: string;
}

/** What starting the interpreter needs: known before the program is even parsed. */
export type RuntimeStart = Pick<
  PythonTestRequest,
  'python' | 'interpreterSource' | 'cwd' | 'runtimeDir' | 'limits' | 'signal' | 'readable'
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
  const isolation: IsolationKind = decideIsolation(start.limits.isolation);
  // Always the real executable: the program's environment is an allow-list (a pyenv shim finds
  // nothing with it) and an isolated run sees only the interpreter's own folders.
  // No await on the way to the spawn when the interpreter is known and the runtime compiled: `ldb
  // trace` starts this before loading the rest of the CLI (cli/headStart.ts), and an await would
  // hold the spawn until that load is over.
  const interpreter =
    knownInterpreter(start.python, start.cwd) ?? (await resolveInterpreter(start.python, start.cwd));
  // Isolated, the runtime's folder is read-only: its bytecode is compiled beforehand.
  const compiling = isolation !== 'none' ? ensureRuntimeBytecode(interpreter, start.runtimeDir) : undefined;
  if (compiling) await compiling;
  const dir = makeRunFolder('ldb-run-');
  // The result comes on a pipe (fd 3) in frames signed with this run's token: nothing the program
  // writes to a file, or to the pipe without the token, can change the outcome.
  const result = newResultChannel();
  const config = pendingInput();
  const env = programEnv(process.env, { runDir: dir });
  const command = confinedCommand(
    isolation,
    {
      readOnly: [
        ...interpreter.dirs,
        start.runtimeDir,
        ...(start.readable ?? []),
        ...pathEntries(env.PYTHONPATH),
      ],
      runDir: dir,
      maxProcesses: start.limits.maxProcesses,
      supervisor: interpreter.executable,
    },
    interpreter.executable,
    ['-X', 'utf8', '-B', join(start.runtimeDir, 'ldb_tracer.py'), '-'],
  );
  const proc = runProcess({
    ...command,
    cwd: dir,
    env,
    timeoutMs: start.limits.timeoutMs + start.limits.killGraceMs,
    maxStdoutBytes: start.limits.maxStdoutBytes,
    maxStderrBytes: start.limits.maxStderrBytes,
    stdin: config.text,
    // The whole trace, twice (a provisional result may come first), and room for the frames.
    resultChannelBytes: 2 * start.limits.maxTraceBytes + 1024 * 1024,
    ...(start.signal ? { signal: start.signal } : {}),
  });
  // A run that is never asked for still ends, and its directory goes.
  const settled = removedAfter(proc, dir);
  return {
    async run(req) {
      let overlay: Record<string, string> | undefined;
      try {
        overlay = writeOverlayCopies(dir, req.overlay);
      } catch (e) {
        // No copies, no run: the child ends without input, and the reason is the write's.
        config.refuse(e as Error);
        await settled;
        throw e;
      }
      config.give(JSON.stringify(runtimeConfig({ ...start, ...req }, result, overlay)));
      try {
        const done = unwrapExit(isolation, await proc);
        if (done.cancelled) throw new LdbError('cancelled', 'the test run was cancelled');
        const written = readRuntimeResult(done.channel, result.token);
        const version = interpreter.version;
        const ran: InterpreterInfo = {
          path: interpreter.executable,
          version,
          source: start.interpreterSource ?? 'flag',
        };
        return { ...toRunResult(written, done, start.limits, version), interpreter: ran, isolation };
      } finally {
        await settled;
      }
    },
    cancel() {
      config.refuse(new Error('no program to run'));
    },
  };
}

export async function runPythonTest(req: PythonTestRequest): Promise<RunResult> {
  return (await startPythonRuntime(req)).run(req);
}

function runtimeConfig(
  req: PythonTestRequest,
  result: ResultChannel,
  overlay: Record<string, string> | undefined,
): Record<string, unknown> {
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
      killGraceMs: limits.killGraceMs,
      maxFileBytes: limits.maxFileBytes,
      maxOpenFiles: limits.maxOpenFiles,
      maxProcesses: processRlimit(limits.maxProcesses),
    },
    resultFd: result.fd,
    resultToken: result.token,
    ...(req.tracer ? { tracer: req.tracer } : {}),
    ...(overlay ? { overlay } : {}),
  };
}

function pathEntries(value: string | undefined): string[] {
  return (value ?? '').split(delimiter).filter((p) => p !== '');
}

/** The module name `import` would give the file (`prog.py` -> `prog`), if it is an identifier. */
export function moduleName(path: string): string {
  const base = path.replace(/^.*[\\/]/, '').replace(/\.py[w]?$/i, '');
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(base) ? base : 'ldb_user_module';
}

/**
 * The last whole frame with this run's token (`TOKEN LENGTH\n` + JSON): a provisional result at
 * the time limit may be followed by the real one, and a frame cut off by a kill is not whole.
 */
function readRuntimeResult(channel: Buffer | undefined, token: string): RuntimeResult | undefined {
  const text = lastSignedFrame(channel, token);
  if (text === undefined) return undefined; // killed or crashed before writing
  return parseRuntimeResult(text);
}

/** The runtime's result, checked for its required fields; undefined when it is not one. */
export function parseRuntimeResult(text: string): RuntimeResult | undefined {
  return parseWrittenResult(text, (parsed) => {
    const own = parsed as Pick<RuntimeResult, 'tracer' | 'pythonVersion' | 'executable'>;
    return {
      ...(own.tracer ? { tracer: own.tracer } : {}),
      ...(own.pythonVersion ? { pythonVersion: own.pythonVersion } : {}),
      ...(own.executable ? { executable: own.executable } : {}),
    };
  });
}

/** The Python runtime's result as a RunResult: the common part (run/runResult.ts), its tracer and version. */
export function toRunResult(
  written: RuntimeResult | undefined,
  proc: ProcessResult,
  limits: RunLimits,
  pythonVersion: string,
): RunResult {
  return {
    ...runResultOf(written, proc, limits, PYTHON_WORDS),
    ...(written?.tracer ? { tracer: written.tracer } : {}),
    pythonVersion: written?.pythonVersion ?? pythonVersion,
  };
}

const PYTHON_WORDS = { process: 'Python', stuckHint: 'stuck in native code?' };

// Runs one test of a Python file under the tracer runtime (runtime/ldb_tracer.py) in the sandbox
// and turns what comes back into a RunResult: the runtime's own result file when there is one,
// otherwise what can be told from how the process ended.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LdbError } from '../../errors';
import type { LimitHit, RunResult, SourceFile, TestCase, TestOutcome } from '../../model';
import type { RunLimits } from '../../settings';
import { sandboxEnv } from '../../run/env';
import { resolveInterpreter } from '../../run/interpreter';
import { runProcess, type ProcessResult } from '../../run/sandbox';
import { withTempDir } from '../../run/tempdir';

export interface TracedFunction {
  qualifiedName: string;
  name: string;
  /** co_firstlineno: the first decorator line, or the def line. */
  startLine: number;
  defLine: number;
  endLine: number;
}

export interface PythonTestRequest {
  source: SourceFile;
  test: TestCase;
  /** Every executable line of every traced function -> its block id (`f#2`). Empty: trace nothing. */
  lineToBlock: Record<number, string>;
  functions: TracedFunction[];
  /** Start lines of module-level statements not to run when the module loads (the file's own asserts). */
  skipLines: number[];
  limits: RunLimits;
  /** Interpreter command or path (resolved once to its executable). */
  python: string;
  /** Directory holding ldb_tracer.py and its modules (dist/python in the bundle). */
  runtimeDir: string;
  signal?: AbortSignal;
  /** Force a tracing mechanism; by default sys.monitoring where it exists (3.12+), else sys.settrace. */
  tracer?: 'settrace' | 'monitoring';
}

/**
 * The runtime stops the program itself at the time limit and writes the trace so far; the process
 * group is killed this much later, for code stuck where Python cannot interrupt it (a C call).
 */
export const HARD_KILL_GRACE_MS = 1000;
/** How much of stderr a crash report quotes. */
const STDERR_TAIL_CHARS = 2000;

interface RuntimeResult {
  outcome: TestOutcome;
  visits: RunResult['visits'];
  droppedVisits: number;
  limits: LimitHit[];
  tracer?: 'settrace' | 'monitoring';
  pythonVersion?: string;
}

export async function runPythonTest(req: PythonTestRequest): Promise<RunResult> {
  const interpreter = await resolveInterpreter(req.python);
  return withTempDir(async (dir) => {
    const configPath = join(dir, 'config.json');
    const resultPath = join(dir, 'result.json');
    await writeFile(configPath, JSON.stringify(runtimeConfig(req, resultPath)));
    const proc = await runProcess({
      command: interpreter.executable,
      args: ['-X', 'utf8', '-B', join(req.runtimeDir, 'ldb_tracer.py'), configPath],
      cwd: dir,
      env: sandboxEnv(process.env),
      timeoutMs: req.limits.timeoutMs + HARD_KILL_GRACE_MS,
      maxStdoutBytes: req.limits.maxStdoutBytes,
      maxStderrBytes: req.limits.maxStderrBytes,
      ...(req.signal ? { signal: req.signal } : {}),
    });
    if (proc.cancelled) throw new LdbError('cancelled', 'the test run was cancelled');
    const written = await readRuntimeResult(resultPath);
    return toRunResult(written, proc, req.limits, interpreter.version);
  });
}

function runtimeConfig(req: PythonTestRequest, resultPath: string): Record<string, unknown> {
  const { limits } = req;
  return {
    file: req.source.path,
    source: req.source.text.replace(/^\uFEFF/, ''),
    moduleName: moduleName(req.source.path),
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
        ? `the process group was killed ${HARD_KILL_GRACE_MS} ms after the limit`
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

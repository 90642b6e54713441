// Starting pytest on one item (`python -m pytest NODEID -p ldb_pytest_plugin`), apart from giving
// it its config: pytest imports itself and the plugin meanwhile (~100 ms), and the plugin waits on
// stdin for the config (the files segmented so far) before the first test runs. runItem.ts starts
// it when a trace gets there; the CLI's launcher starts it before the rest of LDB is loaded
// (headStart.ts). Everything here runs within the call when nothing needs awaiting (the
// interpreter probed before, the runtime compiled), hence node:fs's sync calls.
import { delimiter } from 'node:path';
import type { Settings } from '../../../settings';
import type { IsolationKind } from '../../../run/confinement';
import { programEnv } from '../../../run/env';
import { confinedCommand, decideIsolation, unwrapExit } from '../../../run/isolation';
import { newResultChannel } from '../../../run/resultChannel';
import { pendingInput } from '../../../run/pendingInput';
import { makeRunFolder, removedAfter, removeRunFolder } from '../../../run/runFolder';
import { runProcess, type ProcessResult } from '../../../run/sandbox';
import { knownInterpreter, resolveInterpreter, type Interpreter } from '../interpreter';
import { writeOverlayCopies } from '../overlayCopies';
import { ensureRuntimeBytecode, runtimeBytecodeReady } from '../runtimeBytecode';

/** The plugin's module name (ldb_pytest_plugin.py in the runtime folder). */
const PLUGIN = 'ldb_pytest_plugin';

/** What starting pytest on an item needs: all of it known before any file is segmented. */
export interface PytestLaunch {
  /** A node id, relative to the root (or a test file: see PytestItemRequest.firstFailing). */
  nodeId: string;
  /** The project root, a real path (the plugin compares real paths): pytest runs from it. */
  root: string;
  python: string;
  /** The folder the request is run from: where `python` is looked up (a pyenv shim's version). */
  cwd: string;
  runtimeDir: string;
  /** Folders the run reads besides the project root and the interpreter's own. */
  readable: readonly string[];
  /** Project files as a fix changed them (path -> text): imported from copies (ldb_overlay.py). */
  overlay?: ReadonlyMap<string, string>;
  settings: Settings;
  signal?: AbortSignal;
}

export type ChannelHandler = (chunk: Buffer, reply: (text: string) => void) => void;

/** pytest started on an item, its plugin waiting for the config. */
export interface StartedPytest {
  readonly launch: PytestLaunch;
  readonly interpreter: Interpreter;
  readonly isolation: IsolationKind;
  readonly resultFd: number;
  readonly resultToken: string;
  /** The overlay's copies (path -> copy) in the run's folder. */
  readonly overlayCopies: Record<string, string> | undefined;
  /**
   * Gives the plugin its config (a rejection stops the run: nothing to run) and answers what it
   * asks on the result pipe; resolves once pytest has ended and the run's folder is gone.
   */
  finish(config: Promise<string>, answer: ChannelHandler): Promise<ProcessResult>;
  /** Ends a run nobody will give a config to (pytest is stopped, the folder goes). */
  cancel(): void;
}

/** Starts pytest within this call, or undefined when the interpreter or the runtime must be awaited first. */
export function startPytestNow(launch: PytestLaunch): StartedPytest | undefined {
  const interpreter = knownInterpreter(launch.python, launch.cwd);
  // Not compiled yet: the run compiles it (once) and starts pytest after.
  if (interpreter === undefined || !runtimeBytecodeReady(interpreter, launch.runtimeDir)) return undefined;
  return startWith(launch, interpreter);
}

/** Starts pytest, probing the interpreter and compiling the runtime first when they must be. */
export async function startPytest(launch: PytestLaunch): Promise<StartedPytest> {
  const interpreter =
    knownInterpreter(launch.python, launch.cwd) ?? (await resolveInterpreter(launch.python, launch.cwd));
  // The plugin and the tracer's modules as bytecode (run with -B, and read-only when isolated,
  // Python would compile them at every start).
  await ensureRuntimeBytecode(interpreter, launch.runtimeDir);
  return startWith(launch, interpreter);
}

function startWith(launch: PytestLaunch, interpreter: Interpreter): StartedPytest {
  const limits = launch.settings;
  const isolation = decideIsolation(limits.isolation);
  const dir = makeRunFolder('ldb-pytest-');
  let overlayCopies: Record<string, string> | undefined;
  try {
    overlayCopies = writeOverlayCopies(dir, launch.overlay);
  } catch (e) {
    void removeRunFolder(dir);
    throw e;
  }
  const { fd, token } = newResultChannel();
  const env = programEnv(process.env, { runDir: dir });
  const userPath = (env.PYTHONPATH ?? '').split(delimiter).filter((p) => p !== '');
  env.PYTHONPATH = [launch.runtimeDir, ...userPath].join(delimiter);
  const command = confinedCommand(
    isolation,
    {
      readOnly: [...interpreter.dirs, launch.runtimeDir, launch.root, ...launch.readable, ...userPath],
      runDir: dir,
      cwd: launch.root,
      maxProcesses: limits.maxProcesses,
      supervisor: interpreter.executable,
    },
    interpreter.executable,
    // The run must leave nothing in the project (.pytest_cache, .pyc files).
    ['-X', 'utf8', '-B', '-m', 'pytest', launch.nodeId, '-p', PLUGIN, '-p', 'no:cacheprovider', '-q'],
  );
  const config = pendingInput();
  // The plugin asks nothing before it has its config; kept anyway, in order, until the answerer comes.
  let answer: ChannelHandler | undefined;
  const early: [Buffer, (text: string) => void][] = [];
  const proc = runProcess({
    ...command,
    cwd: launch.root,
    env,
    // pytest starts and collects before the test's own time limit begins.
    timeoutMs: limits.collectTimeoutMs + limits.timeoutMs + limits.killGraceMs,
    maxStdoutBytes: limits.maxStdoutBytes,
    maxStderrBytes: limits.maxStderrBytes,
    stdin: config.text,
    resultChannelBytes: 2 * limits.maxTraceBytes + 1024 * 1024,
    onChannel: (chunk, reply) => (answer ? answer(chunk, reply) : early.push([chunk, reply])),
    ...(launch.signal ? { signal: launch.signal } : {}),
  });
  const settled = removedAfter(proc, dir);
  return {
    launch,
    interpreter,
    isolation,
    resultFd: fd,
    resultToken: token,
    overlayCopies,
    async finish(given, answerer) {
      answer = answerer;
      for (const [chunk, reply] of early.splice(0)) answerer(chunk, reply);
      given.then(config.give, (e: unknown) => config.refuse(e instanceof Error ? e : new Error(String(e))));
      try {
        return unwrapExit(isolation, await proc);
      } finally {
        await settled;
      }
    },
    cancel() {
      config.refuse(new Error('no config'));
    },
  };
}

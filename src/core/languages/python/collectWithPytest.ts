// Collects a project's tests with pytest itself, in the interpreter chosen for the project:
// `python -m pytest --collect-only` with our plugin (runtime/ldb_collect.py) writing the items to a
// side file, in the sandbox, from the project root. pytest's human output is never parsed; what
// goes wrong is told in one line: pytest missing, a collection error (pytest's own line), a usage
// error, the time limit.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { badInput, LdbError } from '../../errors';
import type { InterpreterInfo } from '../../model';
import { programEnv } from '../../run/env';
import { confinedCommand, decideIsolation, unwrapExit } from '../../run/isolation';
import { resolveInterpreter } from './interpreter';
import { runProcess, type ProcessResult } from '../../run/sandbox';
import type { Settings } from '../../settings';
import { readPluginOutput, type PluginOutput } from './collectedTests';

/** The plugin's module name (ldb_collect.py in the runtime folder). */
const PLUGIN = 'ldb_collect';

export interface PytestCollectRequest {
  /** A test file or a folder, absolute; the root itself collects what the configuration says (testpaths). */
  target: string;
  /** The project root: the child's working directory. */
  root: string;
  /** The interpreter command or path, spawned as it is: pytest's plugin reports what it was. */
  command: string;
  /**
   * The interpreter probed: asked only when pytest wrote nothing, to say which interpreter lacks
   * pytest (or to throw the clear "not found" line when it cannot start).
   */
  describe: () => Promise<InterpreterInfo>;
  /** The folder holding ldb_collect.py (dist/python in the bundle). */
  runtimeDir: string;
  /** The folder the request is run from: where `command` is looked up (a pyenv shim's version). */
  cwd: string;
  limits: Pick<
    Settings,
    'collectTimeoutMs' | 'killGraceMs' | 'maxStdoutBytes' | 'maxStderrBytes' | 'isolation' | 'maxProcesses'
  >;
  signal?: AbortSignal;
}

export async function collectWithPytest(req: PytestCollectRequest): Promise<PluginOutput> {
  const dir = await mkdtemp(join(tmpdir(), 'ldb-collect-'));
  const out = join(dir, 'items.json');
  try {
    // Collecting imports the project's test modules and conftest: its code runs, so it runs as
    // every other run does (allow-listed environment, isolation), from the real executable.
    const isolation = decideIsolation(req.limits.isolation);
    const interpreter = await resolveInterpreter(req.command, req.cwd);
    const env = programEnv(process.env, { runDir: dir });
    const userPath = (env.PYTHONPATH ?? '').split(delimiter).filter((p) => p !== '');
    env.PYTHONPATH = [req.runtimeDir, ...userPath].join(delimiter);
    const readOnly = [...interpreter.dirs, req.runtimeDir, req.root, resolve(req.target), ...userPath];
    const command = confinedCommand(
      isolation,
      {
        readOnly,
        runDir: dir,
        cwd: req.root,
        maxProcesses: req.limits.maxProcesses,
        supervisor: interpreter.executable,
      },
      interpreter.executable,
      [
        '-X',
        'utf8',
        '-m',
        'pytest',
        '--collect-only',
        '-q',
        '-p',
        PLUGIN,
        // Collecting must leave nothing in the user's project (.pytest_cache).
        '-p',
        'no:cacheprovider',
        // One token: pytest would read a separate value as a path when it looks for its rootdir.
        `--ldb-collect-out=${out}`,
        ...(resolve(req.target) === resolve(req.root) ? [] : [req.target]),
      ],
    );
    const proc = await runProcess({
      ...command,
      cwd: req.root,
      env,
      timeoutMs: req.limits.collectTimeoutMs,
      killGraceMs: req.limits.killGraceMs,
      maxStdoutBytes: req.limits.maxStdoutBytes,
      maxStderrBytes: req.limits.maxStderrBytes,
      ...(req.signal ? { signal: req.signal } : {}),
    })
      .then((done) => unwrapExit(isolation, done))
      .catch(async (error: unknown) => {
        await req.describe(); // an interpreter that cannot start throws its one line here
        throw error;
      });
    if (proc.cancelled) throw new LdbError('cancelled', 'collecting the tests was cancelled');
    if (proc.timedOut)
      throw badInput(
        `pytest did not finish collecting ${req.target} within ${req.limits.collectTimeoutMs} ms (it imports every test module)`,
      );
    const output = readPluginOutput(await readFile(out, 'utf8').catch(() => ''));
    if (output === undefined) throw noOutput(await req.describe(), proc);
    const [first, ...more] = output.errors;
    if (first !== undefined) {
      const also = more.length > 0 ? ` (and ${more.length} more)` : '';
      throw badInput(`collection error in ${first.nodeid}: ${first.message}${also}`);
    }
    return output;
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 2 }).catch(() => undefined);
  }
}

/** pytest ended without the plugin writing: it is missing, or refused the command line. */
function noOutput(interpreter: InterpreterInfo, proc: ProcessResult): LdbError {
  const said = `${proc.stderr}\n${proc.stdout}`;
  if (/No module named '?pytest'?(?![\w.])/.test(said))
    return new LdbError(
      'interpreter',
      `pytest is not installed in ${interpreter.path} (Python ${interpreter.version}): run '${interpreter.path} -m pip install pytest' or choose another interpreter with --python`,
    );
  const lines = said
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const error = lines.find((l) => l.startsWith('ERROR:')) ?? lines[lines.length - 1];
  const how = proc.signal ? `was killed by ${proc.signal}` : `exited with code ${proc.exitCode}`;
  return badInput(`pytest ${how} without collecting: ${error ?? 'it said nothing'}`);
}

// The Python interpreter a setting names (`python3`, `py`, a path), resolved once to the real
// executable: a pyenv shim costs about 85 ms per start, more than a small traced test itself.
import { LdbError } from '../../errors';
import { probeEnv } from '../../run/env';
import { cachedProbe, executableFile, rememberProbe } from './interpreterCache';
import { runProcess } from '../../run/sandbox';
import { workingFolder } from '../../workingFolder';

export interface Interpreter {
  /** sys.executable: the binary itself, past shims and wrappers. */
  executable: string;
  /** `3.11.7` */
  version: string;
  major: number;
  minor: number;
  /**
   * Folders the interpreter reads when it runs a program: its prefixes, the folder of its real
   * executable, and the import path it starts with (site-packages). An isolated run shows exactly
   * these (read-only), besides the system's own folders and the project.
   */
  dirs: string[];
}

const MIN_VERSION: readonly [number, number] = [3, 8];
const PROBE = [
  'import os, sys',
  'print(sys.executable)',
  'print("%d.%d.%d" % sys.version_info[:3])',
  'dirs = [sys.prefix, sys.base_prefix, sys.exec_prefix, getattr(sys, "base_exec_prefix", sys.prefix),',
  '        os.path.dirname(os.path.realpath(sys.executable))]',
  'dirs += [p for p in sys.path[1:] if p and os.path.isdir(p)]',
  'print("\\0".join(os.path.realpath(d) for d in dirs))',
].join('\n');
const PROBE_TIMEOUT_MS = 15_000;

/** Both by the command and the folder it is run from: a pyenv shim picks its version by folder. */
const cache = new Map<string, Promise<Interpreter>>();
const resolved = new Map<string, Interpreter>();

function keyOf(command: string, cwd: string): string {
  return `${cwd}\0${command}`;
}

/**
 * The interpreter a command run from `cwd` (absent: see workingFolder.ts) resolved to earlier (in
 * this process, or on disk), without waiting.
 */
export function knownInterpreter(command: string, cwd?: string): Interpreter | undefined {
  const key = keyOf(command, workingFolder(cwd));
  const earlier = resolved.get(key);
  if (earlier !== undefined) return earlier;
  // Probed by an earlier process, and the executable has not changed since (interpreterCache.ts):
  // a real executable is the same interpreter from every folder.
  const file = executableFile(command);
  const known = file === undefined ? undefined : cachedProbe<Interpreter>(file);
  if (known !== undefined) resolved.set(key, known);
  return known;
}

function notFound(command: string, why?: string): LdbError {
  const detail = why ? ` (${why})` : '';
  return new LdbError(
    'interpreter',
    `Python interpreter '${command}' not found${detail}: install Python 3.8+ or set --python / ldb.python`,
  );
}

async function probe(command: string, cwd: string): Promise<Interpreter> {
  let run;
  try {
    run = await runProcess({
      command,
      args: ['-c', PROBE],
      // The folder the request is run from, as a shell's: pyenv picks the version from .python-version there.
      cwd,
      env: probeEnv(process.env),
      timeoutMs: PROBE_TIMEOUT_MS,
      maxStdoutBytes: 64 * 1024,
      maxStderrBytes: 64 * 1024,
    });
  } catch (error) {
    // ENOENT (no such command) says it all; EACCES (not executable) and the like are named.
    const code = (error as NodeJS.ErrnoException).code;
    throw notFound(command, code === 'ENOENT' ? undefined : code);
  }
  const [executable, version, dirLine] = run.stdout.trim().split(/\r?\n/);
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  if (run.exitCode !== 0 || !match) {
    // A pyenv shim for a version that is not installed exits 127 with a message on stderr.
    const said = run.stderr.trim().split(/\r?\n/)[0];
    throw notFound(command, run.timedOut ? 'it did not answer' : said || `exit code ${run.exitCode}`);
  }
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1])) {
    throw new LdbError(
      'interpreter',
      `Python interpreter '${command}' is Python ${version}: install Python 3.8+ or set --python / ldb.python`,
    );
  }
  const dirs = [...new Set((dirLine ?? '').split('\0').filter((d) => d !== ''))];
  return { executable: executable || command, version: match[0], major, minor, dirs };
}

/**
 * Resolves `command` run from `cwd` (absent: see workingFolder.ts) once per process; a failure is
 * not cached (the user may install Python).
 */
export function resolveInterpreter(command: string, cwd?: string): Promise<Interpreter> {
  const from = workingFolder(cwd);
  const key = keyOf(command, from);
  let pending = cache.get(key);
  if (pending === undefined) {
    const known = knownInterpreter(command, from);
    pending =
      known !== undefined
        ? Promise.resolve(known)
        : probe(command, from).then((found) => {
            resolved.set(key, found);
            const file = executableFile(command);
            if (file !== undefined) rememberProbe(file, found);
            return found;
          });
    cache.set(key, pending);
    void pending.catch(() => cache.delete(key));
  }
  return pending;
}

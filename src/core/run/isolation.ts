// OS isolation of a child: on Linux, bubblewrap (bwrap) puts it in new user, PID, IPC, UTS, cgroup
// and network namespaces, on a filesystem that shows only what the run needs (the system's
// programs and libraries, the interpreter's folders and the project, read-only) with a private
// writable run folder that is also its HOME and TMPDIR, a fresh /proc (the parent's environment
// is not there) and /dev. When the run ends the PID namespace ends, and every process in it.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import * as path from 'node:path';
import { LdbError } from '../errors';
import { bootStamp, fileStamp, readMachineCache, writeMachineCache } from './machineCache';

/** `auto`: isolate where the platform can, else say so and run; `required`: refuse; `off`: never. */
export type IsolationMode = 'auto' | 'required' | 'off';
export const ISOLATION_MODES: readonly IsolationMode[] = ['auto', 'required', 'off'];

/** How one run was confined: reported with its result. */
export type IsolationKind = 'bwrap' | 'none';

export interface Confinement {
  /** Folders the program may read (interpreter, project, runtime), bound read-only where they are. */
  readOnly: readonly string[];
  /** The run's own folder: the only writable place, also HOME and TMPDIR. */
  runDir: string;
  /** The working directory (one of the folders above); the run folder when absent. */
  cwd?: string;
}

export type IsolationSupport = { available: true; bwrap: string } | { available: false; why: string };

/** The system's own programs and libraries: always visible, read-only. */
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/opt'];
/**
 * From /etc only what programs need to start and to tell the time: the dynamic loader's cache,
 * the time zone, the alternatives links, the user and group names (no passwords live there), and
 * the interpreter's own configuration. Secrets in /etc (shadow, ssh keys, credentials) stay out.
 */
const ETC_ENTRIES = [
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/localtime',
  '/etc/timezone',
  '/etc/alternatives',
  '/etc/passwd',
  '/etc/group',
  '/etc/nsswitch.conf',
  '/etc/mime.types',
  '/etc/ssl/certs',
  '/etc/python3',
  '/etc/python3.11',
  '/etc/python3.12',
  '/etc/python3.13',
];
/** bwrap's own answer to a probe run: seconds, not a limit on user code. */
const PROBE_TIMEOUT_MS = 5_000;

let support: IsolationSupport | undefined;

/**
 * Whether bwrap is installed and can create its namespaces here (a container may forbid user
 * namespaces): found once per process by running `true` the way every run will be run.
 */
export function isolationSupport(): IsolationSupport {
  if (support !== undefined) return support;
  if (process.platform !== 'linux') {
    support = { available: false, why: `no OS isolation on ${process.platform} yet` };
    return support;
  }
  // LDB_BWRAP names a bubblewrap elsewhere (and lets tests see a machine without one).
  const named = process.env.LDB_BWRAP;
  const bwrap = named
    ? existsSync(named)
      ? named
      : undefined
    : ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap'].find((p) => existsSync(p));
  if (bwrap === undefined) {
    support = {
      available: false,
      why: named
        ? `there is no bubblewrap at ${named} (LDB_BWRAP)`
        : 'bubblewrap is not installed (apt-get install bubblewrap)',
    };
    return support;
  }
  // Whether bwrap works here is a fact of this machine and this boot: a CLI process does not
  // pay a bwrap start for it every time.
  const key = `${bwrap}\0${fileStamp(bwrap) ?? ''}\0${bootStamp()}`;
  const known = readMachineCache<IsolationSupport>(CACHE_NAME)[key];
  if (known !== undefined) {
    support = known;
    return support;
  }
  support = probeBwrap(bwrap);
  writeMachineCache(CACHE_NAME, key, support);
  return support;
}

const CACHE_NAME = 'isolation-v1';

function probeBwrap(bwrap: string): IsolationSupport {
  const runDir = mkdtempSync(path.join(tmpdir(), 'ldb-isolation-'));
  const probe = spawnSync(bwrap, [...bwrapArgs({ readOnly: [], runDir }), '--', '/bin/true'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: PROBE_TIMEOUT_MS,
  });
  rmSync(runDir, { recursive: true, force: true });
  if (probe.status !== 0) {
    const said = probe.stderr?.toString('utf8').trim().split('\n')[0] ?? '';
    return { available: false, why: `bubblewrap cannot create namespaces here${said ? `: ${said}` : ''}` };
  }
  return { available: true, bwrap };
}

/** Binds a path as it is: a symlink (merged /usr: /bin -> usr/bin) stays a symlink. */
function bindAsIs(p: string, args: string[], writable = false): void {
  let info;
  try {
    info = lstatSync(p);
  } catch {
    return; // not on this system
  }
  if (info.isSymbolicLink()) args.push('--symlink', readlinkSync(p), p);
  else args.push(writable ? '--bind' : '--ro-bind', p, p);
}

/** True when `p` lies inside one of `roots` (or is one). */
function within(p: string, roots: readonly string[]): boolean {
  return roots.some((r) => p === r || p.startsWith(r.endsWith('/') ? r : r + '/'));
}

/** The bwrap options that confine a run (the command follows `--`). */
export function bwrapArgs(c: Confinement): string[] {
  const args = [
    '--unshare-all',
    '--die-with-parent',
    // A new session: the program cannot reach our terminal (TIOCSTI) nor our process group.
    '--new-session',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
  ];
  for (const dir of SYSTEM_DIRS) bindAsIs(dir, args);
  for (const entry of ETC_ENTRIES) bindAsIs(entry, args);
  // Read-only folders outside the system ones, outermost first so that a nested one is not hidden.
  const extra = [...new Set(c.readOnly.map((p) => path.resolve(p)))]
    .filter((p) => !within(p, SYSTEM_DIRS) && existsSync(p))
    .sort((a, b) => a.length - b.length);
  for (const dir of extra) args.push('--ro-bind', dir, dir);
  const runDir = path.resolve(c.runDir);
  args.push(
    '--bind',
    runDir,
    runDir,
    '--chdir',
    path.resolve(c.cwd ?? runDir),
    '--setenv',
    'HOME',
    runDir,
    '--setenv',
    'TMPDIR',
    runDir,
  );
  return args;
}

/**
 * How a run is confined under `mode`: `required` without isolation here is an error that says
 * what to install; `auto` then runs without it (the faces tell the user once, see
 * isolationWarning).
 */
export function decideIsolation(mode: IsolationMode): IsolationKind {
  if (mode === 'off') return 'none';
  const found = isolationSupport();
  if (found.available) return 'bwrap';
  if (mode === 'required') {
    throw new LdbError(
      'isolation',
      `isolation is required but ${found.why}; install bubblewrap or run with --isolation auto`,
    );
  }
  return 'none';
}

/** What to tell the user once when `auto` runs without isolation; undefined when there is nothing to say. */
export function isolationWarning(mode: IsolationMode): string | undefined {
  if (mode !== 'auto') return undefined;
  const found = isolationSupport();
  return found.available
    ? undefined
    : `running code without OS isolation: ${found.why} (set --isolation required to refuse, off to silence this)`;
}

/** The command line that runs `command args` confined, or as it is when isolation is off. */
export function confinedCommand(
  kind: IsolationKind,
  c: Confinement,
  command: string,
  args: readonly string[],
): { command: string; args: string[] } {
  if (kind === 'none') return { command, args: [...args] };
  const found = isolationSupport();
  if (!found.available) throw new Error(`isolation: ${found.why}`); // decideIsolation checked it
  return { command: found.bwrap, args: [...bwrapArgs(c), '--', command, ...args] };
}

/**
 * bwrap ends with 128 + N when the program was killed by signal N: give the result the signal,
 * as an unconfined run reports it.
 */
export function unwrapExit<T extends { exitCode: number | null; signal: string | null }>(
  kind: IsolationKind,
  result: T,
): T {
  if (kind === 'none' || result.signal !== null || result.exitCode === null || result.exitCode <= 128)
    return result;
  const number = result.exitCode - 128;
  const name = Object.entries(constants.signals).find(([, n]) => n === number)?.[0];
  return name === undefined ? result : { ...result, exitCode: null, signal: name };
}

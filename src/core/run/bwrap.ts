// Linux isolation with bubblewrap (bwrap): new user, PID, IPC, UTS, cgroup and network namespaces,
// on a filesystem that shows only what the run needs (the system's programs and libraries, the
// interpreter's folders and the project, read-only) with a private writable run folder that is
// also its HOME and TMPDIR, a fresh /proc (the parent's environment is not there) and /dev. When
// the run ends the PID namespace ends, and every process in it.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Confinement, IsolationSupport } from './confinement';
import { bootStamp, fileStamp, readMachineCache, writeMachineCache } from './machineCache';

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
/** Processes of bwrap's own in the run: bwrap itself and the namespace's init (pid 1). */
export const BWRAP_PROCESSES = 2;

// v2: the entry is {ok, why?} (v1 held the whole support answer).
const CACHE_NAME = 'isolation-v2';

/**
 * Whether bwrap is installed and can create its namespaces here (a container may forbid user
 * namespaces): learnt by running `true` the way every run will be run, once per machine and boot.
 */
export function bwrapSupport(): IsolationSupport {
  // LDB_BWRAP names a bubblewrap elsewhere (and lets tests see a machine without one).
  const named = process.env.LDB_BWRAP;
  const bwrap = named
    ? existsSync(named)
      ? named
      : undefined
    : ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap'].find((p) => existsSync(p));
  if (bwrap === undefined) {
    return {
      available: false,
      why: named
        ? `there is no bubblewrap at ${named} (LDB_BWRAP)`
        : 'bubblewrap is not installed (apt-get install bubblewrap)',
    };
  }
  // Whether bwrap works here is a fact of this machine and this boot: a CLI process does not
  // pay a bwrap start for it every time.
  const key = `${bwrap}\0${fileStamp(bwrap) ?? ''}\0${bootStamp()}`;
  const known = readMachineCache<{ ok: true } | { ok: false; why: string }>(CACHE_NAME)[key];
  const found = known ?? probeBwrap(bwrap);
  if (known === undefined) writeMachineCache(CACHE_NAME, key, found);
  return found.ok ? { available: true, kind: 'bwrap', program: bwrap } : { available: false, why: found.why };
}

function probeBwrap(bwrap: string): { ok: true } | { ok: false; why: string } {
  const runDir = mkdtempSync(path.join(tmpdir(), 'ldb-isolation-'));
  const probe = spawnSync(bwrap, [...bwrapArgs({ readOnly: [], runDir }), '--', '/bin/true'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: PROBE_TIMEOUT_MS,
  });
  rmSync(runDir, { recursive: true, force: true });
  if (probe.status !== 0) {
    const said = probe.stderr?.toString('utf8').trim().split('\n')[0] ?? '';
    return { ok: false, why: `bubblewrap cannot create namespaces here${said ? `: ${said}` : ''}` };
  }
  return { ok: true };
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

/** How many links deep a command's path is followed (a loop ends there too). */
const MAX_LINKS = 8;

/**
 * The symbolic links on the way from `file` to what it names, each with its target as written:
 * `~/bin/python -> /usr/bin/python3.11`. The sandbox recreates the ones it does not show, so the
 * command runs by the path it was given (Python finds its prefix, or its venv, from that path)
 * without the folder holding the link becoming readable.
 */
function linkChain(file: string): { link: string; target: string }[] {
  const chain: { link: string; target: string }[] = [];
  for (let at = path.resolve(file); chain.length < MAX_LINKS;) {
    let target: string;
    try {
      if (!lstatSync(at).isSymbolicLink()) break;
      target = readlinkSync(at);
    } catch {
      break; // gone, or not ours to read: bwrap says so when it runs it
    }
    chain.push({ link: at, target });
    at = path.resolve(path.dirname(at), target);
  }
  return chain;
}

/** True when `p` lies inside one of `roots` (or is one). */
function within(p: string, roots: readonly string[]): boolean {
  return roots.some((r) => p === r || p.startsWith(r.endsWith('/') ? r : r + '/'));
}

/**
 * The bwrap options that confine a run (the command follows `--`). `cgroupNamespace: false` for a
 * run in a pids cgroup of its own: a cgroup namespace made inside such a cgroup costs ~13 ms here
 * (measured: 25 ms against 12 ms for bwrap /bin/true), and all it hides is the cgroup's name in
 * /proc/self/cgroup (there is no /sys in the sandbox to reach a cgroup by).
 */
export function bwrapArgs(
  c: Pick<Confinement, 'readOnly' | 'runDir' | 'cwd' | 'shownInPlace'>,
  cgroupNamespace = true,
  command?: string,
): string[] {
  const args = [
    // --unshare-all, spelt out: user, IPC, PID, network, UTS and (unless told not to) cgroup.
    '--unshare-user-try',
    '--unshare-ipc',
    '--unshare-pid',
    '--unshare-net',
    '--unshare-uts',
    ...(cgroupNamespace ? ['--unshare-cgroup-try'] : []),
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
  // The command named through links in folders the run does not see: the links alone (their
  // targets' folders are the caller's to make readable, as an interpreter's are).
  for (const { link, target } of command === undefined ? [] : linkChain(command))
    if (!within(link, [...SYSTEM_DIRS, ...extra])) args.push('--symlink', target, link);
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
  // Last: over the folders bound above.
  for (const { at, from } of c.shownInPlace ?? [])
    args.push('--ro-bind', path.resolve(from), path.resolve(at));
  return args;
}

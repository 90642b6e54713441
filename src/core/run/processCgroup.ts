// A pids cgroup per run, where this process may make one (root with a writable cgroup
// hierarchy, as on a CI machine or in a privileged container; a user with a delegated one). Two
// things no other mechanism gives as root: a process limit that holds (RLIMIT_NPROC does not bind
// uid 0), and every process of the run found and killed at its end wherever it went (setsid, a
// double fork, a dead supervisor): the kernel keeps them in the cgroup. The run joins it before
// anything of the run starts (`sh` moves itself in, then execs the command); inside bwrap
// there is no /sys, so the program cannot leave it. cgroup v1 (a `pids` hierarchy) and v2.
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { join, posix } from 'node:path';
import { bootStamp, readMachineCache, writeMachineCache } from './machineCache';

export interface RunCgroup {
  /** The file a process writes `0` to, to join (itself, with all it starts later). */
  joinFile: string;
  /** SIGKILL every process in the cgroup, until there is none left (bounded rounds). */
  killAll(): void;
  /** Removes the (emptied) cgroup; waits a little for the killed processes to be gone. */
  remove(): Promise<void>;
}

interface PidsHierarchy {
  version: 1 | 2;
  /** Where the runs' cgroups are made. */
  parent: string;
}

/**
 * The sh program that joins the cgroup through the file $0, then becomes the command. It writes
 * `0` (the writer itself), and on cgroup v1 to `tasks`: a thread moving itself is the one case
 * where the kernel skips the global lock that every other move takes, and waits an RCU grace
 * period for. Measured here (kernel 6.18, v1, both cores busy with LDB's own start): 12-20 ms
 * for `echo $$ > cgroup.procs`, 0-5 ms this way, on the path to the traced child's start. sh
 * has one thread, so moving it moves the process.
 */
export const JOIN_SCRIPT = 'echo 0 > "$0" && exec "$@"';
/** Rounds of reading cgroup.procs and killing what it lists: a fork loop cannot outrun them. */
const KILL_ROUNDS = 100;
/** How long removal waits for killed processes to leave the cgroup (mechanism, not a limit). */
const REMOVE_WAIT_MS = 1_000;
// An emptied cgroup may refuse removal for about a millisecond more (its state is freed after an
// RCU grace period): poll that finely, not to add a long sleep to every run.
const REMOVE_POLL_MS = 1;
const RUN_PREFIX = 'ldb-run-';
const CACHE_NAME = 'run-cgroups-v2';

let hierarchy: PidsHierarchy | null | undefined;
let made = 0;

/** Mount points of the cgroup filesystems (from /proc/self/mountinfo): the v1 pids one and v2's. */
function mounts(): { v1?: { root: string; at: string }; v2?: { root: string; at: string } } {
  const found: ReturnType<typeof mounts> = {};
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [before, after] = line.split(' - ');
    if (before === undefined || after === undefined) continue;
    const fields = before.split(' ');
    const [fstype, , superOptions] = after.split(' ');
    const root = fields[3];
    const at = fields[4];
    if (root === undefined || at === undefined) continue;
    if (fstype === 'cgroup' && superOptions?.split(',').includes('pids')) found.v1 ??= { root, at };
    if (fstype === 'cgroup2') found.v2 ??= { root, at };
  }
  return found;
}

/** This process's cgroup in a hierarchy (/proc/self/cgroup: `8:pids:/a/b`, v2 `0::/a/b`). */
function ownPath(controller: 'pids' | ''): string | undefined {
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    if (controller === '' ? controllers === '' : controllers.split(',').includes(controller))
      return line.slice(second + 1);
  }
  return undefined;
}

/** `own` as a folder of the mounted hierarchy (a container may mount a sub-tree as its root). */
function mounted(at: string, root: string, own: string): string {
  const relative = root !== '/' && own.startsWith(root) ? own.slice(root.length) : own;
  return join(at, relative);
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function findHierarchy(): PidsHierarchy | null {
  if (process.platform !== 'linux') return null;
  try {
    const { v1, v2 } = mounts();
    const v1Own = v1 && ownPath('pids');
    if (v1 && v1Own !== undefined) {
      const parent = mounted(v1.at, v1.root, v1Own);
      return writable(parent) ? { version: 1, parent } : null;
    }
    const v2Own = v2 && ownPath('');
    if (v2 && v2Own !== undefined) {
      const own = mounted(v2.at, v2.root, v2Own);
      // v2 gives controllers only to cgroups without processes of their own (but the root): the
      // runs go beside this process's cgroup, under its parent, unless it is the root.
      const parent = v2Own === '/' ? own : posix.dirname(own);
      if (!readFileSync(join(v2.at, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('pids')) return null;
      if (!writable(parent)) return null;
      const control = join(parent, 'cgroup.subtree_control');
      if (!readFileSync(control, 'utf8').split(/\s+/).includes('pids')) writeFileSync(control, '+pids');
      return { version: 2, parent };
    }
  } catch {
    // no cgroup filesystem, an unreadable one, a controller that cannot be enabled
  }
  return null;
}

/**
 * Where runs' cgroups can be made, learnt once per process. That a process can join one there is
 * a fact of this machine, boot, user and place, proven once by a probe cgroup joined by `sh` and
 * cached on disk: a CLI process does not pay that spawn every time.
 */
function pidsHierarchy(): PidsHierarchy | null {
  if (hierarchy !== undefined) return hierarchy;
  hierarchy = findHierarchy();
  if (hierarchy === null) return hierarchy;
  removeStale(hierarchy.parent);
  const key = `${bootStamp()}\0${process.getuid?.() ?? ''}\0${hierarchy.parent}`;
  const known = readMachineCache<boolean>(CACHE_NAME)[key];
  const joins = known ?? probeJoin(hierarchy);
  if (known === undefined) writeMachineCache(CACHE_NAME, key, joins);
  if (!joins) hierarchy = null;
  return hierarchy;
}

function probeJoin(h: PidsHierarchy): boolean {
  const probe = makeCgroup(h, 2);
  if (probe === undefined) return false;
  const joined =
    spawnSync('/bin/sh', ['-c', JOIN_SCRIPT, probe.joinFile, 'true'], { stdio: 'ignore' }).status === 0;
  void probe.remove();
  return joined;
}

/** Runs' cgroups that a process which died before removing them left behind. */
function removeStale(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent).filter((n) => n.startsWith(RUN_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const owner = Number(/^ldb-run-(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(owner) || alive(owner)) continue;
    const dir = join(parent, name);
    killAllIn(dir);
    try {
      rmdirSync(dir);
    } catch {
      // still busy: the next process tries again
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function members(dir: string): number[] {
  try {
    return readFileSync(join(dir, 'cgroup.procs'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map(Number);
  } catch {
    return [];
  }
}

function killAllIn(dir: string): void {
  try {
    writeFileSync(join(dir, 'cgroup.kill'), '1'); // v2 on Linux 5.14+: the whole cgroup at once
    return;
  } catch {
    // v1, or an older kernel: one by one
  }
  for (let round = 0; round < KILL_ROUNDS; round++) {
    const pids = members(dir);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
}

function makeCgroup(h: PidsHierarchy, maxTasks: number): RunCgroup | undefined {
  const dir = join(h.parent, `${RUN_PREFIX}${process.pid}-${++made}`);
  try {
    mkdirSync(dir);
  } catch {
    return undefined;
  }
  try {
    writeFileSync(join(dir, 'pids.max'), String(maxTasks));
  } catch {
    rmdirSync(dir);
    return undefined;
  }
  return {
    // v2 has no `tasks` (its `cgroup.threads` is for threaded cgroups only).
    joinFile: join(dir, h.version === 1 ? 'tasks' : 'cgroup.procs'),
    killAll: () => killAllIn(dir),
    remove: async () => {
      for (let waited = 0; ; waited += REMOVE_POLL_MS) {
        try {
          rmdirSync(dir);
          return;
        } catch {
          if (waited >= REMOVE_WAIT_MS) return; // removed by the next process (removeStale)
          killAllIn(dir);
          await new Promise((resolve) => setTimeout(resolve, REMOVE_POLL_MS));
        }
      }
    },
  };
}

/**
 * A cgroup for one run that allows at most `maxTasks` processes and threads at once, or undefined
 * where none can be made (the run is then limited by RLIMIT_NPROC, which binds a non-root user
 * only, and the time limit).
 */
export function openRunCgroup(maxTasks: number): RunCgroup | undefined {
  const h = pidsHierarchy();
  return h === null ? undefined : makeCgroup(h, maxTasks);
}

/** Whether runs get a pids cgroup here (README: what holds as root). */
export function runCgroupsAvailable(): boolean {
  return pidsHierarchy() !== null;
}

// Hard resource limits of a run. The Python runtime sets its own (it has `resource`); Node has no
// setrlimit, so its runs start through `prlimit` (util-linux), which sets them and execs the
// command: the limits are hard, and a process cannot raise a hard limit again.
//
// RLIMIT_NPROC counts every process and thread of the user on the machine, not the run's (a user
// namespace does not change that: its count is checked against the same limit at every level).
// A desktop session has hundreds: a limit of `maxProcesses` would fail the run's first fork, or
// Node's own threads. So a non-root run's limit is what the user has when it starts plus
// `maxProcesses`. As root the limit does not bind at all; the pids cgroup (processCgroup.ts) does.
import { existsSync, readdirSync, statSync } from 'node:fs';

export interface HardLimits {
  /** Largest file the program may write (RLIMIT_FSIZE). */
  fileBytes: number;
  /** Files open at once (RLIMIT_NOFILE). */
  openFiles: number;
  /** CPU seconds (RLIMIT_CPU): a backstop behind the time limit. */
  cpuSeconds: number;
  /** RLIMIT_NPROC, as processRlimit gives it. */
  processes: number;
  /** Private writable memory (RLIMIT_DATA: the heap, buffers, malloc), when the run's runtime has no limit of its own. */
  dataBytes?: number;
}

const PRLIMITS = ['/usr/bin/prlimit', '/bin/prlimit'];

/**
 * The processes and threads of this user now (Linux), or undefined where it cannot be told: one
 * stat per process, of its task folder, owned by its user, whose link count is its threads + 2.
 */
function userTasks(uid: number): number | undefined {
  let tasks = 0;
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const task = statSync(`/proc/${name}/task`);
        if (task.uid === uid) tasks += Math.max(1, task.nlink - 2);
      } catch {
        // ended meanwhile
      }
    }
  } catch {
    return undefined;
  }
  return tasks;
}

/**
 * RLIMIT_NPROC for a run allowed `maxProcesses` processes of its own: for a user, what they run
 * now plus that (Linux; elsewhere `maxProcesses` itself); for root, where it does not bind, the
 * same number, unused.
 */
export function processRlimit(maxProcesses: number): number {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0 || process.platform !== 'linux') return maxProcesses;
  return (userTasks(uid) ?? 0) + maxProcesses;
}

function prlimitPath(): string | undefined {
  return process.platform === 'linux' ? PRLIMITS.find((p) => existsSync(p)) : undefined;
}

/** Whether limitedCommand sets the limits here (Linux with util-linux's prlimit). */
export function hardLimitsApply(): boolean {
  return prlimitPath() !== undefined;
}

/**
 * `command args` started with these hard limits (and no core dumps), or as it is where there is
 * no prlimit (not Linux).
 */
export function limitedCommand(
  limits: HardLimits,
  command: string,
  args: readonly string[],
): { command: string; args: string[] } {
  const prlimit = prlimitPath();
  if (prlimit === undefined) return { command, args: [...args] };
  const hard = (n: number): string => `${Math.max(0, Math.floor(n))}:${Math.max(0, Math.floor(n))}`;
  return {
    command: prlimit,
    args: [
      `--fsize=${hard(limits.fileBytes)}`,
      `--nofile=${hard(limits.openFiles)}`,
      `--cpu=${hard(limits.cpuSeconds)}`,
      `--nproc=${hard(limits.processes)}`,
      '--core=0:0',
      ...(limits.dataBytes !== undefined ? [`--data=${hard(limits.dataBytes)}`] : []),
      '--',
      command,
      ...args,
    ],
  };
}

/** The hard limits of a run under these settings (the CPU budget: the time limit and its grace, plus 2 s). */
export function hardLimitsFor(l: {
  timeoutMs: number;
  killGraceMs: number;
  maxFileBytes: number;
  maxOpenFiles: number;
  maxProcesses: number;
}): HardLimits {
  return {
    fileBytes: l.maxFileBytes,
    openFiles: l.maxOpenFiles,
    cpuSeconds: Math.floor((l.timeoutMs + l.killGraceMs) / 1000) + 2,
    processes: processRlimit(l.maxProcesses),
  };
}

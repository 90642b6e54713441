// The one place in the code base that starts processes. A child runs in its own process group
// with stdin closed; at the time limit or on abort the whole group is killed (a program that
// forks cannot leave children behind), and output past the caps is read and dropped, so a
// program printing without end neither blocks on a full pipe nor fills our memory. A run may
// also have a supervisor (reaper.ts), asked to stop everything with SIGTERM, and a pids cgroup
// (processCgroup.ts) that limits its processes and through which every one of them is killed.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { JOIN_SCRIPT, openRunCgroup, type RunCgroup } from './processCgroup';

export interface ProcessRequest {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Wall-clock limit; the process group is killed when it is reached. */
  timeoutMs: number;
  /** Time between SIGTERM and SIGKILL to the group at the limit; 0 (the default) kills at once. */
  killGraceMs?: number;
  maxStdoutBytes: number;
  maxStderrBytes: number;
  signal?: AbortSignal;
  /**
   * Text for the child's stdin, which is then closed. A promise lets the child start before its
   * input is ready (the parent prepares it meanwhile); the time limit runs from when it is given.
   * Without it, stdin is closed from the start.
   */
  stdin?: string | Promise<string>;
  /**
   * Bytes to keep of a result channel: a pipe the child inherits as fd 3 (no path the program
   * could write to). Absent: no such pipe.
   */
  resultChannelBytes?: number;
  /**
   * The command's first process is a supervisor that kills every descendant on SIGTERM and then
   * exits (confinedCommand says so): at the limit it is asked first, the group killed after.
   */
  supervised?: boolean;
  /**
   * Processes and threads the run may have at once: the pids.max of a cgroup made for the run
   * where one can be (see processCgroup.ts). Absent: no cgroup.
   */
  processLimit?: number;
  /**
   * A conversation with the child: called with each chunk it writes on the result channel (kept
   * as well); `reply` writes to its stdin, which then stays open after `stdin` until it exits.
   */
  onChannel?: (chunk: Buffer, reply: (text: string) => void) => void;
}

export interface ProcessResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** Bytes the process wrote, kept or not. */
  stdoutBytes: number;
  stderrBytes: number;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
  /** What came on the result channel (fd 3), when one was asked for. */
  channel?: Buffer;
}

/**
 * After the process exits, how long its pipes may stay open: a descendant that left the process
 * group (setsid) can hold them, and we do not wait for it.
 */
const PIPE_CLOSE_WAIT_MS = 500;
/**
 * How long a supervisor asked to stop has to kill its descendants and exit before its process
 * group is killed (it may have been stopped or killed by the program).
 */
const SUPERVISOR_STOP_WAIT_MS = 500;

/** Collects a stream up to a byte cap and counts the rest. */
class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  total = 0;

  constructor(private readonly cap: number) {}

  add(chunk: Buffer): void {
    this.total += chunk.length;
    const room = this.cap - this.kept;
    if (room <= 0) return;
    const piece = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.chunks.push(piece);
    this.kept += piece.length;
  }

  get truncated(): boolean {
    return this.total > this.kept;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    // A cut in the middle of a UTF-8 sequence decodes as U+FFFD: drop it rather than show it.
    return this.truncated && text.endsWith('\uFFFD') ? text.slice(0, -1) : text;
  }
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    // No process groups: taskkill ends the process tree.
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on(
      'error',
      () => {},
    );
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function signalOne(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone
  }
}

export function runProcess(req: ProcessRequest): Promise<ProcessResult> {
  // Not `performance`: its first use loads perf_hooks (~1.5 ms), ahead of the spawn in `ldb trace`.
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  const started = now();
  const stdout = new CappedBuffer(req.maxStdoutBytes);
  const stderr = new CappedBuffer(req.maxStderrBytes);
  const channel = req.resultChannelBytes === undefined ? undefined : new CappedBuffer(req.resultChannelBytes);
  const result = (
    exitCode: number | null,
    signal: string | null,
    flags: { timedOut: boolean; cancelled: boolean },
  ): ProcessResult => ({
    exitCode,
    signal,
    stdout: stdout.text(),
    stderr: stderr.text(),
    stdoutTruncated: stdout.truncated,
    stderrTruncated: stderr.truncated,
    stdoutBytes: stdout.total,
    stderrBytes: stderr.total,
    ...flags,
    durationMs: now() - started,
    ...(channel ? { channel: channel.bytes() } : {}),
  });

  if (req.signal?.aborted) {
    return Promise.resolve(result(null, null, { timedOut: false, cancelled: true }));
  }

  // The cgroup is joined by the run's first process before it becomes the command: nothing of the
  // run exists outside it.
  const cgroup: RunCgroup | undefined =
    req.processLimit === undefined ? undefined : openRunCgroup(req.processLimit);
  const [command, args] = cgroup
    ? ['/bin/sh', ['-c', JOIN_SCRIPT, cgroup.joinFile, req.command, ...req.args]]
    : [req.command, req.args];

  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: req.cwd,
      env: req.env,
      detached: true,
      stdio: [
        req.stdin === undefined ? 'ignore' : 'pipe',
        'pipe',
        'pipe',
        ...(channel ? ['pipe' as const] : []),
      ],
      windowsHide: true,
    }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
    const flags = { timedOut: false, cancelled: false };
    let exit: { code: number | null; signal: string | null } | undefined;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    const finish = (): void => {
      if (settled || exit === undefined) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      req.signal?.removeEventListener('abort', onAbort);
      const done = result(exit.code, exit.signal, flags);
      // Resolved once the run's cgroup is gone: every process of the run has ended by then.
      if (cgroup) void cgroup.remove().then(() => resolve(done));
      else resolve(done);
    };
    const killAll = (): void => {
      cgroup?.killAll();
      killGroup(child.pid, 'SIGKILL');
    };
    const stop = (): void => {
      const grace = req.killGraceMs ?? 0;
      if (req.supervised && !cgroup) {
        // SIGCONT first: the program may have stopped its supervisor.
        signalOne(child.pid, 'SIGCONT');
        signalOne(child.pid, 'SIGTERM');
        timers.push(setTimeout(killAll, SUPERVISOR_STOP_WAIT_MS));
      } else if (grace > 0) {
        killGroup(child.pid, 'SIGTERM');
        timers.push(setTimeout(killAll, grace));
      } else {
        killAll();
      }
    };
    const onAbort = (): void => {
      if (exit !== undefined) return;
      flags.cancelled = true;
      stop();
    };

    child.stdout.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
    const channelStream = channel ? (child.stdio[3] as Readable | null) : null;
    const reply = (text: string): void => {
      if (!settled && exit === undefined) child.stdin?.write(text);
    };
    channelStream?.on('data', (chunk: Buffer) => {
      channel?.add(chunk);
      req.onChannel?.(chunk, reply);
    });
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      req.signal?.removeEventListener('abort', onAbort);
      if (cgroup) void cgroup.remove().then(() => reject(error));
      else reject(error);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      if (req.onChannel) child.stdin?.destroy(); // left open for the conversation: nobody reads it now
      // Whatever the child left running in its group (or its cgroup) goes with it.
      killAll();
      timers.push(
        setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          channelStream?.destroy();
          finish();
        }, PIPE_CLOSE_WAIT_MS),
      );
    });
    child.on('close', finish);

    const armTimeout = (): void => {
      timers.push(
        setTimeout(() => {
          if (exit !== undefined) return; // exited in time; only its pipes are still open
          flags.timedOut = true;
          stop();
        }, req.timeoutMs),
      );
    };
    if (req.stdin === undefined) armTimeout();
    else {
      // Input that never comes must not leave the child waiting forever.
      let given = false;
      timers.push(
        setTimeout(() => {
          if (given || exit !== undefined) return;
          flags.cancelled = true;
          stop();
        }, req.timeoutMs),
      );
      // A child that dies before reading all of its input must not crash us with EPIPE.
      child.stdin?.on('error', () => undefined);
      Promise.resolve(req.stdin).then(
        (text) => {
          given = true;
          if (settled || exit !== undefined) return;
          if (req.onChannel) child.stdin?.write(text);
          else child.stdin?.end(text);
          armTimeout();
        },
        () => {
          flags.cancelled = true; // the input could not be made: nothing to run
          stop();
        },
      );
    }
    req.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

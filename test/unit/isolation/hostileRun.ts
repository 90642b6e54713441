// What the hostile suites share: `ldb trace` run as a user runs it (the built CLI, secrets in its
// environment, optionally as another user), where the fixtures are, and what is left running.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST_DIR, FIXTURES_DIR } from '../../support/paths';

export const PY_HOSTILE = join(FIXTURES_DIR, 'python', 'hostile');
export const JS_HOSTILE = join(FIXTURES_DIR, 'js', 'hostile');
export const SECRET = 'sk-ldb-hostile-secret';
/** The unprivileged user the suites run `ldb` as when they run as root: RLIMIT_NPROC binds it. */
export const NOBODY = { uid: 65534, gid: 65534 };

export interface Traced {
  code: number;
  stderr: string;
  json?: {
    outcome: { status: string; actual?: string; exception?: { type: string; message: string } };
    isolation: string;
    visits: unknown[];
  };
}

export function ldbTrace(
  file: string,
  test: string,
  env: NodeJS.ProcessEnv,
  extra: string[] = [],
  as?: { uid: number; gid: number },
): Promise<Traced> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(DIST_DIR, 'cli.js'), 'trace', file, '--test', test, '--json', ...extra],
      { env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024, ...(as ?? {}) },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        let json: Traced['json'];
        try {
          json = JSON.parse(stdout) as Traced['json'];
        } catch {
          json = undefined;
        }
        resolve({ code, stderr, ...(json ? { json } : {}) });
      },
    );
  });
}

/** The environment of a user with secrets: an API key, tokens, a database URL, an agent socket. */
export function userEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    OPENAI_API_KEY: SECRET,
    LDB_API_KEY: SECRET,
    GITHUB_PAT: SECRET,
    DATABASE_URL: `postgres://u:${SECRET}@db/x`,
    SSH_AUTH_SOCK: '/tmp/agent.sock',
    VSCODE_IPC_HOOK_CLI: '/tmp/vscode.sock',
    LDB_ISOLATION: 'required',
  };
}

/** A home folder with a secret in it, another user's as far as the program knows. */
export function otherHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'ldb-hostile-other-'));
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  writeFileSync(join(home, '.ssh', 'id_rsa'), SECRET, { mode: 0o600 });
  return home;
}

/** A folder anyone may write to (the daemon's pid file), and a home of its own for `as`. */
export function sharedFolder(prefix: string, owner?: { uid: number; gid: number }): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  else chmodSync(dir, 0o777);
  return dir;
}

/** Pids of the processes whose command line has `marker` as one of its words. */
export function processesNamed(marker: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(marker)) found.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Whether `pid` is a live process (not a zombie awaiting its reaper). */
export function running(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** A marker no other run uses: the daemon sleeps for that many seconds, under that name. */
export function daemonMarker(): string {
  return `${1000 + Math.floor(Math.random() * 1000)}.${process.pid}`;
}

/**
 * `[23, 1, 'EAGAIN']` (Python's repr, or the actual side of node:assert's diff, `+` marks and line
 * breaks between) as [children, threads, error].
 */
export function forkReport(text: string | undefined): [number, number, string | null] {
  const flat = (text ?? '').replace(/\+/g, ' ').replace(/\s+/g, ' ');
  const found = /\[\s*(\d+),\s*(\d+),\s*(?:'|")?(\w+)(?:'|")?\s*\]/.exec(flat);
  if (!found) throw new Error(`not a fork report: ${text}`);
  const error = found[3] === 'None' || found[3] === 'null' ? null : (found[3] ?? null);
  return [Number(found[1]), Number(found[2]), error];
}

/**
 * Tasks the user may start or end elsewhere while a run counted against RLIMIT_NPROC is on: the
 * limit is the user's tasks when the run starts plus maxProcesses (run/rlimits.ts).
 */
const OTHER_TASKS_SLACK = 32;

/**
 * A fork bomb's report, checked against the limit: its fork failed with EAGAIN, and its processes
 * and threads were exactly `max` where the run had a pids cgroup, about that where RLIMIT_NPROC
 * counted them. Root without a cgroup has no process limit: the test then fails, saying so.
 */
export function assertForkLimit(
  report: string | undefined,
  max: number,
  ran: { cgroup: boolean; root: boolean },
): void {
  const { cgroup, root } = ran;
  const [children, threads, error] = forkReport(report);
  const said = `${children} children and ${threads} threads, then ${error ?? 'no error'}`;
  if (!cgroup && root)
    assert.fail(`as root without a pids cgroup nothing limits processes (README, Safety): ${said}`);
  assert.equal(error, 'EAGAIN', said);
  if (cgroup) assert.equal(children + threads, max, said);
  else assert.ok(children + threads <= max + OTHER_TASKS_SLACK, said);
}

/** Waits a little: a process killed at the end of the run is gone from /proc a moment later. */
export function settle(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// macOS isolation with sandbox-exec (Seatbelt), of the same intent as bubblewrap on Linux: no
// network, no write outside the run's own folder (its HOME and TMPDIR), and no read of the home
// folders (the user's and everyone else's under /Users) except the project, the interpreter and
// the runtime. Apple marks sandbox-exec deprecated but ships it; the profile language (SBPL) is
// undocumented and evaluated last-match-wins, so every `allow` below follows the `deny` it narrows.
// Not isolated: processes (no PID namespace; the process group is killed at the end) and IPC to
// system services (mach-lookup stays allowed: the interpreter's own start-up needs some).
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { Confinement, IsolationSupport } from './confinement';
import { fileStamp, readMachineCache, writeMachineCache } from './machineCache';

export const SANDBOX_EXEC = '/usr/bin/sandbox-exec';
/** The smallest profile: whether sandbox-exec runs at all here (it may be removed some day). */
const PROBE_PROFILE = '(version 1)(allow default)';
const PROBE_TIMEOUT_MS = 5_000;
const CACHE_NAME = 'isolation-sandbox-exec-v1';

/** Whether `sandbox-exec` runs here: learnt once per machine (per sandbox-exec binary). */
export function sandboxExecSupport(): IsolationSupport {
  if (!existsSync(SANDBOX_EXEC)) return { available: false, why: `there is no ${SANDBOX_EXEC}` };
  const key = fileStamp(SANDBOX_EXEC) ?? '';
  const known = readMachineCache<{ ok: true } | { ok: false; why: string }>(CACHE_NAME)[key];
  const found = known ?? probeSandboxExec();
  if (known === undefined) writeMachineCache(CACHE_NAME, key, found);
  return found.ok
    ? { available: true, kind: 'sandbox-exec', program: SANDBOX_EXEC }
    : { available: false, why: found.why };
}

function probeSandboxExec(): { ok: true } | { ok: false; why: string } {
  const probe = spawnSync(SANDBOX_EXEC, ['-p', PROBE_PROFILE, '/usr/bin/true'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: PROBE_TIMEOUT_MS,
  });
  if (probe.status === 0) return { ok: true };
  const said = probe.stderr?.toString('utf8').trim().split('\n')[0] ?? '';
  return { ok: false, why: `sandbox-exec does not run here${said ? `: ${said}` : ''}` };
}

/** What the profile is made of: real paths (macOS: /var and /tmp are links into /private). */
export interface ProfilePaths {
  /** The run's folder: the only writable place. */
  runDir: string;
  /** Folders the program reads (project, interpreter, runtime), readable even inside a home. */
  readOnly: readonly string[];
  /** The user's home folder, unreadable but for the folders above. */
  home: string;
}

/** Where users' home folders live on macOS: all of them unreadable, not only the user's. */
const HOMES_ROOT = '/Users';

/**
 * A path as an SBPL string literal. Backslash and double quote are escaped, as are the line
 * breaks and tabs the reader knows; any other control character cannot be written safely, so a
 * path holding one is refused (the run is then not confined, and `required` refuses it).
 */
export function sbplString(p: string): string {
  const bad = [...p].find((ch) => {
    const code = ch.charCodeAt(0);
    return (code < 0x20 && !'\n\r\t'.includes(ch)) || code === 0x7f;
  });
  if (bad !== undefined)
    throw new Error(
      `cannot confine a path holding the control character U+${bad.charCodeAt(0).toString(16).padStart(4, '0')}: ${JSON.stringify(p)}`,
    );
  const escaped = p
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

function inside(p: string, root: string): boolean {
  return p === root || p.startsWith(root.endsWith('/') ? root : root + '/');
}

/** The folders between `root` (included) and `p` (excluded): what a lookup of `p` must stat. */
function foldersAbove(p: string, root: string): string[] {
  const out: string[] = [];
  for (let dir = path.dirname(p); inside(dir, root); dir = path.dirname(dir)) {
    out.unshift(dir);
    if (dir === root || dir === path.dirname(dir)) break;
  }
  return out;
}

/**
 * The Seatbelt profile of one run (pure: the same paths give the same text). Paths are used as
 * given; confinedCommand passes real paths (macSandboxPaths).
 */
export function sandboxProfile(paths: ProfilePaths): string {
  const runDir = path.resolve(paths.runDir);
  const home = path.resolve(paths.home);
  const readable = [...new Set([...paths.readOnly.map((p) => path.resolve(p)), runDir])];
  // The user's home is under /Users, except root's (/private/var/root) and unusual set-ups.
  const hidden = inside(home, HOMES_ROOT) ? [HOMES_ROOT] : [HOMES_ROOT, home];
  // Every folder above a readable one, inside a hidden root: looked up (stat), never listed.
  const lookups = [
    ...new Set(
      readable.flatMap((p) =>
        hidden.filter((root) => inside(p, root)).flatMap((root) => foldersAbove(p, root)),
      ),
    ),
  ].sort();
  const list = (kind: 'subpath' | 'literal', ps: readonly string[]): string =>
    ps.map((p) => `\n  (${kind} ${sbplString(p)})`).join('');
  return [
    '(version 1)',
    "; LDB's confinement of one run (src/core/run/sandboxExec.ts). Last matching rule wins.",
    '(allow default)',
    '; No network: no connection out or in, not even the loopback or a local socket.',
    '(deny network*)',
    '; Writes only to the run folder (also HOME and TMPDIR) and the standard devices.',
    '(deny file-write*)',
    `(allow file-write*${list('subpath', [runDir, '/dev/fd'])}${list('literal', WRITABLE_DEVICES)})`,
    '; No reads in the home folders (yours and every user under /Users) ...',
    `(deny file-read*${list('subpath', hidden)})`,
    '; ... but for the project, the interpreter, the runtime and the run folder,',
    `(allow file-read*${list('subpath', readable)})`,
    '; ... and a look-up (not a listing) of the folders above them.',
    ...(lookups.length > 0 ? [`(allow file-read-metadata${list('literal', lookups)})`] : []),
    '',
  ].join('\n');
}

/** Devices a program writes to without that being a write to the disk. */
const WRITABLE_DEVICES = ['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/dtracehelper'];

/** The real path of `p` (macOS: /var/folders -> /private/var/folders), or `p` when it is missing. */
function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** The profile's paths for a confinement, as real paths. */
export function macSandboxPaths(c: Pick<Confinement, 'readOnly' | 'runDir'>): ProfilePaths {
  return { runDir: real(c.runDir), readOnly: c.readOnly.map(real), home: real(homedir()) };
}

// How a run is confined, and the command line that does it. OS isolation: bubblewrap on Linux
// (bwrap.ts), sandbox-exec on macOS (sandboxExec.ts), none on Windows. Whatever the isolation,
// on Linux: a supervisor that kills every descendant when an unisolated run ends (reaper.ts; a
// PID namespace does it under bwrap), hard limits for a runtime that cannot set its own
// (rlimits.ts), and a pids cgroup where one can be made (processCgroup.ts, joined in sandbox.ts).
import { constants } from 'node:os';
import { LdbError } from '../errors';
import { BWRAP_PROCESSES, bwrapArgs, bwrapSupport } from './bwrap';
import { runCgroupsAvailable } from './processCgroup';
import { REAPER_PROCESSES, reapedCommand, systemPython } from './reaper';
import type { ConfinedCommand, Confinement, IsolationKind, IsolationSupport } from './confinement';
import { limitedCommand } from './rlimits';
import { macSandboxPaths, sandboxExecSupport, sandboxProfile } from './sandboxExec';

/** `auto`: isolate where the platform can, else say so and run; `required`: refuse; `off`: never. */
export type IsolationMode = 'auto' | 'required' | 'off';
export const ISOLATION_MODES: readonly IsolationMode[] = ['auto', 'required', 'off'];
export type { ConfinedCommand, Confinement, IsolationKind, IsolationSupport };

const PLATFORM_NAMES: Partial<Record<NodeJS.Platform, string>> = { win32: 'Windows' };
const supportByPlatform = new Map<NodeJS.Platform, IsolationSupport>();

/**
 * Whether this platform's OS isolation works here: found once per process (and cached on disk per
 * machine, see bwrap.ts and sandboxExec.ts). `platform` is for tests of other platforms' paths.
 */
export function isolationSupport(platform: NodeJS.Platform = process.platform): IsolationSupport {
  const known = supportByPlatform.get(platform);
  if (known !== undefined) return known;
  const found: IsolationSupport =
    platform === 'linux'
      ? bwrapSupport()
      : platform === 'darwin'
        ? sandboxExecSupport()
        : { available: false, why: `LDB has no OS isolation on ${PLATFORM_NAMES[platform] ?? platform}` };
  supportByPlatform.set(platform, found);
  return found;
}

/**
 * How a run is confined under `mode`: `required` without isolation here is an error that says
 * what to do; `auto` then runs without it (the faces tell the user once, see isolationWarning).
 */
export function decideIsolation(mode: IsolationMode, found?: IsolationSupport): IsolationKind {
  if (mode === 'off') return 'none';
  const support = found ?? isolationSupport();
  if (support.available) return support.kind;
  if (mode === 'required') {
    throw new LdbError(
      'isolation',
      `isolation is required but ${support.why}; ${process.platform === 'linux' ? 'install bubblewrap or ' : ''}run with --isolation auto`,
    );
  }
  return 'none';
}

/** What to tell the user once when `auto` runs without isolation; undefined when there is nothing to say. */
export function isolationWarning(mode: IsolationMode, found?: IsolationSupport): string | undefined {
  if (mode !== 'auto') return undefined;
  const support = found ?? isolationSupport();
  return support.available
    ? undefined
    : `running code without OS isolation: ${support.why} (set --isolation required to refuse, off to silence this)`;
}

/** The command line that runs `command args` confined as `kind` says. */
export function confinedCommand(
  kind: IsolationKind,
  c: Confinement,
  command: string,
  args: readonly string[],
): ConfinedCommand {
  const inner = c.hardLimits ? limitedCommand(c.hardLimits, command, args) : { command, args: [...args] };
  if (kind === 'none') {
    // Where the run gets a pids cgroup, the cgroup is what finds and kills every descendant (even
    // after the program killed a supervisor): no supervisor's interpreter start to pay.
    const python =
      process.platform === 'linux' && !runCgroupsAvailable() ? (c.supervisor ?? systemPython()) : undefined;
    if (python === undefined) return { ...inner, supervised: false, processLimit: c.maxProcesses };
    return {
      ...reapedCommand(python, inner.command, inner.args),
      supervised: true,
      processLimit: c.maxProcesses + REAPER_PROCESSES,
    };
  }
  const found = isolationSupport();
  if (!found.available || found.kind !== kind) throw new Error(`isolation: ${kind} is not available`); // decideIsolation checked it
  if (kind === 'sandbox-exec') {
    return {
      command: found.program,
      args: ['-p', sandboxProfile(macSandboxPaths(c)), inner.command, ...inner.args],
      supervised: false,
      processLimit: c.maxProcesses,
    };
  }
  return {
    command: found.program,
    args: [...bwrapArgs(c, !runCgroupsAvailable(), command), '--', inner.command, ...inner.args],
    supervised: false,
    processLimit: c.maxProcesses + BWRAP_PROCESSES,
  };
}

/**
 * bwrap ends with 128 + N when the program was killed by signal N: give the result the signal,
 * as an unconfined run reports it (the supervisor and sandbox-exec pass the signal on as it was).
 */
export function unwrapExit<T extends { exitCode: number | null; signal: string | null }>(
  kind: IsolationKind,
  result: T,
): T {
  if (kind !== 'bwrap' || result.signal !== null || result.exitCode === null || result.exitCode <= 128)
    return result;
  const number = result.exitCode - 128;
  const name = Object.entries(constants.signals).find(([, n]) => n === number)?.[0];
  return name === undefined ? result : { ...result, exitCode: null, signal: name };
}

// What confining a run is made of: the kinds of isolation, what a platform offers, what a run
// needs visible and limited, and the command line that results. Types only, shared by
// isolation.ts and the platform modules (bwrap.ts, sandboxExec.ts) without an import cycle.
import type { HardLimits } from './rlimits';

/** How one run was confined: reported with its result. */
export type IsolationKind = 'bwrap' | 'sandbox-exec' | 'none';

export type IsolationSupport =
  | { available: true; kind: Exclude<IsolationKind, 'none'>; program: string }
  | { available: false; why: string };

export interface Confinement {
  /** Folders the program may read (interpreter, project, runtime), bound read-only where they are. */
  readOnly: readonly string[];
  /** The run's own folder: the only writable place, also HOME and TMPDIR. */
  runDir: string;
  /** The working directory (one of the folders above); the run folder when absent. */
  cwd?: string;
  /** settings.maxProcesses: processes and threads of the run's own at once. */
  maxProcesses: number;
  /** The Python 3 that supervises a run without isolation (the run's own interpreter); else python3. */
  supervisor?: string;
  /** Hard limits set before the command starts, for a runtime that cannot set its own (Node). */
  hardLimits?: HardLimits;
  /**
   * Files the run sees at a path in place of what is there (bwrap only): `from`, a file of the run
   * folder, shown read-only at `at`. The file on disk is not touched; only the sandbox sees this.
   */
  shownInPlace?: readonly { at: string; from: string }[];
}

/** A confined command line and what runProcess needs to know about it. */
export interface ConfinedCommand {
  command: string;
  args: string[];
  /** The first process is the supervisor (reaper.ts): it is asked to stop with SIGTERM. */
  supervised: boolean;
  /** Processes and threads the whole run may have at once, ours (bwrap, supervisor) included. */
  processLimit: number;
}

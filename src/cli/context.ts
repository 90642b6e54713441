// What a command gets from the process: streams, environment, assets, cancellation. Tests call
// commands in-process with their own context.
import type { Assets } from '../core/trace/tracing';
import type { HeadStart } from './headStart';

export interface CommandContext {
  assets: Assets;
  /**
   * The shell's working folder: what runs are started from (a project without configuration
   * reaches up to it, node ids and relative --python paths are read from it), as pytest's are.
   */
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  signal: AbortSignal;
  /** True when stdout is a terminal (progress bars, colours). */
  isTty: boolean;
  /** What the launcher started ahead for this command line (`ldb trace` only). */
  headStart?: HeadStart;
}

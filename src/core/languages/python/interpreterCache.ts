// What probing an interpreter found, kept on disk between processes: `ldb trace` is one process
// per run, and asking the interpreter about itself costs one more interpreter start (20-90 ms).
// Only a real executable is remembered (an absolute path, or a binary found on PATH), keyed by its
// path and checked against its size and modification time; a script such as a pyenv shim picks
// its interpreter anew every time (by folder, by environment) and is always asked.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { fileStamp, readMachineCache, writeMachineCache } from '../../run/machineCache';

export interface CachedProbe<T> {
  stamp: string;
  found: T;
}

const CACHE_NAME = 'interpreters-v1';

/** The file a command runs, when it is a real executable (not a `#!` script); else undefined. */
export function executableFile(command: string): string | undefined {
  const candidates = isAbsolute(command)
    ? [command]
    : command.includes('/') || command.includes('\\')
      ? []
      : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, command));
  for (const file of candidates) {
    try {
      if (!statSync(file).isFile()) continue;
      const fd = openSync(file, 'r');
      const head = Buffer.alloc(2);
      try {
        readSync(fd, head, 0, 2, 0);
      } finally {
        closeSync(fd);
      }
      return head.toString('latin1') === '#!' ? undefined : file;
    } catch {
      continue;
    }
  }
  return undefined;
}

/** What was found for `file` earlier, if the file has not changed since. */
export function cachedProbe<T>(file: string): T | undefined {
  const entry = readMachineCache<CachedProbe<T>>(CACHE_NAME)[file];
  return entry !== undefined && entry.stamp === fileStamp(file) ? entry.found : undefined;
}

/** Remembers what was found for `file`. */
export function rememberProbe<T>(file: string, found: T): void {
  const stamp = fileStamp(file);
  if (stamp !== undefined) writeMachineCache<CachedProbe<T>>(CACHE_NAME, file, { stamp, found });
}

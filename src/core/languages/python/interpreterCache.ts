// What probing an interpreter found, kept on disk between processes: `ldb trace` is one process
// per run, and asking the interpreter about itself costs one more interpreter start (20-90 ms).
// Only a real executable is remembered (an absolute path, or a binary found on PATH), keyed by its
// path and checked against its size and modification time; a script such as a pyenv shim picks
// its interpreter anew every time (by folder, by environment) and is always asked.
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';

export interface CachedProbe<T> {
  /** The file the command names: the cache key. */
  file: string;
  stamp: string;
  found: T;
}

const CACHE_VERSION = 1;

function cacheFile(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'ldb', `interpreters-v${CACHE_VERSION}.json`);
}

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

function stampOf(file: string): string | undefined {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}:${s.ino}`;
  } catch {
    return undefined;
  }
}

function readAll<T>(): Record<string, CachedProbe<T>> {
  try {
    return JSON.parse(readFileSync(cacheFile(), 'utf8')) as Record<string, CachedProbe<T>>;
  } catch {
    return {};
  }
}

/** What was found for `file` earlier, if the file has not changed since. */
export function cachedProbe<T>(file: string): T | undefined {
  const entry = readAll<T>()[file];
  return entry !== undefined && entry.stamp === stampOf(file) ? entry.found : undefined;
}

/** Remembers what was found for `file`; a cache that cannot be written is no error. */
export function rememberProbe<T>(file: string, found: T): void {
  const stamp = stampOf(file);
  if (stamp === undefined) return;
  try {
    const all = readAll<T>();
    all[file] = { file, stamp, found };
    const target = cacheFile();
    mkdirSync(join(target, '..'), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all));
    renameSync(tmp, target);
  } catch {
    // read-only home, full disk: the next process probes again
  }
}

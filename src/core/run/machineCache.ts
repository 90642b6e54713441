// Facts about this machine that cost a process start to learn (does bubblewrap work here? what
// is this interpreter?), kept on disk between `ldb` processes under the user's cache folder. Each
// entry says what it depends on (a file's size and time, the boot) and is dropped when that
// changed; a cache that cannot be read or written is no error, only a slower start.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The folder of LDB's machine caches: `$XDG_CACHE_HOME/ldb`, else `~/.cache/ldb`. */
export function machineCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ldb');
}

function cacheFile(name: string): string {
  return join(machineCacheDir(), `${name}.json`);
}

/** Size, time and inode of a file: what says it was not replaced. Undefined when it is missing. */
export function fileStamp(file: string): string | undefined {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/** This boot of the machine (Linux), so that a fact about the kernel is learnt again after a reboot. */
export function bootStamp(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

export function readMachineCache<T>(name: string): Record<string, T> {
  try {
    return JSON.parse(readFileSync(cacheFile(name), 'utf8')) as Record<string, T>;
  } catch {
    return {};
  }
}

export function writeMachineCache<T>(name: string, key: string, value: T): void {
  try {
    const all = readMachineCache<T>(name);
    all[key] = value;
    const target = cacheFile(name);
    mkdirSync(join(target, '..'), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all));
    renameSync(tmp, target);
  } catch {
    // a read-only home, a full disk: the next process learns it again
  }
}

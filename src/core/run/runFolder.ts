// A run's own folder (the child's cwd, HOME and TMPDIR), made at once and removed once its process
// has ended, whatever ended it. node:fs's sync and callback calls, not node:fs/promises: the CLI's
// launcher starts children with this before the rest of LDB is loaded (~1.3 ms saved there).
import { mkdtempSync, rm, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder under the system's temp folder, named `prefix` + random. */
export function makeRunFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Removes the folder; never rejects (the program may have made files read-only or removed it). */
export function removeRunFolder(dir: string): Promise<void> {
  // Most runs leave their folder empty: one rmdir, where fs.rm's walk took ~1-3 ms of a trace's tail.
  try {
    rmdirSync(dir);
    return Promise.resolve();
  } catch {
    // not empty, or gone already
  }
  return new Promise<void>((done) => rm(dir, { recursive: true, force: true, maxRetries: 2 }, () => done()));
}

/** Resolves once `proc` has settled and the folder is gone. */
export function removedAfter(proc: Promise<unknown>, dir: string): Promise<void> {
  const remove = () => removeRunFolder(dir);
  return proc.then(remove, remove);
}

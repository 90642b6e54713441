// The temporary copies a run imports instead of the project's files a fix changed (the runtime's
// ldb_overlay.py): written into the run's own folder, which the sandbox lets the run read and which
// goes when the run ends. The user's files are never written before they accept a fix. node:fs's
// sync calls, not node:fs/promises: the launcher loads this module, and that one costs ~1.3 ms to
// load at every `ldb trace` (copies are few and small).
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** Writes each changed file's text to a copy in `runDir`; the runtime's `overlay`: path -> copy. */
export function writeOverlayCopies(
  runDir: string,
  overlay: ReadonlyMap<string, string> | undefined,
): Record<string, string> | undefined {
  if (!overlay || overlay.size === 0) return undefined;
  const dir = join(runDir, 'ldb-overlay');
  mkdirSync(dir, { recursive: true });
  const copies: Record<string, string> = {};
  let n = 0;
  for (const [path, text] of overlay) {
    // Numbered: two changed files may share a name (pkg/a/util.py, pkg/b/util.py).
    const copy = join(dir, `${n++}-${basename(path)}`);
    writeFileSync(copy, text);
    copies[resolve(path)] = copy;
  }
  return copies;
}

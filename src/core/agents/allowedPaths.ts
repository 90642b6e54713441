// Coding agents name files; a tool runs code only from the folders it was given (an MCP client's
// roots, a VS Code workspace's folders). Symbolic links are resolved before the check, so a link
// inside a folder does not lead out of it.
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { badInput } from '../errors';

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The absolute path of `path` (relative ones are read from the first folder) when it lies in one of
 * `folders`; otherwise a one-line bad-input error that names them.
 */
export function resolveInFolders(path: string, folders: readonly string[]): string {
  if (path.trim() === '') throw badInput('the path is empty: give a file or folder of the workspace');
  if (folders.length === 0) throw badInput(`${path}: no folder is open, so no path is allowed`);
  const absolute = isAbsolute(path) ? resolve(path) : resolve(folders[0], path);
  const target = real(absolute);
  if (!folders.some((f) => inside(target, real(f)))) {
    throw badInput(`${path} is outside the allowed folders (${folders.join(', ')}): give a path inside them`);
  }
  return absolute;
}

/**
 * The folder of `folders` a run of `path` (checked by resolveInFolders) starts from, as a shell
 * opened there would: the innermost that holds it (workingFolder.ts).
 */
export function folderHolding(path: string, folders: readonly string[]): string {
  const target = real(path);
  let innermost: { folder: string; real: string } | undefined;
  for (const folder of folders) {
    const at = real(folder);
    if (inside(target, at) && (innermost === undefined || at.length > innermost.real.length))
      innermost = { folder: resolve(folder), real: at };
  }
  return innermost?.folder ?? dirname(resolve(path));
}

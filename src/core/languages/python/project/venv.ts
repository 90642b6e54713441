// The project's own virtual environment: `.venv` or `venv` (the names `python -m venv` users and
// tools such as uv and Poetry's in-project setting give it), in the folder of what is run or a
// folder above it, up to the project root.
import { statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const VENV_NAMES = ['.venv', 'venv'] as const;

/** Where a venv keeps its interpreter on this platform. */
export function venvInterpreterPath(venv: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isWithin(dir: string, root: string): boolean {
  const rel = relative(root, dir);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !/^[a-zA-Z]:/.test(rel));
}

/**
 * The interpreter of the nearest venv from `from` (a folder) up to `root`, `.venv` before `venv`
 * in one folder; undefined when there is none.
 */
export function projectVenvInterpreter(from: string, root: string): string | undefined {
  let dir = resolve(from);
  const top = resolve(root);
  if (!isWithin(dir, top)) dir = top;
  for (;;) {
    for (const name of VENV_NAMES) {
      const python = venvInterpreterPath(join(dir, name));
      if (isFile(python)) return python;
    }
    if (dir === top) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

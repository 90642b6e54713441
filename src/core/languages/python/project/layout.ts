// Where a project's own code lives: a src/ layout keeps its packages under `src/` (importable only
// with `src` on sys.path), a flat layout keeps them in the root itself.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type Layout = 'src' | 'flat';

export interface SourceLayout {
  layout: Layout;
  /** The folder on sys.path that makes the project's packages importable: `root/src` or `root`. */
  sourceRoot: string;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A `src/` folder counts when it holds a module or a package (a folder with `__init__.py`). */
export function sourceLayout(root: string): SourceLayout {
  const src = join(root, 'src');
  const holdsCode = entries(src).some(
    (name) => (name.endsWith('.py') && isFile(join(src, name))) || isFile(join(src, name, '__init__.py')),
  );
  return holdsCode ? { layout: 'src', sourceRoot: src } : { layout: 'flat', sourceRoot: root };
}

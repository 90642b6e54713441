// The name a file is imported by (`shop.cart`) and the sys.path entry that makes that import work,
// from the chain of `__init__.py` files above it: the first folder without one is the entry, as
// pytest's default import mode (prepend) and `python -m` see it.
import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

export interface ImportName {
  /** Dotted module name: `shop.cart`; a package's `__init__.py` is the package (`shop`). */
  name: string;
  /** Absolute folder that goes on sys.path for `import <name>` to find the file. */
  sysPathEntry: string;
}

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const MODULE_FILE = /\.pyw?$/i;

function hasInit(dir: string): boolean {
  try {
    return statSync(resolve(dir, '__init__.py')).isFile();
  } catch {
    return false;
  }
}

/** Undefined when a part of the name is not an identifier (`my-tests/test_x.py` cannot be imported by name). */
export function importNameOf(file: string): ImportName | undefined {
  const path = resolve(file);
  const stem = basename(path).replace(MODULE_FILE, '');
  const parts = stem === '__init__' ? [] : [stem];
  let dir = dirname(path);
  while (hasInit(dir)) {
    parts.unshift(basename(dir));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (parts.length === 0 || !parts.every((p) => IDENTIFIER.test(p))) return undefined;
  return { name: parts.join('.'), sysPathEntry: dir };
}

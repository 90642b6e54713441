// What a JavaScript / TypeScript file imports from its own project, and which file each import
// names: static `import ... from`, `export ... from`, `require('...')`, `import('...')` and
// TypeScript's `import m = require('...')` with a literal specifier that is a relative path.
// Resolved as Node resolves them (an exact file;
// without an extension, CommonJS's `.js` ... and `index.js`), plus the TypeScript ESM convention
// of writing the `.js` name of a `.ts` file (`./x.js` naming `x.ts`, `.mjs` `.mts`, `.cjs` `.cts`),
// which Node alone cannot follow. Packages (node_modules) are not the project's: never traced.
import { statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve, sep } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { preorder } from '../../parse/walk';

/** Extensions of the files LDB reads as JavaScript or TypeScript. */
export const SCRIPT_EXTENSIONS = ['.js', '.ts', '.mjs', '.cjs', '.mts', '.cts', '.jsx', '.tsx'];

/** The TypeScript files a `.js`-style specifier may name. */
const TS_FOR_JS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/** Whether a source text imports a file of its own project (a quick look, before any parsing). */
export function importsRelative(text: string): boolean {
  return /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s+)['"]\.{1,2}\//m.test(text);
}

/** A string literal's value; undefined for one with escapes (no specifier worth following has any). */
function stringValue(node: Node | null | undefined): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  if (node.namedChildren.some((c) => c?.type === 'escape_sequence')) return undefined;
  return node.text.slice(1, -1);
}

/** Relative specifiers the file's syntax names, in source order, each once. */
export function importSpecifiers(root: Node): string[] {
  const out = new Set<string>();
  preorder(root, (n) => {
    let specifier: string | undefined;
    if (n.type === 'import_statement' || n.type === 'export_statement') {
      // TypeScript's `import m = require('./m')` holds its source in its require clause.
      const clause = n.namedChildren.find((c) => c?.type === 'import_require_clause');
      specifier = stringValue(n.childForFieldName('source') ?? clause?.childForFieldName('source'));
    } else if (n.type === 'call_expression') {
      const callee = n.childForFieldName('function');
      const args = n.childForFieldName('arguments')?.namedChildren.filter((c) => c?.type !== 'comment');
      const literal = args?.length === 1 ? stringValue(args[0]) : undefined;
      if (callee && (callee.type === 'import' || (callee.type === 'identifier' && callee.text === 'require')))
        specifier = literal;
    }
    if (specifier !== undefined && /^\.{1,2}(\/|$)/.test(specifier)) out.add(specifier);
    return true;
  });
  return [...out];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The file a relative specifier names from `from`, when it is a script of the project. */
export function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = isAbsolute(specifier) ? specifier : resolve(dirname(from), specifier);
  const ext = extname(base).toLowerCase();
  const candidates: string[] = [];
  if (SCRIPT_EXTENSIONS.includes(ext)) {
    candidates.push(base);
    for (const ts of TS_FOR_JS[ext] ?? []) candidates.push(base.slice(0, -ext.length) + ts);
  } else {
    for (const e of SCRIPT_EXTENSIONS) candidates.push(base + e);
    for (const e of SCRIPT_EXTENSIONS) candidates.push(join(base, `index${e}`));
  }
  const found = candidates.find(isFile);
  if (found === undefined || found.split(sep).includes('node_modules')) return undefined;
  return found;
}

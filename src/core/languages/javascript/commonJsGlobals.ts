// A TypeScript file that imports or exports, outside a "type": "module" package, is what TypeScript
// compiles to CommonJS (the default for a loose .ts, and for "type": "commonjs", which npm init
// writes, and .cts), and ts-node and tsx run it so: its code may use `require`, `module`,
// `__dirname` and the `if (require.main === module)` guard next to its imports. LDB runs it as an
// ES module (its imports stay imports, positions kept), so those names are made for it on its
// first line, from the file's own URL; each one the file declares itself (an ES module's
// `const __dirname = ...`) is left to it.
import { declaredKind } from './moduleKind';

/** The names, as CommonJS gives them to a module, and what each is made from. */
const GLOBALS: [name: string, value: string][] = [
  ['require', '__ldb$cr(import.meta.url)'],
  ['__filename', '__ldb$url.fileURLToPath(import.meta.url)'],
  ['__dirname', '__ldb$path.dirname(__ldb$url.fileURLToPath(import.meta.url))'],
  ['module', '{ exports: {}, id: ".", filename: __ldb$url.fileURLToPath(import.meta.url), loaded: false }'],
  ['exports', 'module.exports'],
];

/** Whether the file declares `name` at its top level (a declaration, a function, a class, an import). */
function declares(code: string, name: string): boolean {
  const word = name.replace(/\$/g, '\\$');
  return new RegExp(
    `\\b(?:const|let|var|function|class)\\s+${word}\\b|\\bimport\\s+${word}\\b|\\bas\\s+${word}\\b|[{,]\\s*${word}\\s*[,}][^;]*\\bfrom\\b`,
  ).test(code);
}

/**
 * `code` (erased to JavaScript, to be run as an ES module) with CommonJS's names made on its first
 * line when TypeScript would have compiled the file to CommonJS; else `code` as it is.
 */
export function withCommonJsGlobals(code: string, path: string, esm: boolean, isMain: boolean): string {
  if (!esm || !/\.c?tsx?$/i.test(path) || declaredKind(path) === true) return code;
  const made = GLOBALS.filter(([name]) => !declares(code, name));
  if (made.length === 0) return code;
  const names = new Set(made.map(([name]) => name));
  // The program's own file is the main module: its `require.main === module` guard holds.
  const main = isMain && names.has('require') && names.has('module') ? 'require.main = module; ' : '';
  // Imports are hoisted: these run after them, before the file's own code, on its first line (the
  // second after a #! line).
  const prelude =
    `import { createRequire as __ldb$cr } from 'node:module'; import * as __ldb$url from 'node:url'; ` +
    `import * as __ldb$path from 'node:path'; ` +
    `const ${made.map(([name, value]) => `${name} = ${value}`).join(', ')}; ${main}`;
  const at = code.startsWith('#!') ? code.indexOf('\n') + 1 : 0;
  if (code.startsWith('#!') && at === 0) return code; // a #! line alone: nothing runs
  return code.slice(0, at) + prelude + code.slice(at);
}

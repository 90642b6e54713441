// TypeScript runs as the JavaScript it erases to: ts-blank-space replaces every type annotation,
// interface, `as` cast and the like with spaces, so each line and column stays where it was (no
// source map needed: the runtime's lines are the file's). It was chosen over amaro (Node's own
// stripper: swc in wasm, needs Node 22) and sucrase (rewrites, moves columns) because it keeps
// positions exactly and runs on Node 20. Syntax that does not erase (enum, namespace, parameter
// properties, `<T>x` casts) would need compiling: that is bad input, said in one line.
// The stripper and the TypeScript parser it uses are a bundle of their own
// (dist/javascript/ldb_ts_strip.cjs, 3.5 MB), loaded only when a TypeScript file is run, and by a
// short CLI command from V8's code cache (run/codeCache.ts: 270 ms -> 55 ms).
import { join } from 'node:path';
import { badInput } from '../../errors';
import { requireCached } from '../../run/codeCache';

type Blank = (text: string, onError?: (node: { pos: number; end: number }) => void) => string;

let loaded: Blank | undefined;

function blanker(assetsDir: string): Blank {
  if (!loaded) {
    const file = join(assetsDir, 'javascript', 'ldb_ts_strip.cjs');
    const mod = requireCached(file, 'ts-strip') as { default: Blank };
    loaded = mod.default;
  }
  return loaded;
}

export function stripTypes(code: string, path: string, assetsDir: string): string {
  let bad: { pos: number; end: number } | undefined;
  const out = blanker(assetsDir)(code, (node) => {
    bad ??= node;
  });
  if (bad) {
    const before = code.slice(0, bad.pos);
    const at = before.length + (/^\s*/.exec(code.slice(bad.pos))?.[0].length ?? 0);
    const line = code.slice(0, at).split('\n').length;
    const snippet = code.slice(at, bad.end).split('\n')[0]?.trim().slice(0, 40) ?? '';
    throw badInput(
      `${path}:${line}: '${snippet}' is TypeScript that only runs compiled (enum, namespace, parameter property, <T> cast): LDB runs TypeScript by erasing types; use a const object, a plain class field or 'as'`,
    );
  }
  return out;
}

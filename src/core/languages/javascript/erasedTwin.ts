// Tree-sitter's TypeScript grammar (0.23) rejects some type syntax that TypeScript accepts: a tuple
// label that is a type's name (`[value: number, symbol: string]`, `[number: number]`), `in`/`out`
// variance on type parameters, `export type * from`. Types are erased before a run anyway, so a
// TypeScript file the grammar finds errors in is read through its erased twin: the same text with
// every type blanked (ts-blank-space), each line and column kept, parsed by the same grammar. Its
// functions, blocks and tests are the file's; only a type's own text reads as spaces. TypeScript's
// parser decides: where it too finds a syntax error, the grammar's reading stands, errors and all.
// TSX is left to the grammar (the eraser reads no JSX).
import type { Parser, Tree } from 'web-tree-sitter';
import { isTypeScriptPath } from './moduleKind';
import { tsStripper } from './tsStripper';

/** The tree of a JavaScript / TypeScript file: the grammar's, or its erased twin's when that one has no errors. */
export function parseJsFile(parser: Parser, text: string, path: string, assetsDir: string): Tree | null {
  const tree = parser.parse(text);
  if (!tree?.rootNode.hasError || !isTypeScriptPath(path) || /\.tsx$/i.test(path)) return tree;
  const twin = tsStripper(assetsDir).erasedTwin(text);
  const twinTree = twin === undefined || twin.length !== text.length ? null : parser.parse(twin);
  if (!twinTree) return tree;
  if (twinTree.rootNode.hasError) {
    twinTree.delete();
    return tree;
  }
  tree.delete();
  return twinTree;
}

// TypeScript runs as the JavaScript it erases to: ts-blank-space replaces every type annotation,
// interface, `as` cast and the like with spaces, so each line and column stays where it was (no
// source map needed: the runtime's lines are the file's). It was chosen over amaro (Node's own
// stripper: swc in wasm, needs Node 22) and sucrase (rewrites, moves columns) because it keeps
// positions exactly and runs on Node 20. Syntax that does not erase: enums, parameter properties,
// `<T>x` casts, `import x = require()`, `export =` and namespaces are lowered in place
// (lowerTypeScript.ts); what is left (a nested namespace) is bad input, said in one line.
// The stripper and the TypeScript parser it uses are a bundle of their own (tsStripper.ts).
import type { Parser, Tree } from 'web-tree-sitter';
import { badInput, type LdbError } from '../../errors';
import { applyEdits, type TextEdit } from '../../textEdits';
import {
  isExportEquals,
  lowerAngleCast,
  lowerEnum,
  lowerExportEquals,
  lowerNamespace,
  lowerImportRequire,
  lowerParameterProperty,
  textOf,
  type TsNode,
} from './lowerTypeScript';
import { tsStripper } from './tsStripper';
import { typeOnlyImportEdits } from './typeOnlyImports';

/**
 * The JavaScript `code` erases to, lines and columns kept. `parser` (for the file's grammar) reads
 * `code` again when a parameter property is to be lowered.
 */
export function stripTypes(code: string, path: string, assetsDir: string, parser: Parser): string {
  const erased = lowerAll(code, path, assetsDir, parser);
  // Names imported without `type` that only types used go, as TypeScript drops them.
  return applyEdits(erased, typeOnlyImportEdits(erased, parser));
}

/** `code` with its types erased, and what does not erase lowered. */
function lowerAll(code: string, path: string, assetsDir: string, parser: Parser): string {
  const unerased: TsNode[] = [];
  const out = tsStripper(assetsDir).default(code, (node) => unerased.push(node));
  if (unerased.length === 0) return out;
  const edits: TextEdit[] = [];
  const assigned = new Set<number>();
  let tree: Tree | null = null;
  try {
    for (const node of unerased) {
      let lowered;
      if (node.members !== undefined) lowered = lowerEnum(code, node);
      else if (node.type !== undefined) lowered = lowerAngleCast(code, node);
      else if (/^(?:export\s+)?import\s/.test(textOf(code, node))) lowered = lowerImportRequire(code, node);
      else if (isExportEquals(textOf(code, node))) lowered = lowerExportEquals(code, node);
      else if (/^(?:export\s+)?(?:namespace|module)\s/.test(textOf(code, node))) {
        tree ??= parser.parse(code);
        if (tree)
          lowered = lowerNamespace(code, node, tree.rootNode, (body) =>
            lowerAll(body, path, assetsDir, parser),
          );
      } else {
        tree ??= parser.parse(code);
        if (tree) lowered = lowerParameterProperty(code, node, tree.rootNode, assigned);
      }
      if (lowered === undefined) throw notErasable(code, node, path);
      edits.push(...lowered);
    }
  } finally {
    tree?.delete();
  }
  return applyEdits(out, edits);
}

function notErasable(code: string, node: TsNode, path: string): LdbError {
  const text = textOf(code, node);
  const line = code.slice(0, node.end - text.length).split('\n').length;
  const snippet = text.split('\n')[0]?.trim().slice(0, 40) ?? '';
  return badInput(
    `${path}:${line}: '${snippet}' is TypeScript that only runs compiled (a namespace in a namespace): LDB runs TypeScript by erasing types and lowering enums, casts and one level of namespaces; use an object`,
  );
}

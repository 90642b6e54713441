// Imports of types written without `type` (`import { Box, makeBox } from './box.js'`, Box an
// interface): TypeScript drops every imported name the code never uses as a value, and the whole
// import when none is left, so the erased JavaScript would ask the module for an export it does
// not have (an ES module: SyntaxError before anything runs). The erased code is read again: an
// import clause is written again without the names the code never mentions outside its imports,
// and an import left with none goes (as TypeScript's default `importsNotUsedAsValues: remove`
// does). Lines stay.
import type { Node, Parser } from 'web-tree-sitter';
import { preorder } from '../../parse/walk';
import { blank, onSameLines, type TextEdit } from '../../textEdits';

/** An imported name: the node its binding is written as, and the local name it binds. */
interface Binding {
  node: Node;
  local: string;
}

/** Names the code mentions outside its import statements (as values: types are erased already). */
function mentioned(root: Node): Set<string> {
  const names = new Set<string>();
  preorder(root, (n) => {
    if (n.type === 'import_statement') return false;
    if (n.type === 'identifier' || n.type === 'shorthand_property_identifier') names.add(n.text);
    return true;
  });
  return names;
}

function bindingsOf(clause: Node): { default?: Binding; namespace?: Node; named: Binding[]; list?: Node } {
  const out: ReturnType<typeof bindingsOf> = { named: [] };
  for (const child of clause.namedChildren) {
    if (!child) continue;
    if (child.type === 'identifier') out.default = { node: child, local: child.text };
    else if (child.type === 'namespace_import') out.namespace = child;
    else if (child.type === 'named_imports') {
      out.list = child;
      for (const spec of child.namedChildren) {
        if (spec?.type !== 'import_specifier') continue;
        const local = spec.childForFieldName('alias') ?? spec.childForFieldName('name');
        if (local) out.named.push({ node: spec, local: local.text });
      }
    }
  }
  return out;
}

/** The edits that drop the imports of names `code` (erased TypeScript) never uses as values. */
export function typeOnlyImportEdits(code: string, parser: Parser): TextEdit[] {
  if (!/^\s*import\s/m.test(code)) return [];
  const tree = parser.parse(code);
  if (!tree) return [];
  try {
    const root = tree.rootNode;
    const used = mentioned(root);
    const edits: TextEdit[] = [];
    for (const statement of root.namedChildren) {
      if (statement?.type !== 'import_statement') continue;
      const clause = statement.namedChildren.find((c) => c?.type === 'import_clause');
      if (!clause) continue; // `import './setup'`, `import x = require(...)`: kept
      const { default: def, namespace, named, list } = bindingsOf(clause);
      const namespaceLocal = namespace?.namedChildren.find((c) => c?.type === 'identifier')?.text;
      const keepsDefault = def !== undefined && used.has(def.local);
      const keepsNamespace = namespaceLocal !== undefined && used.has(namespaceLocal);
      const keptNamed = named.filter((b) => used.has(b.local));
      const bindings = (def ? 1 : 0) + (namespace ? 1 : 0) + named.length;
      if (bindings === 0) continue; // `import {} from './x'`: TypeScript keeps it
      if (!keepsDefault && !keepsNamespace && keptNamed.length === 0) {
        edits.push({ from: statement.startIndex, to: statement.endIndex, text: blank(statement.text) });
        continue;
      }
      if (keptNamed.length === named.length && (keepsDefault || !def) && (keepsNamespace || !namespace))
        continue; // every name is used
      // The clause again, with the names kept only (its lines kept: it may span several).
      const parts = [
        ...(keepsDefault && def ? [def.node.text] : []),
        ...(keepsNamespace && namespace ? [namespace.text] : []),
        ...(list && keptNamed.length > 0 ? [`{ ${keptNamed.map((b) => b.node.text).join(', ')} }`] : []),
      ];
      edits.push({
        from: clause.startIndex,
        to: clause.endIndex,
        text: onSameLines(clause.text, parts.join(', ')),
      });
    }
    return edits;
  } finally {
    tree.delete();
  }
}

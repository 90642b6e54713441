// Which of a function's own variables a hook can read at a point of its body: the parameters, the
// `var`s, and the `let` / `const` declared before that point in the blocks around it (a for header,
// a catch parameter, a for...of binding included). The runtime reads them through a closure built
// from these names, so a name must be in scope there; a `let` of an earlier `case` of a switch may
// still be uninitialised (the case jumped over it), so those are read guarded.
import type { Node } from 'web-tree-sitter';
import { preorder } from '../../parse/walk';
import { boundIdentifiers, isFunctionNode } from './functions';

export interface Visible {
  /** Names that are certainly initialised at the point. */
  plain: string[];
  /** Names that may be in their temporal dead zone: read inside a try. */
  guarded: string[];
}

const DECLARATIONS = new Set(['lexical_declaration', 'variable_declaration']);

/** Identifiers a `let` / `const` / `var` statement declares. */
function declared(statement: Node): string[] {
  if (!DECLARATIONS.has(statement.type)) return [];
  return statement.namedChildren
    .filter((d): d is Node => d?.type === 'variable_declarator')
    .flatMap((d) => {
      const name = d.childForFieldName('name');
      return name ? boundIdentifiers(name) : [];
    });
}

/** Every `var` of the function outside nested functions: hoisted, readable anywhere in it. */
export function functionVars(fn: Node): string[] {
  const body = fn.childForFieldName('body');
  const out: string[] = [];
  if (!body) return out;
  preorder(body, (n) => {
    if (n.id !== body.id && isFunctionNode(n)) return false;
    if (n.type === 'variable_declaration') out.push(...declared(n));
    if (n.type === 'for_in_statement' && n.children.some((c) => c?.type === 'var')) {
      const left = n.childForFieldName('left');
      if (left) out.push(...boundIdentifiers(left));
    }
    return !n.type.endsWith('expression') || n.type === 'expression_statement';
  });
  return out;
}

export function visibleAt(fn: Node, params: readonly string[], vars: readonly string[], at: Node): Visible {
  const plain = new Set<string>([...params, ...vars]);
  const guarded = new Set<string>();
  let child = at;
  for (let node = at.parent; node && node.id !== fn.id; child = node, node = node.parent) {
    switch (node.type) {
      case 'statement_block':
      case 'switch_case':
      case 'switch_default':
        for (const s of node.namedChildren) {
          if (!s || s.startIndex >= child.startIndex) break;
          for (const name of declared(s)) plain.add(name);
        }
        break;
      case 'switch_body':
        // A case's declarations are scoped to the whole switch: earlier cases' ones may be skipped.
        for (const clause of node.namedChildren) {
          if (!clause || clause.startIndex >= child.startIndex) break;
          for (const s of clause.namedChildren) for (const name of s ? declared(s) : []) guarded.add(name);
        }
        break;
      case 'for_statement': {
        const init = node.childForFieldName('initializer');
        if (init && init.id !== child.id) for (const name of declared(init)) plain.add(name);
        break;
      }
      case 'for_in_statement': {
        const left = node.childForFieldName('left');
        if (left && node.childForFieldName('body')?.id === child.id)
          for (const name of boundIdentifiers(left)) plain.add(name);
        break;
      }
      case 'catch_clause': {
        const param = node.childForFieldName('parameter');
        if (param && node.childForFieldName('body')?.id === child.id)
          for (const name of boundIdentifiers(param)) plain.add(name);
        break;
      }
      default:
        break;
    }
  }
  for (const name of plain) guarded.delete(name);
  const own = (n: string) => !n.startsWith('__ldb') && n !== 'arguments' && n !== 'eval';
  return { plain: [...plain].filter(own), guarded: [...guarded].filter(own) };
}

/** The closure the hook calls: `()=>({a,b,c:__ldb.g(()=>c)})`. */
export function getterText(visible: Visible): string {
  const parts = [...visible.plain, ...visible.guarded.map((n) => `${n}:__ldb.g(()=>${n})`)];
  return `()=>({${parts.join(',')}})`;
}

// Finds every Python function of a file (top level, nested, methods, in classes nested anywhere,
// async, decorated) and describes it: qualified name, lines, parameters, docstring, generator-ness.
// Lambdas are expressions, not functions here: the runtime never traces them (their code objects
// are named `<lambda>`), and their bodies hold no statements to cut into blocks.
import type { Node } from 'web-tree-sitter';
import type { FunctionInfo } from '../../model';
import { preorder, someDescendant } from '../../parse/walk';

export interface PythonFunction {
  node: Node; // the function_definition
  info: Omit<FunctionInfo, 'blocks'>;
  /** The statements of the body, comments left out, in order. */
  statements: Node[];
  /** The docstring statement, when the body starts with one. */
  docstring?: Node;
  /** Parameters without a default that are not `*args` / `**kwargs`. */
  requiredParams: number;
}

interface Scope {
  node: Node;
  name: string;
  line: number;
  parent?: Scope;
  qualifiedName: string;
}

const SCOPE_TYPES = new Set(['function_definition', 'class_definition']);

/**
 * Nodes whose children can be statements. Defs and classes only ever appear among statements, so
 * walks that look for them skip expressions, which are most of a tree (ERROR nodes are entered:
 * recovery can put anything in them).
 */
export const HOLDS_STATEMENTS = new Set([
  'module',
  'block',
  'ERROR',
  'decorated_definition',
  'function_definition',
  'class_definition',
  'if_statement',
  'elif_clause',
  'else_clause',
  'for_statement',
  'while_statement',
  'try_statement',
  'except_clause',
  'except_group_clause',
  'finally_clause',
  'with_statement',
  'match_statement',
  'case_clause',
]);

export function findFunctions(root: Node): PythonFunction[] {
  const scopes = collectScopes(root);
  return scopes.filter((s) => s.node.type === 'function_definition').map(describe);
}

/**
 * Function and class definitions in source order with their qualified names: Python's
 * `__qualname__` without `<locals>`. When one name is defined twice in the same scope (a property
 * getter and setter, a redefinition), the last definition keeps the plain name, since that is the
 * one a call reaches, and earlier ones get `@LINE` so ids stay unique within the file.
 */
function collectScopes(root: Node): Scope[] {
  const scopes: Scope[] = [];
  const byId = new Map<number, Scope>();
  const visitScope = (node: Node, ancestors: readonly Node[]): boolean => {
    if (!SCOPE_TYPES.has(node.type)) return true;
    const nameNode = node.childForFieldName('name');
    if (!nameNode || nameNode.isMissing || nameNode.text === '') return true;
    let parent: Scope | undefined;
    for (const ancestor of ancestors) parent = byId.get(ancestor.id) ?? parent; // the nearest wins
    // CPython reads identifiers in NFKC (`ﬁnd` is `find`): co_name and locals use that form.
    const scope: Scope = {
      node,
      name: identifier(nameNode),
      line: node.startPosition.row + 1,
      qualifiedName: '',
    };
    if (parent) scope.parent = parent;
    byId.set(node.id, scope);
    scopes.push(scope);
    return true;
  };
  preorder(root, visitScope, (type) => HOLDS_STATEMENTS.has(type));
  const lastOfName = new Map<string, Scope>();
  for (const s of scopes) lastOfName.set(`${s.parent?.node.id ?? -1}\0${s.name}`, s);
  for (const s of scopes) {
    // Parents come before children in preorder, so their names are final already.
    const prefix = s.parent ? `${s.parent.qualifiedName}.` : '';
    const last = lastOfName.get(`${s.parent?.node.id ?? -1}\0${s.name}`) === s;
    s.qualifiedName = `${prefix}${s.name}${last ? '' : `@${s.line}`}`;
  }
  return scopes;
}

function describe(scope: Scope): PythonFunction {
  const node = scope.node;
  const outer = node.parent?.type === 'decorated_definition' ? node.parent : node;
  const body = node.childForFieldName('body');
  const statements = body
    ? body.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment')
    : [];
  const first = statements[0];
  const docstring = first && docstringText(first) !== undefined ? first : undefined;
  const firstCode = docstring ? (statements[1] ?? docstring) : statements[0];
  const { names, required } = parameters(node.childForFieldName('parameters'));
  const info: Omit<FunctionInfo, 'blocks'> = {
    name: scope.name,
    qualifiedName: scope.qualifiedName,
    startLine: outer.startPosition.row + 1,
    defLine: node.startPosition.row + 1,
    endLine: lastLine(node),
    bodyStartLine: firstCode ? firstCode.startPosition.row + 1 : lastLine(node),
    params: names,
    isAsync: node.child(0)?.type === 'async',
    // The text test first: walking every expression of every body would cost more than the parse.
    isGenerator: body?.text.includes('yield')
      ? someDescendant(body, (n) => n.type === 'yield', isScopeBoundary)
      : false,
  };
  if (scope.parent) info.parent = scope.parent.qualifiedName;
  const doc = docstring ? docstringText(docstring) : undefined;
  if (doc !== undefined) info.docstring = cleandoc(doc.text);
  return { node, info, statements, ...(docstring ? { docstring } : {}), requiredParams: required };
}

/** A yield inside these belongs to another code object. */
function isScopeBoundary(n: Node): boolean {
  return n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda';
}

/** The last line with the node's text (an end at column 0 means the previous line ended it). */
export function lastLine(node: Node): number {
  const end = node.endPosition;
  return end.column === 0 && end.row > node.startPosition.row ? end.row : end.row + 1;
}

function parameters(params: Node | null): { names: string[]; required: number } {
  const names: string[] = [];
  let required = 0;
  for (const p of params?.namedChildren ?? []) {
    if (!p) continue;
    switch (p.type) {
      case 'identifier':
        names.push(identifier(p));
        required++;
        break;
      case 'typed_parameter': {
        // `x: int` is required; `*args: int` and `**kw: int` are splats with a type.
        const inner = p.namedChildren.find((c) => c !== null && c.type !== 'type') ?? null;
        if (inner?.type === 'identifier') required++;
        names.push(splatName(inner));
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter':
        names.push(identifier(p.childForFieldName('name') ?? p));
        break;
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        names.push(splatName(p));
        break;
      default: // `*` and `/` separators, comments
        break;
    }
  }
  return { names, required };
}

function splatName(node: Node | null): string {
  if (!node) return '';
  const name = node.type === 'identifier' ? node : node.namedChildren.find((c) => c?.type === 'identifier');
  return name ? identifier(name) : node.text.replace(/^\*+/, '');
}

function identifier(node: Node): string {
  return node.text.normalize('NFKC');
}

/**
 * The text of a docstring statement between its quotes, escapes left as written, or undefined when
 * the statement is not one (only plain and `r`/`u` string literals are docstrings: f-strings and
 * bytes are not). `raw` says whether backslashes are literal.
 */
export function docstringText(statement: Node): { text: string; raw: boolean } | undefined {
  if (statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return undefined;
  const expr = statement.namedChild(0);
  if (!expr) return undefined;
  const parts =
    expr.type === 'string' ? [expr] : expr.type === 'concatenated_string' ? expr.namedChildren : [];
  if (parts.length === 0) return undefined;
  let text = '';
  let raw = false;
  for (const part of parts) {
    const m = part ? /^([rRuU]*)('''|"""|'|")([\s\S]*)\2$/.exec(part.text) : null;
    if (!m) return undefined;
    text += m[3] ?? '';
    raw ||= /r/i.test(m[1] ?? '');
  }
  return { text, raw };
}

/** Python's inspect.cleandoc: tabs expanded, common indentation removed, blank edges trimmed. */
export function cleandoc(doc: string): string {
  const lines = doc
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => expandTabs(l));
  let margin = Infinity;
  for (const line of lines.slice(1)) {
    const content = line.trimStart();
    if (content) margin = Math.min(margin, line.length - content.length);
  }
  const out = [
    (lines[0] ?? '').trimStart(),
    ...lines.slice(1).map((l) => (margin === Infinity ? l : l.slice(margin))),
  ];
  while (out.length > 0 && out[0]?.trim() === '') out.shift();
  while (out.length > 0 && out.at(-1)?.trim() === '') out.pop();
  return out.join('\n');
}

export function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out;
}

// Finds every JavaScript / TypeScript function of a file that has a body to cut into blocks:
// declarations, generators, methods (classes and object literals), function expressions and arrow
// functions, and names them as Python's qualified names read: `Class.method`, `outer.inner`.
// A function expression or arrow takes the name it is bound to (`const f = () => {}`, `o.k =
// function () {}`, `{ k: () => {} }`, a class field); an anonymous one with a statement body (a
// callback) is `<anonymous>@LINE`. An anonymous arrow with an expression body is like Python's
// lambda: part of whatever runs it, not a function here.
import type { Node } from 'web-tree-sitter';
import type { FunctionInfo } from '../../model';
import { preorder } from '../../parse/walk';

export interface JsFunction {
  node: Node;
  info: Omit<FunctionInfo, 'blocks'>;
  /** The body: a statement_block, or the expression of an arrow function. */
  body: Node;
  /** The statements of a statement body (comments left out); empty for an expression body. */
  statements: Node[];
  /** Parameters without a default that are not rest parameters. */
  requiredParams: number;
}

const FUNCTION_TYPES = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'generator_function',
  'arrow_function',
  'method_definition',
]);

const CLASS_TYPES = new Set(['class_declaration', 'class', 'abstract_class_declaration']);

export function isFunctionNode(node: Node): boolean {
  return FUNCTION_TYPES.has(node.type);
}

interface Scope {
  node: Node;
  name: string;
  anonymous: boolean;
  parent?: Scope;
  qualifiedName: string;
}

/** Per parsed tree, its functions: the analysis and the instrumented copy walk the same tree. */
const found = new WeakMap<object, JsFunction[]>();

export function findJsFunctions(root: Node): JsFunction[] {
  const known = found.get(root.tree);
  if (known) return known;
  const functions = walkFunctions(root);
  found.set(root.tree, functions);
  return functions;
}

function walkFunctions(root: Node): JsFunction[] {
  const scopes: Scope[] = [];
  const byId = new Map<number, Scope>();
  preorder(root, (node, ancestors) => {
    const isFunction = FUNCTION_TYPES.has(node.type);
    // An object literal bound to a name groups its methods as a class does: `obj.run`.
    const namedObject = node.type === 'object' ? bindingName(node) : undefined;
    if (!isFunction && !CLASS_TYPES.has(node.type) && namedObject === undefined) return true;
    const body = namedObject !== undefined ? node : node.childForFieldName('body');
    if (!body) return true; // a signature (overload, abstract method): nothing runs
    let name = namedObject ?? boundName(node);
    const anonymous = name === undefined;
    if (anonymous) {
      // An anonymous class or expression-bodied arrow groups nothing worth a name of its own.
      if (!isFunction || body.type !== 'statement_block') return true;
      name = '<anonymous>';
    }
    let parent: Scope | undefined;
    for (const ancestor of ancestors) parent = byId.get(ancestor.id) ?? parent;
    const scope: Scope = { node, name: name ?? '', anonymous, qualifiedName: '' };
    if (parent) scope.parent = parent;
    byId.set(node.id, scope);
    scopes.push(scope);
    return true;
  });
  const key = (s: Scope) => `${s.parent?.node.id ?? -1}\0${s.name}`;
  const lastOfName = new Map<string, Scope>();
  for (const s of scopes) lastOfName.set(key(s), s);
  for (const s of scopes) {
    const prefix = s.parent ? `${s.parent.qualifiedName}.` : '';
    const unique = !s.anonymous && lastOfName.get(key(s)) === s;
    s.qualifiedName = `${prefix}${s.name}${unique ? '' : `@${s.node.startPosition.row + 1}`}`;
  }
  return scopes.filter((s) => FUNCTION_TYPES.has(s.node.type)).map(describe);
}

/** The name a function or class is known by: its own, or the binding it is assigned to. */
function boundName(node: Node): string | undefined {
  const own = node.childForFieldName('name');
  if (node.type === 'method_definition' || node.type.endsWith('_declaration')) return own?.text;
  // `const f = function g() {}` is called as f: the binding wins over the expression's own name.
  return bindingName(node) ?? (own && own.text !== '' ? own.text : undefined);
}

function bindingName(node: Node): string | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'variable_declarator': {
      const target = parent.childForFieldName('name');
      return target?.type === 'identifier' && parent.childForFieldName('value')?.id === node.id
        ? target.text
        : undefined;
    }
    case 'assignment_expression': {
      const left = parent.childForFieldName('left');
      if (parent.childForFieldName('right')?.id !== node.id || !left) return undefined;
      if (left.type === 'identifier') return left.text;
      const property = left.type === 'member_expression' ? left.childForFieldName('property') : null;
      return property?.text;
    }
    case 'pair': {
      const k = parent.childForFieldName('key');
      return k && parent.childForFieldName('value')?.id === node.id
        ? k.text.replace(/^['"]|['"]$/g, '')
        : undefined;
    }
    case 'field_definition':
    case 'public_field_definition':
      return (parent.childForFieldName('property') ?? parent.childForFieldName('name'))?.text;
    default:
      return undefined;
  }
}

function describe(scope: Scope): JsFunction {
  const node = scope.node;
  const body = node.childForFieldName('body')!;
  const statements =
    body.type === 'statement_block'
      ? body.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment')
      : [];
  const { names, required } = parameters(node);
  const first = statements[0] ?? (body.type === 'statement_block' ? undefined : body);
  const outer = declarationStatement(node);
  const info: Omit<FunctionInfo, 'blocks'> = {
    name: scope.name,
    qualifiedName: scope.qualifiedName,
    startLine: node.startPosition.row + 1,
    defLine: node.startPosition.row + 1,
    endLine: lastLine(node),
    bodyStartLine: first ? first.startPosition.row + 1 : lastLine(node),
    params: names,
    isAsync: node.children.some((c) => c?.type === 'async'),
    isGenerator: node.type.startsWith('generator_') || node.children.some((c) => c?.type === '*'),
  };
  if (scope.parent) info.parent = scope.parent.qualifiedName;
  const doc = leadingComment(outer);
  if (doc !== undefined) info.docstring = doc;
  return { node, info, body, statements, requiredParams: required };
}

/** The statement that holds a function (its declaration, or the `const f = ...` around it). */
function declarationStatement(node: Node): Node {
  let n = node;
  for (;;) {
    const p = n.parent;
    if (!p || ['program', 'statement_block', 'class_body', 'switch_case'].includes(p.type)) return n;
    if (
      !['variable_declarator', 'lexical_declaration', 'variable_declaration', 'export_statement'].includes(
        p.type,
      )
    )
      return n;
    n = p;
  }
}

/** A comment right above the definition (JSDoc, or HumanEval's prompt) is its docstring. */
function leadingComment(statement: Node): string | undefined {
  const prev = statement.previousSibling;
  if (prev?.type !== 'comment' || prev.endPosition.row + 1 < statement.startPosition.row) return undefined;
  const text = prev.text;
  if (text.startsWith('//')) return text.replace(/^\/\/\s?/, '').trim();
  const inner = text.replace(/^\/\*\*?/, '').replace(/\*\/$/, '');
  const lines = inner.split(/\r?\n/).map((l) => l.replace(/^\s*\* ?/, (m) => (m.includes('*') ? '' : m)));
  let margin = Infinity;
  for (const l of lines.slice(1)) if (l.trim()) margin = Math.min(margin, l.length - l.trimStart().length);
  const out = [
    lines[0]?.trim() ?? '',
    ...lines.slice(1).map((l) => (margin === Infinity ? l : l.slice(margin))),
  ];
  return out.join('\n').trim();
}

/** The last line with the node's text. */
export function lastLine(node: Node): number {
  const end = node.endPosition;
  return end.column === 0 && end.row > node.startPosition.row ? end.row : end.row + 1;
}

/** Parameter names (destructured ones give every name they bind) and how many are required. */
function parameters(fn: Node): { names: string[]; required: number } {
  const single = fn.childForFieldName('parameter');
  if (single) return { names: [single.text], required: 1 };
  const params = fn.childForFieldName('parameters');
  const names: string[] = [];
  let required = 0;
  for (const p of params?.namedChildren ?? []) {
    if (!p || p.type === 'comment') continue;
    const optional =
      p.type === 'assignment_pattern' ||
      p.type === 'rest_pattern' ||
      p.type === 'optional_parameter' ||
      p.childForFieldName('value') !== null;
    if (!optional) required++;
    names.push(...boundIdentifiers(p));
  }
  return { names, required };
}

/**
 * The identifiers a pattern binds: `a`, `{b, c: d}`, `[e, ...f]`, `g = 1`, and TypeScript's
 * `h: number` / `private i`. Types, defaults and property keys bind nothing.
 */
export function boundIdentifiers(pattern: Node): string[] {
  const out: string[] = [];
  preorder(pattern, (n) => {
    switch (n.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
        out.push(n.text);
        return false;
      case 'this':
      case 'type_annotation':
      case 'accessibility_modifier':
      case 'override_modifier':
        return false;
      case 'pair_pattern': {
        const value = n.childForFieldName('value');
        if (value) out.push(...boundIdentifiers(value));
        return false;
      }
      case 'assignment_pattern':
      case 'object_assignment_pattern': {
        const left = n.childForFieldName('left');
        if (left) out.push(...boundIdentifiers(left));
        return false;
      }
      case 'required_parameter':
      case 'optional_parameter': {
        const inner = n.childForFieldName('pattern');
        if (inner) out.push(...boundIdentifiers(inner));
        return false;
      }
      default:
        return true;
    }
  });
  return out;
}

// The TypeScript that does not erase, lowered to JavaScript in place: enums and parameter
// properties (`constructor(private x: number)`), the two that LLM-written classes use most, and
// `import x = require('y')`, `export = x` and `<T>x` casts. Each
// is rewritten on its own lines (an enum member's line holds its assignment, a constructor's `{`
// line its `this.x = x`), so lines stay the file's, as erasure keeps them. The nodes come from the
// type stripper, which reports what it cannot erase (stripTypes.ts); only their positions and shape
// (an enum's name, members and initializers) are read, never TypeScript's kind numbers. Namespaces
// are lowered from tree-sitter's tree of the same code.
import type { Node as SyntaxNode } from 'web-tree-sitter';
import { blank, onSameLines, type TextEdit } from '../../textEdits';

/** A node of TypeScript's syntax tree, as the stripper hands it over. */
export interface TsNode {
  pos: number;
  end: number;
  name?: TsNode;
  members?: readonly TsNode[];
  initializer?: TsNode;
  /** A cast's type (`<T>x`, `x as T`). */
  type?: TsNode;
  /** A cast's operand. */
  expression?: TsNode;
}

/** Where a node's own text starts (its pos includes the whitespace and comments before it). */
function startOf(code: string, node: TsNode): number {
  let at = node.pos;
  for (;;) {
    const rest = code.slice(at, at + 2);
    if (/^\s/.test(rest)) at++;
    else if (rest === '//') at = code.indexOf('\n', at) < 0 ? node.end : code.indexOf('\n', at);
    else if (rest === '/*') at = code.indexOf('*/', at) + 2;
    else return at;
  }
}

export const textOf = (code: string, node: TsNode) => code.slice(startOf(code, node), node.end);

/** Names a `const` cannot take (an enum member may be called `default`). */
const RESERVED = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum export extends false ' +
    'finally for function if implements import in instanceof interface let new null package private ' +
    'protected public return static super switch this throw true try typeof var void while with yield'
  ).split(' '),
);

const ENUM_HEADER = /^((?:export\s+)?)((?:declare\s+)?)(?:const\s+)?enum\s+([\w$]+)\s*\{/;

/** An enum as a function filling its object, member by member, each on its own line. */
export function lowerEnum(code: string, node: TsNode): TextEdit[] | undefined {
  const start = startOf(code, node);
  const header = ENUM_HEADER.exec(code.slice(start, node.end));
  if (!header || node.members === undefined) return undefined;
  const [whole, exported, declared, name] = header;
  // `declare enum` describes an object made elsewhere: nothing runs.
  if (declared) return [{ from: start, to: node.end, text: blank(code.slice(start, node.end)) }];
  const next = '__ldb$next';
  const edits: TextEdit[] = [
    {
      from: start,
      to: start + whole.length,
      text: onSameLines(whole, `${exported}var ${name} = (function (${name}) { let ${next} = -1;`),
    },
  ];
  let after = start + whole.length;
  for (const member of node.members) {
    const memberName = member.name ? textOf(code, member.name) : '';
    const key = /^["']/.test(memberName) ? memberName : JSON.stringify(memberName);
    const local =
      /^[A-Za-z_$][\w$]*$/.test(memberName) && !RESERVED.has(memberName) && memberName !== name
        ? memberName
        : undefined;
    const value = member.initializer ? `(${textOf(code, member.initializer)})` : `${next} + 1`;
    // A member named like an identifier is a constant the later initializers may use, as in TypeScript.
    const statement =
      `${local ? `const ${local} = ` : ''}${next} = ${value}; ` +
      `if (typeof ${next} === "number") ${name}[${name}[${key}] = ${next}] = ${key}; else ${name}[${key}] = ${next};`;
    const from = startOf(code, member);
    // The separators between members (commas) go: the statements end with semicolons.
    edits.push({ from: after, to: from, text: blank(code.slice(after, from)) });
    edits.push({ from, to: member.end, text: onSameLines(code.slice(from, member.end), statement) });
    after = member.end;
  }
  const close = code.lastIndexOf('}', node.end);
  edits.push({ from: after, to: close, text: blank(code.slice(after, close)) });
  edits.push({ from: close, to: close + 1, text: `return ${name}; })(${name} || {});` });
  return edits;
}

/**
 * A parameter property's modifier (`private`, `readonly`, ...): blanked, and the constructor
 * assigns the parameter to `this` where its body starts (after `super(...)` in a derived class).
 * The stripper's modifier nodes know no parent, so the parameter and its constructor are found in
 * tree-sitter's tree of the same code. `assigned` remembers the parameters done: one may have two
 * modifiers.
 */
export function lowerParameterProperty(
  code: string,
  modifier: TsNode,
  root: SyntaxNode,
  assigned: Set<number>,
): TextEdit[] | undefined {
  const at = startOf(code, modifier);
  let parameter: SyntaxNode | null = root.descendantForIndex(at);
  while (parameter && parameter.type !== 'required_parameter' && parameter.type !== 'optional_parameter')
    parameter = parameter.parent;
  let method = parameter?.parent ?? null;
  while (method && method.type !== 'method_definition') method = method.parent;
  const name = parameter?.childForFieldName('pattern');
  const body = method?.childForFieldName('body');
  if (!parameter || !name || name.type !== 'identifier' || !body) return undefined;
  const edits: TextEdit[] = [{ from: at, to: modifier.end, text: blank(code.slice(at, modifier.end)) }];
  if (assigned.has(parameter.startIndex)) return edits;
  assigned.add(parameter.startIndex);
  const superCall = superStatement(body);
  const after = superCall ? superCall.endIndex : body.startIndex + 1;
  edits.push({ from: after, to: after, text: `;this.${name.text} = ${name.text};` });
  // Declared first among the class's fields, as TypeScript emits it: an object's own keys come in
  // that order (JSON.stringify, Object.keys), before the fields the class initializes itself.
  const classBody = method?.parent;
  if (classBody?.type === 'class_body')
    edits.push({ from: classBody.startIndex + 1, to: classBody.startIndex + 1, text: `${name.text};` });
  return edits;
}

/** The statement calling `super(...)` in a constructor's body (nested blocks included, functions not). */
function superStatement(body: SyntaxNode): SyntaxNode | undefined {
  for (const child of body.namedChildren) {
    if (!child || /function|class|arrow/.test(child.type)) continue;
    if (
      child.type === 'expression_statement' &&
      child.namedChild(0)?.childForFieldName('function')?.type === 'super'
    )
      return child;
    const inner = superStatement(child);
    if (inner) return inner;
  }
  return undefined;
}

const IMPORT_REQUIRE = /^(export\s+)?import(\s+[\w$]+\s*=\s*require\s*\()/;

/**
 * `import x = require('y')`, TypeScript's CommonJS import: `const x = require('y')`, the same
 * length (`export import` cannot keep its export: not lowered).
 */
export function lowerImportRequire(code: string, node: TsNode): TextEdit[] | undefined {
  const start = startOf(code, node);
  const match = IMPORT_REQUIRE.exec(code.slice(start, node.end));
  if (!match || match[1]) return undefined;
  return [{ from: start, to: start + 'import'.length, text: 'const ' }];
}

/**
 * `<T>x`, the cast written before its operand: the `<T>` blanked (the stripper has erased the types
 * inside the operand already). Told from other unerased nodes by its shape: a type, an operand,
 * and `<` ... `>` before the operand.
 */
export function lowerAngleCast(code: string, node: TsNode): TextEdit[] | undefined {
  if (node.type === undefined || node.expression === undefined) return undefined;
  const start = startOf(code, node);
  const close = startOf(code, { pos: node.type.end, end: node.end });
  const operand = startOf(code, node.expression);
  if (code[start] !== '<' || code[close] !== '>' || close >= operand) return undefined;
  const cast = blank(code.slice(start, close + 1));
  // `() => <T>{ a: 1 }` would become a block, not an object: parenthesized, as TypeScript emits it
  // (the rest of the operand's last line moves one column).
  if (code[operand] !== '{') return [{ from: start, to: close + 1, text: cast }];
  return [
    { from: start, to: close + 1, text: `(${cast.slice(1)}` },
    { from: node.expression.end, to: node.expression.end, text: ')' },
  ];
}

const EXPORT_EQUALS = /^export\s*=/;

/** Whether a statement's text is TypeScript's `export = x`. */
export const isExportEquals = (text: string) => EXPORT_EQUALS.test(text);

/**
 * `export = x`, TypeScript's CommonJS export: `module.exports = x` (the file runs as CommonJS when
 * it has no other module syntax; the rest of that line moves right).
 */
export function lowerExportEquals(code: string, node: TsNode): TextEdit[] | undefined {
  const start = startOf(code, node);
  const match = EXPORT_EQUALS.exec(code.slice(start, node.end));
  if (!match) return undefined;
  return [{ from: start, to: start + match[0].length, text: 'module.exports =' }];
}

/** Declarations a namespace may export, by the name they declare. */
const NAMED_DECLARATION =
  /^(function_declaration|generator_function_declaration|class_declaration|abstract_class_declaration|enum_declaration)$/;
/** Exports that are types only: erased, nothing to assign. */
const TYPE_DECLARATION =
  /^(interface_declaration|type_alias_declaration|function_signature|ambient_declaration)$/;

/**
 * `namespace N { export const a = 1; export function f() {} }`: a function filling the object `N`,
 * as TypeScript emits it, on the namespace's own lines (its header line opens the function, its
 * closing brace assigns the exported names and calls it). Its body is erased and lowered like a
 * file (`lowerBody`), its `export` keywords blanked. An exported variable is the value it had when
 * the body ran (TypeScript's reads `N.a` live); a nested or dotted namespace is not lowered.
 */
export function lowerNamespace(
  code: string,
  node: TsNode,
  root: SyntaxNode,
  lowerBody: (text: string) => string,
): TextEdit[] | undefined {
  const start = startOf(code, node);
  // From its `namespace` keyword: an `export` before it is the parent's.
  const keyword = start + (/^export\s+/.exec(code.slice(start, node.end))?.[0].length ?? 0);
  let ns: SyntaxNode | null = root.descendantForIndex(keyword);
  while (ns && ns.type !== 'internal_module' && ns.type !== 'module') ns = ns.parent;
  const name = ns?.childForFieldName('name');
  const body = ns?.childForFieldName('body');
  if (!ns || !body || name?.type !== 'identifier') return undefined;
  const exported: string[] = [];
  let inner = code.slice(body.startIndex + 1, body.endIndex - 1);
  const offset = body.startIndex + 1;
  for (const statement of body.namedChildren) {
    if (statement?.type !== 'export_statement') continue;
    const declaration = statement.childForFieldName('declaration');
    if (!declaration) return undefined; // `export { a }`, `export default`
    if (NAMED_DECLARATION.test(declaration.type)) {
      const declared = declaration.childForFieldName('name')?.text;
      if (declared === undefined) return undefined;
      exported.push(declared);
    } else if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
      for (const declarator of declaration.namedChildren) {
        if (declarator?.type !== 'variable_declarator') continue;
        const bound = declarator.childForFieldName('name');
        if (bound?.type !== 'identifier') return undefined;
        exported.push(bound.text);
      }
    } else if (!TYPE_DECLARATION.test(declaration.type)) return undefined; // a nested namespace
    const from = statement.startIndex - offset;
    const to = declaration.startIndex - offset;
    inner = inner.slice(0, from) + blank(inner.slice(from, to)) + inner.slice(to);
  }
  const n = name.text;
  const header = code.slice(start, body.startIndex + 1);
  const exportPrefix = /^export\s/.test(header) ? 'export ' : '';
  const assigned = [...new Set(exported)].map((e) => `${n}.${e} = ${e};`).join(' ');
  return [
    {
      from: start,
      to: body.startIndex + 1,
      text: onSameLines(header, `${exportPrefix}var ${n}; (function (${n}) {`),
    },
    { from: body.startIndex + 1, to: body.endIndex - 1, text: lowerBody(inner) },
    { from: body.endIndex - 1, to: body.endIndex, text: `${assigned} })(${n} || (${n} = {}));` },
  ];
}

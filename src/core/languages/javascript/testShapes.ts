// What found tests, given tests and the runtime's test plan share: how a JavaScript assertion is
// classified, which of the file's functions a test calls, and how node:test calls look.
import type { Node } from 'web-tree-sitter';
import type { SourceFile, TestForm } from '../../model';
import { preorder } from '../../parse/walk';

/** node:assert functions whose first two arguments are the actual and the expected value. */
const COMPARING = new Set([
  'equal',
  'strictEqual',
  'deepEqual',
  'deepStrictEqual',
  'notEqual',
  'notStrictEqual',
  'notDeepEqual',
  'notDeepStrictEqual',
]);

/** Equality operators a `console.assert(a === b)` compares with (both sides are recorded). */
const EQUALITY = new Set(['===', '==', '!==', '!=']);

export interface Assertion {
  /** `console` (console.assert), `assert` (node:assert and its methods). */
  style: 'console' | 'assert';
  form: Extract<TestForm, 'assert' | 'assert-compare'>;
  actual?: Node;
  expected?: Node;
  /** For assert-compare: the operator (`===`) of console.assert, or the callee text (`assert.strictEqual`). */
  check?: string;
  /** Arguments after the two compared ones (a message), as source text. */
  rest?: string;
}

/** The call of an expression statement, if it is one (`await f()`, `void main()` and `(f())` too). */
export function statementCall(statement: Node): Node | undefined {
  if (statement.type !== 'expression_statement') return undefined;
  const expr = statement.namedChildren.find((c) => c !== null && c.type !== 'comment');
  let inner = expr;
  // `await f()`, `void main()`, `(function () {...}())`.
  while (
    inner?.type === 'await_expression' ||
    inner?.type === 'parenthesized_expression' ||
    (inner?.type === 'unary_expression' && inner.childForFieldName('operator')?.text === 'void')
  )
    inner = inner.namedChildren.find((c) => c !== null && c.type !== 'comment');
  return inner?.type === 'call_expression' ? inner : undefined;
}

/** The function a call runs right where it is written: `(() => {...})()`, `(function () {...})()`. */
export function immediatelyCalled(call: Node): Node | undefined {
  let callee: Node | null | undefined = call.childForFieldName('function');
  while (callee?.type === 'parenthesized_expression')
    callee = callee.namedChildren.find((c) => c !== null && c.type !== 'comment');
  return callee && /^(arrow_function|function_expression|function)$/.test(callee.type) ? callee : undefined;
}

export function callArguments(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter(
    (c): c is Node => c !== null && c.type !== 'comment',
  );
}

/** `console.assert(...)`, `assert(...)`, `assert.ok(...)`, `assert.strictEqual(a, b)` and kin. */
export function assertion(call: Node, source: Pick<SourceFile, 'functions'>): Assertion | undefined {
  const callee = call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
  const args = callArguments(call);
  if (callee === 'console.assert') {
    const test = args[0];
    if (test?.type === 'binary_expression') {
      const op = test.childForFieldName('operator')?.text ?? '';
      const left = test.childForFieldName('left');
      const right = test.childForFieldName('right');
      if (EQUALITY.has(op) && left && right) {
        const [actual, expected] = ordered(left, right, source);
        return { style: 'console', form: 'assert-compare', actual, expected, check: op };
      }
    }
    return { style: 'console', form: 'assert' };
  }
  const m = /^(?:assert|assert\.strict)(?:\.(\w+))?$/.exec(callee);
  const imported = m ? undefined : assertImports(call.tree.rootNode).get(callee);
  if (!m && imported === undefined) return undefined;
  const method = m ? m[1] : imported;
  if (method !== undefined && COMPARING.has(method) && args[0] && args[1]) {
    const rest = args
      .slice(2)
      .map((a) => a.text)
      .join(', ');
    return {
      style: 'assert',
      form: 'assert-compare',
      actual: args[0],
      expected: args[1],
      check: callee,
      ...(rest ? { rest } : {}),
    };
  }
  if (
    method === undefined ||
    method === 'ok' ||
    COMPARING.has(method) ||
    /^(throws|rejects|match|fail)/.test(method)
  )
    return { style: 'assert', form: 'assert' };
  return undefined;
}

/** node:assert's modules, as imported or required. */
const ASSERT_MODULE = /^['"](?:node:)?assert(?:\/strict)?['"]$/;

const importedAsserts = new WeakMap<object, Map<string, string>>();

/**
 * node:assert's functions the file binds to names of its own (`import { strictEqual } from
 * 'node:assert'`, `const { equal: eq } = require('assert/strict')`): local name -> function name.
 */
function assertImports(root: Node): Map<string, string> {
  const known = importedAsserts.get(root.tree);
  if (known) return known;
  const names = new Map<string, string>();
  for (const statement of root.namedChildren) {
    if (
      statement?.type === 'import_statement' &&
      ASSERT_MODULE.test(statement.childForFieldName('source')?.text ?? '')
    ) {
      for (const spec of statement.descendantsOfType('import_specifier')) {
        const name = spec?.childForFieldName('name')?.text;
        const alias = spec?.childForFieldName('alias')?.text;
        if (name) names.set(alias ?? name, name);
      }
    } else if (statement?.type === 'lexical_declaration' || statement?.type === 'variable_declaration') {
      for (const declarator of statement.namedChildren) {
        const value = declarator?.childForFieldName('value');
        const pattern = declarator?.childForFieldName('name');
        if (value?.type !== 'call_expression' || pattern?.type !== 'object_pattern') continue;
        if (value.childForFieldName('function')?.text !== 'require') continue;
        if (!ASSERT_MODULE.test(callArguments(value)[0]?.text ?? '')) continue;
        for (const part of pattern.namedChildren) {
          if (part?.type === 'shorthand_property_identifier_pattern') names.set(part.text, part.text);
          else if (part?.type === 'pair_pattern') {
            const key = part.childForFieldName('key')?.text;
            const local = part.childForFieldName('value');
            if (key && local?.type === 'identifier') names.set(local.text, key);
          }
        }
      }
    }
  }
  importedAsserts.set(root.tree, names);
  return names;
}

/** The actual side is the one that calls a function of the file (the left one when both or neither do). */
function ordered(left: Node, right: Node, source: Pick<SourceFile, 'functions'>): [Node, Node] {
  const swap = calledFunctions(left, source).length === 0 && calledFunctions(right, source).length > 0;
  return swap ? [right, left] : [left, right];
}

/** `test('name', fn)`, `it(...)`, `describe(...)` of node:test, with their name argument. */
export function nodeTestCall(
  call: Node,
  source: Pick<SourceFile, 'functions'>,
): { kind: 'test' | 'describe'; name: string; body?: Node } | undefined {
  const callee = call.childForFieldName('function');
  const base = callee?.type === 'member_expression' ? callee.childForFieldName('object') : callee;
  const name = base?.type === 'identifier' ? base.text : undefined;
  if (name === undefined || !['test', 'it', 'describe', 'suite'].includes(name)) return undefined;
  // A function of the file with that name is a harness, not node:test.
  if (topLevelNames(source).has(name)) return undefined;
  const args = callArguments(call);
  const fn = args.find(
    (a) => a.type === 'arrow_function' || a.type === 'function_expression' || a.type === 'function',
  );
  if (!fn) return undefined;
  const title = args[0] && /^(string|template_string)$/.test(args[0].type) ? args[0].text.slice(1, -1) : '';
  const body = fn.childForFieldName('body') ?? undefined;
  return {
    kind: name === 'describe' || name === 'suite' ? 'describe' : 'test',
    name: title,
    ...(body ? { body } : {}),
  };
}

function topLevelNames(source: Pick<SourceFile, 'functions'>): Set<string> {
  return new Set(source.functions.filter((f) => !f.parent && f.qualifiedName === f.name).map((f) => f.name));
}

/** Top-level functions of the file called by name in `node`, in order of first call. */
export function calledFunctions(node: Node, source: Pick<SourceFile, 'functions'>): string[] {
  const topLevel = topLevelNames(source);
  const called: string[] = [];
  preorder(node, (n) => {
    if (n.type === 'call_expression' || n.type === 'new_expression') {
      const callee = n.childForFieldName(n.type === 'call_expression' ? 'function' : 'constructor');
      const name = callee?.type === 'identifier' ? callee.text : undefined;
      if (name !== undefined && topLevel.has(name) && !called.includes(name)) called.push(name);
    }
    return true;
  });
  return called;
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

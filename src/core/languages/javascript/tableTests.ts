// Tests written as a loop over a table of cases, as LLMs write many of them:
// - node:test calls inside a loop or an array callback (`for (const c of cases) test(...)`,
//   `cases.forEach(([a, b]) => it(...))`): every iteration registers a test on the same line, and
//   the test of that line is all of them, run in order to the first that fails (the runtime's
//   nodeTest(line)), as Node's first failure among them;
// - a loop or an array callback whose body asserts, itself or through a helper of the file that
//   asserts (`for (...) assert.equal(f(x), y)`, `cases.forEach(([x, y]) => check(x, y))`): the
//   whole statement is one test, which fails where plain Node stops.
import type { Node } from 'web-tree-sitter';
import type { SourceFile } from '../../model';
import { preorder } from '../../parse/walk';
import { assertion, callArguments, calledFunctions, nodeTestCall, statementCall } from './testShapes';

const LOOPS = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);
const FUNCTIONS = /^(arrow_function|function_expression|function|generator_function)$/;

/** A node:test call found inside a loop. */
export interface LoopedNodeTest {
  call: Node;
  name: string;
  body?: Node;
}

/**
 * Whether `statement` repeats: a loop, or a call statement given a function
 * (`xs.forEach(fn)`, `Object.entries(t).map(fn)`); false for anything else.
 */
function repeats(statement: Node): boolean {
  if (LOOPS.has(statement.type)) return true;
  const call = statementCall(statement);
  return call !== undefined && callArguments(call).some((a) => FUNCTIONS.test(a.type));
}

/** The node:test tests registered inside a repeating statement (describe bodies searched too). */
export function loopedNodeTests(statement: Node, source: Pick<SourceFile, 'functions'>): LoopedNodeTest[] {
  if (!repeats(statement)) return [];
  const found: LoopedNodeTest[] = [];
  preorder(statement, (node) => {
    if (node.type !== 'call_expression') return true;
    const shape = nodeTestCall(node, source);
    if (shape?.kind !== 'test') return true;
    found.push({ call: node, name: shape.name, ...(shape.body ? { body: shape.body } : {}) });
    return false; // a test's own body registers nothing Node would run as the file's test
  });
  return found;
}

/**
 * Whether a repeating statement checks something: an assertion in it, or a call of a helper of
 * the file (`helpers`: top-level functions that assert).
 */
export function loopAsserts(
  statement: Node,
  source: Pick<SourceFile, 'functions'>,
  helpers: ReadonlySet<string>,
): boolean {
  if (!repeats(statement)) return false;
  let asserts = false;
  preorder(statement, (node) => {
    if (asserts) return false;
    if (node.type === 'call_expression') {
      const callee = node.childForFieldName('function');
      if (assertion(node, source) || (callee?.type === 'identifier' && helpers.has(callee.text)))
        asserts = true;
    }
    return !asserts;
  });
  return asserts;
}

/** The functions a loop test exercises: those it calls, a helper standing for the ones the helper calls. */
export function loopFunctions(
  statement: Node,
  source: Pick<SourceFile, 'functions'>,
  helperBodies: ReadonlyMap<string, Node>,
): string[] {
  const out: string[] = [];
  for (const name of calledFunctions(statement, source)) {
    const body = helperBodies.get(name);
    const names = body ? calledFunctions(body, source).filter((f) => f !== name) : [name];
    for (const n of names) if (!out.includes(n)) out.push(n);
  }
  return out;
}

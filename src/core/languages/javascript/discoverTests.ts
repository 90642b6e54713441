// Tests a JavaScript / TypeScript file already contains, each runnable on its own:
// - top-level `console.assert(...)` (HumanEvalFix style; the runtime makes a false one throw) and
//   `assert...(...)` statements of node:assert;
// - a top-level call without arguments of a file function named test*, run*, check* or verify*
//   (`const testX = () => {...}; testX();`, the harness HumanEvalFix uses; `runTests();`), or of
//   one that asserts (`main();`, `void main();`);
// - those under `if (require.main === module)` (or an `import.meta` / `process.argv[1]` check);
// - node:test's `test(...)` / `it(...)`, also inside `describe(...)`;
// - a top-level call, with arguments or none, of a helper of the file that asserts (`check(x, 2)`),
//   and a function called where it is written that asserts (`(async () => {...})();`);
// - loops over a table of cases (tableTests.ts): node:test calls in a loop, and a loop that asserts;
// - the whole file, run as Node runs it (wholeFileTest.ts), for a file that decides its exit status
//   itself (a home-made runner), or has no other test but runs its functions.
import type { Node } from 'web-tree-sitter';
import type { SourceFile, TestCase } from '../../model';
import {
  assertion,
  type Assertion,
  calledFunctions,
  immediatelyCalled,
  nodeTestCall,
  oneLine,
  statementCall,
} from './testShapes';
import type { JsFunction } from './functions';
import { loopAsserts, loopedNodeTests, loopFunctions } from './tableTests';
import { wholeFileTest } from './wholeFileTest';

/**
 * The tests, in source order. `nodes`, when given, gets each test's statement by test id, and
 * whether it is a node:test call (which only registers its test when the module loads).
 */
export function discoverJsTests(
  root: Node,
  source: Pick<SourceFile, 'functions'>,
  functions: JsFunction[],
  nodes?: Map<string, { node: Node; nodeTest: boolean }>,
): TestCase[] {
  // The analysis and the instrumented copy ask for the same tree's tests: found once.
  let known = discovered.get(root.tree);
  if (!known) {
    const statements = new Map<string, { node: Node; nodeTest: boolean }>();
    known = { tests: findTests(root, source, functions, statements), statements };
    discovered.set(root.tree, known);
  }
  for (const [id, statement] of known.statements) nodes?.set(id, statement);
  return known.tests;
}

const discovered = new WeakMap<
  object,
  { tests: TestCase[]; statements: Map<string, { node: Node; nodeTest: boolean }> }
>();

function findTests(
  root: Node,
  source: Pick<SourceFile, 'functions'>,
  functions: JsFunction[],
  nodes: Map<string, { node: Node; nodeTest: boolean }>,
): TestCase[] {
  const found: { test: TestCase; node: Node; nodeTest: boolean }[] = [];
  const helperBodies = new Map(
    functions.filter((f) => !f.info.parent && asserts(f)).map((f) => [f.info.qualifiedName, f.body]),
  );
  const helpers = new Set(helperBodies.keys());
  /** A test that runs a function: node:test's, a harness's call, an IIFE. */
  const functionTest = (node: Node, nodeTest: boolean, text: string, label: string, called: string[]) => {
    const line = node.startPosition.row + 1;
    found.push({
      node,
      nodeTest,
      test: {
        id: `test-function:${line}`,
        origin: 'test-function',
        form: 'test-function',
        source: text,
        label,
        functions: called,
        line,
      },
    });
    return true;
  };
  /** A test of one statement that asserts (or loops over asserts). */
  const assertTest = (statement: Node, form: Assertion['form'], called: string[], shape?: Assertion) => {
    const line = statement.startPosition.row + 1;
    found.push({
      node: statement,
      nodeTest: false,
      test: {
        id: `assert:${line}`,
        origin: 'assert',
        form,
        source: statement.text,
        label: oneLine(statement.text),
        ...(shape?.actual ? { actualSource: shape.actual.text } : {}),
        ...(shape?.expected ? { expectedSource: shape.expected.text } : {}),
        functions: called,
        line,
      },
    });
    return true;
  };
  const visit = (statements: readonly (Node | null)[], suites: string[]) => {
    for (const statement of statements) {
      if (!statement) continue;
      const guarded = mainGuardBody(statement);
      if (guarded) {
        visit(guarded, suites);
        continue;
      }
      const call = statementCall(statement);
      if (!call || !visitCall(statement, call, suites)) visitLoop(statement, suites);
    }
  };
  /** A loop over a table of cases: its node:test tests, or itself as one test when it asserts. */
  const visitLoop = (statement: Node, suites: string[]) => {
    const looped = loopedNodeTests(statement, source);
    for (const t of looped)
      functionTest(
        t.call,
        true,
        t.call.text,
        [...suites, t.name].join(' > '),
        t.body ? calledFunctions(t.body, source) : [],
      );
    if (looped.length === 0 && loopAsserts(statement, source, helpers))
      assertTest(statement, 'assert', loopFunctions(statement, source, helperBodies));
  };
  /** A call statement that is a test (true), or not one (false). */
  const visitCall = (statement: Node, call: Node, suites: string[]): boolean => {
    const shape = assertion(call, source);
    if (shape) return assertTest(statement, shape.form, calledFunctions(call, source), shape);
    const nodeTest = nodeTestCall(call, source);
    if (nodeTest?.kind === 'describe' && nodeTest.body) {
      visit(nodeTest.body.namedChildren, [...suites, nodeTest.name]);
      return true;
    }
    if (nodeTest?.kind === 'test') {
      const label = [...suites, nodeTest.name].join(' > ');
      const called = nodeTest.body ? calledFunctions(nodeTest.body, source) : [];
      return functionTest(statement, true, statement.text, label, called);
    }
    const text = statement.text.replace(/;\s*$/, '');
    const body = immediatelyCalled(call)?.childForFieldName('body');
    if (body && ASSERTS.test(body.text))
      return functionTest(statement, false, text, shortLabel(text), calledFunctions(body, source));
    const harness = harnessCall(call, functions);
    if (!harness) return false;
    const name = harness.info.name;
    const label = callArgumentCount(call) > 0 ? oneLine(text) : `${name}()`;
    const called = calledFunctions(harness.body, source).filter((f) => f !== name);
    return functionTest(statement, false, text, label, called);
  };
  visit(root.namedChildren, []);
  found.sort((a, b) => (a.test.line ?? 0) - (b.test.line ?? 0));
  const seen = new Map<string, number>();
  for (const { test, node, nodeTest } of found) {
    const n = (seen.get(test.id) ?? 0) + 1;
    seen.set(test.id, n);
    if (n > 1) test.id = `${test.id}:${n}`;
    nodes.set(test.id, { node, nodeTest });
  }
  const tests = found.map((f) => f.test);
  const whole = wholeFileTest(root, source, tests);
  return whole ? [...tests, whole] : tests;
}

/**
 * A call of node:assert (also its functions imported by name: `strictEqual(...)`), console.assert or
 * an expect(...) chain: what makes a function a harness.
 */
const ASSERTS =
  /\b(?:assert(?:\.\w+)?|console\.assert|expect|(?:strict|deep|notDeep|notStrict)\w*Equal)\s*\(/;

/** A label of one line for a test written over many (an IIFE): its start and its end. */
const LABEL_MAX = 60;
function shortLabel(text: string): string {
  const line = oneLine(text);
  return line.length <= LABEL_MAX ? line : `${line.slice(0, LABEL_MAX / 2)} … ${line.slice(-LABEL_MAX / 3)}`;
}

/** A helper that checks: its body asserts. */
const asserts = (fn: JsFunction) => ASSERTS.test(fn.body.text);

const callArgumentCount = (call: Node) => call.childForFieldName('arguments')?.namedChildCount ?? 0;

/** Names of harnesses that call the checks rather than make them (`runTests()` over a table). */
const HARNESS_NAME = /^(test|run|check|verify)/i;

/**
 * `testX()`, `main()` or `check(input, 2)`: a call of a top-level file function whose body asserts,
 * or without arguments of one whose name says it runs tests (test*, run*, check*, verify*).
 */
function harnessCall(call: Node, functions: JsFunction[]): JsFunction | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'identifier') return undefined;
  const fn = functions.find((f) => !f.info.parent && f.info.qualifiedName === callee.text);
  if (!fn) return undefined;
  return asserts(fn) || (callArgumentCount(call) === 0 && HARNESS_NAME.test(callee.text)) ? fn : undefined;
}

/** What a file runs only as the main program (`if (require.main === module)`, `import.meta`...). */
const MAIN_GUARD =
  /require\.main\s*===?\s*module|module\s*===?\s*require\.main|import\.meta|process\.argv\s*\[\s*1\s*\]/;

/** The statements of `if (<main guard>) { ... }`: its tests are the file's (Node runs them as the main). */
function mainGuardBody(statement: Node): (Node | null)[] | undefined {
  if (statement.type !== 'if_statement' || statement.childForFieldName('alternative')) return undefined;
  if (!MAIN_GUARD.test(statement.childForFieldName('condition')?.text ?? '')) return undefined;
  const body = statement.childForFieldName('consequence');
  if (!body) return undefined;
  return body.type === 'statement_block' ? body.namedChildren : [body];
}

// Tests a JavaScript / TypeScript file already contains, each runnable on its own:
// - top-level `console.assert(...)` (HumanEvalFix style; the runtime makes a false one throw) and
//   `assert...(...)` statements of node:assert;
// - a top-level call without arguments of a file function named test* (`const testX = () =>
//   {...}; testX();`), the harness HumanEvalFix uses;
// - node:test's `test(...)` / `it(...)`, also inside `describe(...)`.
import type { Node } from 'web-tree-sitter';
import type { SourceFile, TestCase } from '../../model';
import { assertion, calledFunctions, nodeTestCall, oneLine, statementCall } from './testShapes';
import type { JsFunction } from './functions';

export function discoverJsTests(
  root: Node,
  source: Pick<SourceFile, 'functions'>,
  functions: JsFunction[],
): TestCase[] {
  const tests: TestCase[] = [];
  const visit = (statements: readonly (Node | null)[], suites: string[]) => {
    for (const statement of statements) {
      if (!statement) continue;
      const call = statementCall(statement);
      if (!call) continue;
      const line = statement.startPosition.row + 1;
      const shape = assertion(call, source);
      if (shape) {
        tests.push({
          id: `assert:${line}`,
          origin: 'assert',
          form: shape.form,
          source: statement.text,
          label: oneLine(statement.text),
          ...(shape.actual ? { actualSource: shape.actual.text } : {}),
          ...(shape.expected ? { expectedSource: shape.expected.text } : {}),
          functions: calledFunctions(call, source),
          line,
        });
        continue;
      }
      const nodeTest = nodeTestCall(call, source);
      if (nodeTest?.kind === 'describe' && nodeTest.body) {
        visit(nodeTest.body.namedChildren, [...suites, nodeTest.name]);
        continue;
      }
      if (nodeTest?.kind === 'test') {
        tests.push({
          id: `test-function:${line}`,
          origin: 'test-function',
          form: 'test-function',
          source: statement.text,
          label: [...suites, nodeTest.name].join(' > '),
          functions: nodeTest.body ? calledFunctions(nodeTest.body, source) : [],
          line,
        });
        continue;
      }
      const harness = harnessCall(call, functions);
      if (harness) {
        const name = harness.info.name;
        tests.push({
          id: `test-function:${line}`,
          origin: 'test-function',
          form: 'test-function',
          source: statement.text.replace(/;\s*$/, ''),
          label: `${name}()`,
          functions: calledFunctions(harness.body, source).filter((f) => f !== name),
          line,
        });
      }
    }
  };
  visit(root.namedChildren, []);
  tests.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const seen = new Map<string, number>();
  for (const t of tests) {
    const n = (seen.get(t.id) ?? 0) + 1;
    seen.set(t.id, n);
    if (n > 1) t.id = `${t.id}:${n}`;
  }
  return tests;
}

/** `testX()`: a call without arguments of a top-level file function whose name starts with test. */
function harnessCall(call: Node, functions: JsFunction[]): JsFunction | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'identifier' || !/^test/i.test(callee.text)) return undefined;
  if ((call.childForFieldName('arguments')?.namedChildCount ?? 0) > 0) return undefined;
  return functions.find((f) => !f.info.parent && f.info.qualifiedName === callee.text);
}

// A test typed by the user or passed with --test: `assert f(1) == 2`, `assert ok(x)`, a comparison
// `f(1) == 2`, any other expression (truthy passes) or a bare call `f(1)` (passes unless it
// raises). Several statements are a setup and a check: the last statement is the check, the ones
// before it run first in the same namespace (`from shop.cart import Cart; c = Cart(); assert ...`).
// LDB's feedback format is accepted as is: a trailing `# Real Execution Output: ...` comment is
// dropped. A pytest node id is the collected test it names (run under pytest, see pytestItem/).
import type { Node } from 'web-tree-sitter';
import { badInput } from '../../errors';
import type { SourceFile, TestCase } from '../../model';
import { loadParser } from '../../parse/treeSitter';
import { isPytestNodeId } from './pytestItem/nodeId';
import { testOfNodeId } from './pytestItem/nodeIdTest';
import { pythonSyntaxErrors } from './syntaxErrors';
import { assertShape, calledFunctions, comparisonShape, oneLine } from './testShapes';

const LDB_OUTPUT_COMMENT = /\s*#\s*Real Execution Output:[\s\S]*$/;

export async function parseGivenTest(
  text: string,
  index: number,
  source: Pick<SourceFile, 'functions'>,
  wasmDir: string,
): Promise<TestCase> {
  if (isPytestNodeId(text)) return testOfNodeId(text);
  const code = text.replace(LDB_OUTPUT_COMMENT, '').trim();
  const fail = (why: string) => badInput(`cannot parse test '${oneLine(text)}': ${why}`);
  if (code === '') throw fail('it is empty');
  const parser = await loadParser('python', wasmDir);
  const tree = parser.parse(code);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    const root = tree.rootNode;
    const problem = pythonSyntaxErrors(root, code)[0];
    if (problem) throw fail(`syntax error at ${problem.line}:${problem.column}`);
    const statements = root.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
    const statement = statements[statements.length - 1];
    if (!statement) throw fail('it is empty');
    const setup = statements.slice(0, -1);
    const notACheck =
      setup.length === 0
        ? 'expected an assert, an expression or a call'
        : 'its last statement must be an assert, an expression or a call (the check)';
    const called = statements.flatMap((s) => calledFunctions(s, source));
    const base = {
      id: `given:${index}`,
      origin: 'given' as const,
      functions: [...new Set(called)],
      ...(setup.length > 0 ? { setupSource: setup.map((s) => s.text).join('\n') } : {}),
    };
    // The label shows the whole test, setup included.
    const label = (check: string) => oneLine([...setup.map((s) => s.text), check].join('; '));
    if (statement.type === 'assert_statement') {
      return {
        ...base,
        ...assertShape(statement, source),
        source: statement.text,
        label: label(statement.text),
      };
    }
    const expr =
      statement.type === 'expression_statement' && statement.namedChildCount === 1
        ? statement.namedChild(0)
        : null;
    if (
      !expr ||
      expr.type === 'assignment' ||
      expr.type === 'augmented_assignment' ||
      expr.type === 'yield'
    ) {
      throw fail(notACheck);
    }
    const shape = comparisonShape(expr, source);
    if (shape.form === 'assert-compare') {
      // Run as an assert, so that a plain execution of `source` fails when the sides differ.
      const asserted = `assert ${expr.text}`;
      return { ...base, ...shape, source: asserted, label: label(asserted) };
    }
    const form = expr.type === 'call' ? 'call' : 'expression';
    return { ...base, form, source: expr.text, label: label(expr.text) };
  } finally {
    tree.delete();
  }
}

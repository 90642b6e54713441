// A test typed by the user or passed with --test: `assert f(1) == 2`, `assert ok(x)`, a comparison
// `f(1) == 2`, any other expression (truthy passes) or a bare call `f(1)` (passes unless it
// raises). LDB's feedback format is accepted as is: a trailing `# Real Execution Output: ...`
// comment is dropped.
import { badInput } from '../../errors';
import type { SourceFile, TestCase } from '../../model';
import { loadParser } from '../../parse/treeSitter';
import { pythonSyntaxErrors } from './syntaxErrors';
import { assertShape, calledFunctions, comparisonShape, oneLine } from './testShapes';

const LDB_OUTPUT_COMMENT = /\s*#\s*Real Execution Output:[\s\S]*$/;

export async function parseGivenTest(
  text: string,
  index: number,
  source: Pick<SourceFile, 'functions'>,
  wasmDir: string,
): Promise<TestCase> {
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
    const statements = root.namedChildren.filter((n) => n !== null && n.type !== 'comment');
    if (statements.length !== 1 || !statements[0])
      throw fail('expected one assert, expression or call, not several statements');
    const statement = statements[0];
    const base = {
      id: `given:${index}`,
      origin: 'given' as const,
      functions: calledFunctions(statement, source),
    };
    if (statement.type === 'assert_statement') {
      return {
        ...base,
        ...assertShape(statement, source),
        source: statement.text,
        label: oneLine(statement.text),
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
      throw fail('expected an assert, an expression or a call');
    }
    const shape = comparisonShape(expr, source);
    if (shape.form === 'assert-compare') {
      // Run as an assert, so that a plain execution of `source` fails when the sides differ.
      const asserted = `assert ${expr.text}`;
      return { ...base, ...shape, source: asserted, label: oneLine(asserted) };
    }
    const form = expr.type === 'call' ? 'call' : 'expression';
    return { ...base, form, source: expr.text, label: oneLine(expr.text) };
  } finally {
    tree.delete();
  }
}

// A test typed by the user or passed with --test, for a JavaScript / TypeScript file:
// `console.assert(f(1) === 2)`, `assert.strictEqual(f(1), 2)`, a comparison `f(1) === 2` (run as
// a console.assert, so a plain run fails when the sides differ), a call `f(1)` (passes unless it
// throws) or any other expression (truthy passes).
import { badInput } from '../../errors';
import type { SourceFile, TestCase } from '../../model';
import { treeSyntaxErrors } from '../../parse/syntaxErrors';
import { loadParser } from '../../parse/treeSitter';
import { assertion, calledFunctions, oneLine, statementCall } from './testShapes';

const EQUALITY = /^(===|==|!==|!=)$/;

export async function parseGivenJsTest(
  text: string,
  index: number,
  source: Pick<SourceFile, 'functions'>,
  wasmDir: string,
): Promise<TestCase> {
  const code = text.trim().replace(/;$/, '');
  const fail = (why: string) => badInput(`cannot parse test '${oneLine(text)}': ${why}`);
  if (code === '') throw fail('it is empty');
  const parser = await loadParser('javascript', wasmDir);
  const tree = parser.parse(code);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    const root = tree.rootNode;
    const problem = treeSyntaxErrors(root, code)[0];
    if (problem) throw fail(`syntax error at ${problem.line}:${problem.column}`);
    const statements = root.namedChildren.filter((n) => n !== null && n.type !== 'comment');
    const statement = statements[0];
    if (statements.length !== 1 || !statement || statement.type !== 'expression_statement')
      throw fail('expected one assertion, expression or call, not several statements');
    const base = {
      id: `given:${index}`,
      origin: 'given' as const,
      functions: calledFunctions(statement, source),
    };
    const call = statementCall(statement);
    const shape = call ? assertion(call, source) : undefined;
    if (shape) {
      return {
        ...base,
        form: shape.form,
        source: code,
        label: oneLine(code),
        ...(shape.actual ? { actualSource: shape.actual.text } : {}),
        ...(shape.expected ? { expectedSource: shape.expected.text } : {}),
      };
    }
    const expr = statement.namedChildren.find((c) => c !== null && c.type !== 'comment');
    if (!expr || expr.type === 'assignment_expression')
      throw fail('expected an assertion, an expression or a call');
    const op = expr.type === 'binary_expression' ? (expr.childForFieldName('operator')?.text ?? '') : '';
    if (EQUALITY.test(op)) {
      const asserted = `console.assert(${expr.text})`;
      const again = parser.parse(asserted);
      try {
        const wrapped = again ? statementCall(again.rootNode.namedChildren[0]) : undefined;
        const compare = wrapped ? assertion(wrapped, source) : undefined;
        return {
          ...base,
          form: 'assert-compare',
          source: asserted,
          label: oneLine(asserted),
          ...(compare?.actual ? { actualSource: compare.actual.text } : {}),
          ...(compare?.expected ? { expectedSource: compare.expected.text } : {}),
        };
      } finally {
        again?.delete();
      }
    }
    const form = expr.type === 'call_expression' || expr.type === 'await_expression' ? 'call' : 'expression';
    return { ...base, form, source: expr.text, label: oneLine(expr.text) };
  } finally {
    tree.delete();
  }
}

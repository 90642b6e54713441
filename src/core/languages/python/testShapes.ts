// What found tests and given tests share: how an assert is classified, which of the file's
// functions a test calls, and the one-line label shown for a test.
import type { Node } from 'web-tree-sitter';
import type { SourceFile, TestForm } from '../../model';
import { preorder } from '../../parse/walk';

export interface AssertShape {
  form: Extract<TestForm, 'assert' | 'assert-compare'>;
  actualSource?: string;
  expectedSource?: string;
}

/**
 * `assert <actual> == <expected>[, msg]` is an assert-compare; any other assert, a chained
 * comparison included, is a plain assert.
 */
export function assertShape(statement: Node, source: Pick<SourceFile, 'functions'>): AssertShape {
  const test = statement.namedChildren.find((c) => c !== null && c.type !== 'comment');
  return test ? comparisonShape(test, source) : { form: 'assert' };
}

/**
 * A single `==` comparison gives both sides; anything else is a plain boolean test. The left side
 * is the actual value, as LDB's tests are written (`assert f(x) == 3`), unless only the right
 * side calls a function of the file (`assert 3 == f(x)`).
 */
export function comparisonShape(expr: Node, source: Pick<SourceFile, 'functions'>): AssertShape {
  if (expr.type !== 'comparison_operator') return { form: 'assert' };
  const operators = expr.childrenForFieldName('operators');
  const operands = expr.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  const [left, right] = operands;
  if (operators.length !== 1 || operators[0]?.type !== '==' || operands.length !== 2 || !left || !right) {
    return { form: 'assert' };
  }
  const swap = calledFunctions(left, source).length === 0 && calledFunctions(right, source).length > 0;
  const [actual, expected] = swap ? [right, left] : [left, right];
  return { form: 'assert-compare', actualSource: actual.text, expectedSource: expected.text };
}

/**
 * Module-level functions of the file called by name in `node`, in order of first call. Only
 * module-level functions can be called by a bare name from a test; a name defined twice refers
 * to its last definition, which keeps the plain qualified name.
 */
export function calledFunctions(node: Node, source: Pick<SourceFile, 'functions'>): string[] {
  const topLevel = new Set(
    source.functions.filter((f) => !f.parent && f.qualifiedName === f.name).map((f) => f.name),
  );
  const called: string[] = [];
  preorder(node, (n) => {
    if (n.type === 'call') {
      const callee = n.childForFieldName('function');
      const name = callee?.type === 'identifier' ? callee.text.normalize('NFKC') : undefined;
      if (name !== undefined && topLevel.has(name) && !called.includes(name)) called.push(name);
    }
    return true;
  });
  return called;
}

/** Whitespace runs, newlines included, become one space: a label fits on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

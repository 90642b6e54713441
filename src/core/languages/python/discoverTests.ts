// Tests a Python file already contains: doctest examples in function docstrings, `assert`
// statements at module level or under `if __name__ == "__main__":`, and `def test_*():` functions
// at module level that need no arguments. Each becomes a TestCase the runtime can run on its own.
import type { Node, Parser } from 'web-tree-sitter';
import type { SourceFile, TestCase } from '../../model';
import { docstringText, expandTabs, type PythonFunction } from './functions';
import { assertShape, calledFunctions, comparisonShape, oneLine } from './testShapes';

export interface DiscoverInput {
  source: Pick<SourceFile, 'functions'>;
  root: Node;
  /** Parses doctest sources to see which functions they call. */
  parser: Parser;
  functions: PythonFunction[];
}

export function discoverTests({ source, root, parser, functions }: DiscoverInput): TestCase[] {
  const tests: TestCase[] = [];
  for (const statement of root.namedChildren) {
    if (!statement) continue;
    if (statement.type === 'assert_statement') tests.push(assertTest(statement, source));
    else if (statement.type === 'if_statement' && isMainGuard(statement)) {
      for (const inner of statement.childForFieldName('consequence')?.namedChildren ?? []) {
        if (inner?.type === 'assert_statement') tests.push(assertTest(inner, source));
      }
    }
  }
  for (const fn of functions) {
    if (isTestFunction(fn, root)) tests.push(testFunction(fn, source));
    if (fn.docstring) tests.push(...doctests(fn, source, parser));
  }
  tests.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  // Two tests on one line (`assert a; assert b`) keep distinct ids.
  const seen = new Map<string, number>();
  for (const t of tests) {
    const n = (seen.get(t.id) ?? 0) + 1;
    seen.set(t.id, n);
    if (n > 1) t.id = `${t.id}:${n}`;
  }
  return tests;
}

function assertTest(statement: Node, source: DiscoverInput['source']): TestCase {
  const line = statement.startPosition.row + 1;
  return {
    id: `assert:${line}`,
    origin: 'assert',
    ...assertShape(statement, source),
    source: statement.text,
    label: oneLine(statement.text),
    functions: calledFunctions(statement, source),
    line,
  };
}

const MAIN_GUARD = /^\(?\s*(?:__name__\s*==\s*(['"])__main__\1|(['"])__main__\2\s*==\s*__name__)\s*\)?$/;

function isMainGuard(statement: Node): boolean {
  return MAIN_GUARD.test(statement.childForFieldName('condition')?.text ?? '');
}

/** A module-level, non-async `def test_*` whose parameters all have defaults. */
function isTestFunction(fn: PythonFunction, root: Node): boolean {
  const outer = fn.node.parent?.type === 'decorated_definition' ? fn.node.parent : fn.node;
  return (
    outer.parent?.id === root.id &&
    /^test_/.test(fn.info.name) &&
    !fn.info.isAsync &&
    fn.requiredParams === 0 &&
    fn.info.qualifiedName === fn.info.name
  );
}

function testFunction(fn: PythonFunction, source: DiscoverInput['source']): TestCase {
  const call = `${fn.info.name}()`;
  const body = fn.node.childForFieldName('body');
  return {
    id: `test-function:${fn.info.defLine}`,
    origin: 'test-function',
    form: 'test-function',
    source: call,
    label: call,
    functions: body ? calledFunctions(body, source).filter((f) => f !== fn.info.name) : [],
    line: fn.info.defLine,
  };
}

interface Example {
  line: number;
  source: string;
  want: string;
}

/**
 * One test per example with expected output. An example without output that is a `==`
 * comparison (`>>> f(19) == 'xix'`, common in generated docstrings) is a check its author meant
 * (doctest itself would want `True` printed): it becomes an assert-compare. Other examples without
 * output (`>>> s = Stack()`, `>>> import math`) are set-up: they are prepended to every later
 * example of the same docstring, which is how doctest's shared globals make them matter. Examples
 * with output are not replayed before later ones, so the trace of a failing example holds that
 * example's calls only.
 */
function doctests(fn: PythonFunction, source: DiscoverInput['source'], parser: Parser): TestCase[] {
  const statement = fn.docstring;
  const doc = statement ? docstringText(statement) : undefined;
  if (!statement || !doc) return [];
  const text = doc.raw ? doc.text : unescapePython(doc.text);
  const tests: TestCase[] = [];
  const setup: string[] = [];
  for (const example of doctestExamples(text, statement.startPosition.row + 1)) {
    const tree = parser.parse(example.source);
    if (!tree) continue;
    try {
      const root = tree.rootNode;
      const only = root.namedChildCount === 1 ? root.namedChild(0) : null;
      const expr =
        only?.type === 'expression_statement' && only.namedChildCount === 1 ? only.namedChild(0) : null;
      const shape = expr && !root.hasError ? comparisonShape(expr, source) : undefined;
      const check = example.want === '' && shape?.form === 'assert-compare';
      if (example.want === '' && !check) {
        setup.push(example.source);
        continue;
      }
      const called = calledFunctions(root, source);
      const run = check ? `assert ${example.source}` : example.source;
      tests.push({
        id: `doctest:${example.line}`,
        origin: 'doctest',
        form: check ? 'assert-compare' : 'doctest',
        source: [...setup, run].join('\n'),
        label: check ? oneLine(run) : `${oneLine(example.source)} -> ${oneLine(example.want)}`,
        ...(check ? { actualSource: shape.actualSource, expectedSource: shape.expectedSource } : {}),
        ...(check ? {} : { expectedOutput: example.want }),
        functions: called.length > 0 ? called : [fn.info.qualifiedName],
        line: example.line,
      });
    } finally {
      tree.delete();
    }
  }
  return tests;
}

/**
 * doctest's own grammar: a `>>> ` line and its `... ` continuations at the same indentation are the
 * source; the non-blank lines after them that do not start with `>>>` are the expected output,
 * with that indentation removed. `firstLine` is the file line where the docstring's text starts.
 */
export function doctestExamples(docstring: string, firstLine: number): Example[] {
  const lines = docstring.split(/\r?\n/).map(expandTabs);
  const examples: Example[] = [];
  let i = 0;
  const next = (): string | undefined => lines[i + 1];
  for (; i < lines.length; i++) {
    const prompt = /^( *)>>>(?: (.*)|$)/.exec(lines[i] ?? '');
    if (!prompt) continue;
    const indent = prompt[1] ?? '';
    const source = [prompt[2] ?? ''];
    const line = firstLine + i;
    for (let l = next(); l?.startsWith(`${indent}...`); l = next()) {
      const cont = /^ *\.\.\.(?: (.*)|$)/.exec(l);
      if (!cont) break;
      source.push(cont[1] ?? '');
      i++;
    }
    const want: string[] = [];
    for (let l = next(); l !== undefined && l.trim() !== '' && !/^ *>>>/.test(l); l = next()) {
      want.push(l.startsWith(indent) ? l.slice(indent.length) : l.trimStart());
      i++;
    }
    examples.push({ line, source: source.join('\n').trimEnd(), want: want.join('\n') });
  }
  return examples;
}

const ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
  '\r\n': '',
};

/** The value of a non-raw string literal's body: what doctest sees in `__doc__`. */
export function unescapePython(text: string): string {
  return text.replace(
    /\\(\r\n|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g,
    (match, esc: string) => {
      const simple = ESCAPES[esc];
      if (simple !== undefined) return simple;
      const code = /^[xuU]./.test(esc)
        ? parseInt(esc.slice(1), 16)
        : /^[0-7]+$/.test(esc)
          ? parseInt(esc, 8)
          : NaN;
      if (code <= 0x10ffff) return String.fromCodePoint(code);
      return match; // unknown escapes (`\d`, `\N{...}`) stay as written, as in Python
    },
  );
}

// Tests found in a file: doctests, module-level and __main__ asserts, test_* functions. Golden
// JSON per fixture pins every field; the assertions below say which behaviour each one checks.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { doctestExamples, unescapePython } from '../../../src/core/languages/python/discoverTests';
import type { SourceFile, TestCase } from '../../../src/core/model';
import { parseSource, readSource } from '../../../src/core/source';
import { expectGoldenJson } from '../../support/golden';
import { nth } from '../python-blocks/invariants';
import { DIST_DIR, LDB_DATA_DIR, PYTHON_FIXTURES } from '../../support/paths';

const DIR = join(PYTHON_FIXTURES, 'tests');

async function testsOf(name: string): Promise<TestCase[]> {
  const source = await readSource(join(DIR, name), DIST_DIR);
  assert.deepEqual(source.syntaxErrors, []);
  return source.tests;
}

/** Looks tests up by id, failing when one is not there. */
function byId(tests: TestCase[]): (id: string) => TestCase {
  return (id) => {
    const found = tests.find((t) => t.id === id);
    assert.ok(found, `no test ${id} among ${tests.map((t) => t.id).join(', ')}`);
    return found;
  };
}

describe('python tests: discovery', () => {
  for (const name of ['doctests', 'asserts', 'test_functions']) {
    it(`${name}.py: golden`, async () => {
      expectGoldenJson(`tests/${name}.json`, await testsOf(`${name}.py`));
    });
  }

  it('takes doctest examples with their expected output, continuation lines and set-up', async () => {
    const found = await testsOf('doctests.py');
    const tests = byId(found);
    assert.deepEqual(
      found.map((t) => t.id),
      [
        'doctest:4',
        'doctest:6',
        'doctest:16',
        'doctest:18',
        'doctest:21',
        'doctest:25',
        'doctest:29',
        'doctest:38',
        'doctest:47',
      ],
    );
    assert.deepEqual(
      [tests('doctest:4').source, tests('doctest:4').expectedOutput, tests('doctest:4').functions],
      ['add(1, 2)', '3', ['add']],
    );
    assert.equal(tests('doctest:6').source, "add(\n    'a',\n    'b',\n)");
    assert.equal(tests('doctest:6').label, "add( 'a', 'b', ) -> 'ab'");
    // the two examples without output before it are its set-up, and stay set-up for later ones
    assert.equal(tests('doctest:16').source, 'xs = [3, 1, 2]\nimport math\nadd(max(xs), math.floor(0.5))');
    assert.ok(tests('doctest:18').source.startsWith('xs = [3, 1, 2]\nimport math\n'));
    // output lines run to the next prompt or a blank line; indentation of the prompt is removed
    assert.equal(tests('doctest:18').expectedOutput, 'x\ny');
    assert.match(
      tests('doctest:21').expectedOutput ?? '',
      /^Traceback \(most recent call last\):\n {4}\.\.\.\nTypeError/,
    );
    assert.equal(tests('doctest:25').expectedOutput, 'a\n<BLANKLINE>\nb');
  });

  it('takes an example without output that compares with == as the check its author meant', async () => {
    const check = byId(await testsOf('doctests.py'))('doctest:29');
    assert.deepEqual(
      [check.form, check.actualSource, check.expectedSource, check.label],
      ['assert-compare', 'add(2, 2)', '4', 'assert add(2, 2) == 4'],
    );
    assert.equal(check.source, 'xs = [3, 1, 2]\nimport math\nassert add(2, 2) == 4');
  });

  it('reads escapes as Python does: processed in a plain docstring, kept in a raw one', async () => {
    const tests = byId(await testsOf('doctests.py'));
    assert.ok(tests('doctest:18').source.endsWith("print(add('x\\ny', ''))"));
    assert.equal(tests('doctest:38').source, "raw_doc('\\d+')");
    assert.equal(tests('doctest:38').expectedOutput, "'\\\\d+'");
  });

  it('credits a doctest that calls no function by name to the function it documents', async () => {
    const tests = byId(await testsOf('doctests.py'));
    assert.deepEqual(tests('doctest:47').functions, ['Counter.bump']);
  });

  it('takes module-level and __main__ asserts, comparing the call side with the other', async () => {
    const tests = await testsOf('asserts.py');
    assert.deepEqual(
      tests.map((t) => `${t.id} ${t.form}`),
      [
        'assert:10 assert-compare',
        'assert:11 assert',
        'assert:12 assert-compare',
        'assert:13 assert',
        'assert:14 assert-compare',
        'assert:15 assert-compare',
        'assert:18 assert-compare',
        'assert:18:2 assert',
        'assert:24 assert-compare',
        'assert:26 assert',
        'assert:29 assert-compare',
      ],
    );
    const t = byId(tests);
    assert.deepEqual([t('assert:10').actualSource, t('assert:10').expectedSource], ['square(2)', '4']);
    assert.deepEqual([t('assert:14').actualSource, t('assert:14').expectedSource], ['square(4)', '16']);
    assert.equal(t('assert:15').label, 'assert square( 5 ) == 25');
    assert.equal(t('assert:15').source, 'assert square(\n    5\n) == 25');
    assert.deepEqual(t('assert:11').functions, ['is_even']);
  });

  it('takes module-level test_* functions callable without arguments, and nothing else', async () => {
    const tests = await testsOf('test_functions.py');
    assert.deepEqual(
      tests.map((t) => [t.source, t.functions, t.line]),
      [
        ['test_slugify()', ['slugify'], 8],
        ['test_with_default()', ['slugify'], 12],
        ['test_decorated()', ['helper', 'slugify'], 25],
      ],
    );
  });

  it('finds no tests where there are none, and in a file with a syntax error keeps the good ones', async () => {
    const empty = await parseSource({ path: 'e.py', text: '', wasmDir: DIST_DIR });
    assert.deepEqual(empty.tests, []);
    const broken: SourceFile = await parseSource({
      path: 'b.py',
      text: 'def f(x):\n    return x +\n\nassert f(1) == 2\n',
      wasmDir: DIST_DIR,
    });
    assert.ok(broken.syntaxErrors.length > 0);
    assert.deepEqual(
      broken.tests.map((t) => t.id),
      ['assert:4'],
    );
  });

  it('parses doctest examples by doctest rules', () => {
    // `>>>f(2)` (no space) ends the output above it but is no prompt: doctest itself rejects it
    assert.deepEqual(doctestExamples('  >>> f(1)\n  2\n  >>>f(2)\n  >>> g()\n\n  3\n', 10), [
      { line: 10, source: 'f(1)', want: '2' },
      { line: 13, source: 'g()', want: '' },
    ]);
  });

  it('unescapes string literal bodies', () => {
    assert.equal(
      unescapePython('a\\nb\\t\\\\ \\x41\\u00e9\\U0001F600 \\101 \\d \\\nz'),
      'a\nb\t\\ Aé😀 A \\d z',
    );
  });

  it('finds the doctests of the HumanEval programs LDB debugged', async function () {
    const file = join(LDB_DATA_DIR, 'humaneval', 'ldb-results-gpt-3.5.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    let programs = 0;
    let withPrompts = 0;
    let doctests = 0;
    for (const line of lines) {
      const record = JSON.parse(line) as { implementations: string[] };
      const code = nth(record.implementations, 0);
      const source = await parseSource({ path: 'p.py', text: code, wasmDir: DIST_DIR });
      const found = source.tests.filter((t) => t.origin === 'doctest');
      if (/^\s*>>> /m.test(code)) withPrompts++;
      if (found.length > 0) programs++;
      doctests += found.length;
      for (const t of found) assert.ok(t.functions.length > 0, t.label);
    }
    console.log(`    ${doctests} doctests in ${programs} of ${lines.length} programs`);
    assert.equal(programs, withPrompts, 'every program with a >>> prompt gives doctests');
  });
});

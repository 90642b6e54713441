// Tests typed by the user or passed with --test: how each shape is classified, and one clear
// bad-input line for anything that is not one test.
import { strict as assert } from 'node:assert';
import { isLdbError } from '../../../src/core/errors';
import { parseGivenTest } from '../../../src/core/languages/python/givenTest';
import type { SourceFile, TestCase } from '../../../src/core/model';
import { parseSource } from '../../../src/core/source';
import { DIST_DIR } from '../../support/paths';

const PROGRAM =
  'def f(x):\n    return x + 1\n\ndef is_ok(x):\n    return x > 0\n\nclass C:\n    def f(self):\n        return 0\n';

let source: SourceFile;
before(async () => {
  source = await parseSource({ path: 'p.py', text: PROGRAM, wasmDir: DIST_DIR });
});

function given(text: string, index = 0): Promise<TestCase> {
  return parseGivenTest(text, index, source, DIST_DIR);
}

async function rejected(text: string): Promise<string> {
  try {
    await given(text);
  } catch (e) {
    assert.ok(isLdbError(e, 'bad-input'), `not a bad-input LdbError: ${String(e)}`);
    assert.ok(!e.message.includes('\n'), 'one line');
    return e.message;
  }
  return assert.fail(`accepted ${JSON.stringify(text)}`);
}

describe('python tests: given on the command line', () => {
  it('reads `assert a == b` as assert-compare, left side actual', async () => {
    assert.deepEqual(await given('assert f(1) == 2', 3), {
      id: 'given:3',
      origin: 'given',
      form: 'assert-compare',
      actualSource: 'f(1)',
      expectedSource: '2',
      source: 'assert f(1) == 2',
      label: 'assert f(1) == 2',
      functions: ['f'],
    });
  });

  it('reads any other assert as a plain assert', async () => {
    const t = await given('assert is_ok(f(0)) and f(1) > 1');
    assert.deepEqual(
      [t.form, t.source, t.functions],
      ['assert', 'assert is_ok(f(0)) and f(1) > 1', ['is_ok', 'f']],
    );
    assert.equal((await given('assert f(1) == 2 == 2')).form, 'assert');
  });

  it('runs a bare == comparison as an assert and records both sides', async () => {
    const t = await given('f(1) == 2');
    assert.deepEqual(
      [t.form, t.source, t.actualSource, t.expectedSource],
      ['assert-compare', 'assert f(1) == 2', 'f(1)', '2'],
    );
    const swapped = await given('2 == f(1)');
    assert.deepEqual([swapped.actualSource, swapped.expectedSource], ['f(1)', '2']);
  });

  it('reads a bare call as a call and any other expression as an expression', async () => {
    assert.deepEqual([(await given('f(1)')).form, (await given('C().f()')).form], ['call', 'call']);
    for (const text of ['is_ok(1) and f(2) > 2', 'not is_ok(-1)', 'f(1) != 3', 'f(1) in [2, 3]']) {
      assert.equal((await given(text)).form, 'expression', text);
    }
  });

  it("drops LDB's `# Real Execution Output:` comment and surrounding space", async () => {
    const t = await given('  assert f(1) == 3 # Real Execution Output: 2\n');
    assert.deepEqual([t.source, t.expectedSource], ['assert f(1) == 3', '3']);
  });

  it('accepts one statement over several lines and labels it on one line', async () => {
    const t = await given('assert f(\n    1,\n) == 2');
    assert.deepEqual(
      [t.form, t.label, t.actualSource],
      ['assert-compare', 'assert f( 1, ) == 2', 'f(\n    1,\n)'],
    );
  });

  it('counts only functions of the file called by name', async () => {
    assert.deepEqual((await given('assert len(str(f(1))) == 1')).functions, ['f']);
    assert.deepEqual((await given('C().f()')).functions, []);
  });

  it('rejects a syntax error with its position, in one line', async () => {
    assert.equal(
      await rejected('assert f(1 == 2'),
      "cannot parse test 'assert f(1 == 2': syntax error at 1:9",
    );
    // CPython says 1:13 (the `=`); tree-sitter's recovery starts at the expression before it
    assert.equal(
      await rejected('assert f(1) = 2'),
      "cannot parse test 'assert f(1) = 2': syntax error at 1:8",
    );
    assert.equal(await rejected('return f(1)'), "cannot parse test 'return f(1)': syntax error at 1:1");
  });

  it('reads several statements as a setup and a check, the last statement', async () => {
    assert.deepEqual(await given('x = f(1)\nfrom os import sep\nassert f(x) == 3'), {
      id: 'given:0',
      origin: 'given',
      form: 'assert-compare',
      actualSource: 'f(x)',
      expectedSource: '3',
      setupSource: 'x = f(1)\nfrom os import sep',
      source: 'assert f(x) == 3',
      label: 'x = f(1); from os import sep; assert f(x) == 3',
      functions: ['f'],
    });
    const loop = await given('total = 0\nfor i in range(3):\n    total += f(i)\nis_ok(total)');
    assert.equal(loop.setupSource, 'total = 0\nfor i in range(3):\n    total += f(i)');
    assert.equal(loop.form, 'call');
    assert.deepEqual(loop.functions, ['f', 'is_ok']);
    assert.equal(
      await rejected('assert f(1) == 2\nx = f(2)'),
      "cannot parse test 'assert f(1) == 2 x = f(2)': its last statement must be an assert, an expression or a call (the check)",
    );
  });

  it('rejects statements that are not tests, and nothing', async () => {
    assert.equal(
      await rejected('x = f(1)'),
      "cannot parse test 'x = f(1)': expected an assert, an expression or a call",
    );
    assert.equal(
      await rejected('import os'),
      "cannot parse test 'import os': expected an assert, an expression or a call",
    );
    assert.equal(await rejected('   '), "cannot parse test '': it is empty");
    assert.equal(
      await rejected('# Real Execution Output: 3'),
      "cannot parse test '# Real Execution Output: 3': it is empty",
    );
  });
});

// Tests over a table of cases (src/core/languages/javascript/tableTests.ts), as LLMs write many:
// node:test calls in a for loop or a forEach callback, loops and forEach callbacks that assert, and
// calls of a helper that asserts. Each is found as a test, and its run ends as plain Node's does
// (the first failing case), on the line Node reports.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { failure, tracedJs } from '../../support/jsTraced';
import { FIXTURES_DIR } from '../../support/paths';

const DIR = join(FIXTURES_DIR, 'js', 'tables');
const traced = (file: string, given?: string) => tracedJs(DIR, file, given);

describe('js tests over a table of cases', () => {
  it('test() in a for loop: one test, its cases run in order to the first that fails', async () => {
    const { source, test, entry, run } = await traced('node_test_loop.cjs');
    assert.deepEqual(
      source.tests.map((t) => t.id),
      ['test-function:24'],
    );
    assert.deepEqual([test.label, entry], ['romanToInt(${input}) is ${expected}', 'romanToInt']);
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly equal:', 25]);
    assert.match(run.outcome.exception?.message ?? '', /4 !== 5/, 'the fourth case, the first that fails');
  });

  it('it() in a forEach callback inside describe, after a plain it()', async () => {
    const { source, test, run } = await traced('describe_foreach.mjs');
    assert.deepEqual(
      source.tests.map((t) => t.label),
      ['slugify > keeps a plain word', 'slugify > slugifies ${JSON.stringify(title)}'],
    );
    assert.equal(test.id, 'test-function:21');
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly equal:', 22]);
    assert.match(run.outcome.exception?.message ?? '', /ends-with-/);
  });

  it('a for loop that asserts is a test: it fails on the line plain Node stops at', async () => {
    const { source, test, entry, run } = await traced('loop_asserts.js');
    assert.deepEqual(
      source.tests.map((t) => t.id),
      ['assert:8', 'assert:16'],
    );
    assert.deepEqual([test.id, entry], ['assert:16', 'isPalindrome']);
    assert.deepEqual(failure(run), ['failed', 'isPalindrome("a")', 17]);
  });

  it('a forEach callback that asserts, in an ES module', async () => {
    const { test, run } = await traced('foreach_asserts.mjs');
    assert.equal(test.id, 'assert:7');
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly equal:', 12]);
  });

  it('calls of a helper that asserts are tests, traced in the function the helper checks', async () => {
    const { source, test, entry, run } = await traced('check_helper.js');
    assert.deepEqual(
      source.tests.map((t) => t.label),
      ['check([3, 1, 2], 2)', 'check([4, 1, 3, 2], 2.5)', 'check([10, 9, 2], 9)'],
    );
    assert.deepEqual([test.id, entry], ['test-function:16', 'median']);
    assert.deepEqual(failure(run), ['failed', 'median([10,9,2])', 11]);
  });

  it('a loop calling such a helper is a test too', async () => {
    const { test, entry, run } = await traced('loop_helper.js');
    assert.deepEqual([test.id, entry], ['assert:16', 'countVowels']);
    assert.deepEqual(failure(run), ['failed', 'AEIOU', 12]);
  });
});

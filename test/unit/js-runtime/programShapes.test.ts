// Shapes of test programs LLMs write, run as plain Node runs them: node:test as CommonJS's default
// export (`const test = require('node:test')`), tests that count on what earlier ones left (a
// counter), a `main()` harness under `if (require.main === module)`, classes without functions,
// a test picked by the id `ldb tests` gave it, and node:test's mock (t.mock, mock.fn).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { failure, tracedJs } from '../../support/jsTraced';
import { FIXTURES_DIR } from '../../support/paths';

const DIR = join(FIXTURES_DIR, 'js', 'runtime');
const traced = (file: string, given?: string) => tracedJs(DIR, file, given);

describe('js programs as LLMs write them', () => {
  it("require('node:test') is the test function; a test sees what the earlier ones did, not skipped ones", async () => {
    const { test, run } = await traced('node_test_default.cjs');
    assert.equal(test.label, 'second counts on the first');
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly equal:', 19]);
    assert.match(run.outcome.exception?.message ?? '', /4 !== 3/, 'the skipped test did not count');
  });

  it('top-level asserts run after the ones before them: the first that fails is the one Node stops at', async () => {
    const { test, run } = await traced('shared_asserts.js');
    assert.equal(test.id, 'assert:11');
    assert.deepEqual(failure(run), ['failed', '2 == 3', 11]);
  });

  it('a main() that asserts, called under if (require.main === module), is a test', async () => {
    const { test, entry, run } = await traced('main_guard.js');
    assert.deepEqual([test.label, entry], ['main()', 'inc']);
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly equal:', 8]);
  });

  it('a file with classes only is traced from the method the test calls', async () => {
    const { entry, run } = await traced('classes_only.js');
    assert.equal(entry, 'Rect.area');
    assert.deepEqual(
      run.visits.map((v) => v.block),
      ['Rect.constructor#0', 'Rect.area#0'],
    );
  });

  it('--test takes the id ldb tests gave a test of the file', async () => {
    const { test, run } = await traced('shared_asserts.js', 'assert:10');
    assert.deepEqual([test.label, run.outcome.status], ['assert.equal(calls, 1);', 'passed']);
  });

  it("t.mock is the test's own: what it mocked is restored before the next test, as in Node", async () => {
    const { test, run } = await traced('node_test_mock.cjs');
    assert.equal(test.label, 'the real clock again');
    // 0.6 from the real clock; 2.1 had the first test's mock stayed.
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly equal:', 20]);
    assert.match(run.outcome.exception?.message ?? '', /0\.6 !== 0\.5/);
  });

  it("import { mock, skip } from 'node:test' in an ES module: Node's own mock.fn; skip() a test that does not run", async () => {
    const { run } = await traced('node_test_mock.mjs');
    assert.deepEqual(failure(run), ['error', 'not yet', 19]);
  });

  it('tests after the chosen one go with the hooks of their callbacks (assert.throws(() => {...}))', async () => {
    const { test, entry, run } = await traced('later_callbacks.js');
    assert.deepEqual([test.id, entry], ['assert:11', 'parseAge']);
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly equal:', 11]);
    assert.ok(
      run.visits.every((v) => v.function === 'parseAge'),
      'no visit of the callbacks of the tests after it',
    );
  });

  it('a test over several lines that returns a promise is awaited: main().catch(...)', async () => {
    const { test, entry, run } = await traced('main_catch.js');
    assert.deepEqual(
      [test.label, entry],
      ['main().catch((err) => { console.error(err.message); process.exitCode = 1; });', 'fetchTotal'],
    );
    // The program catches the failure and says so by process.exitCode alone: Node exits with 1.
    assert.deepEqual(failure(run), [
      'error',
      'the program set process.exitCode = 1: Node exits with it',
      undefined,
    ]);
    assert.ok(run.stderr.includes('Expected values to be strictly equal'), run.stderr);
  });

  it('assert.rejects(...) not awaited at the top level still fails the test, as an unhandled rejection fails Node', async () => {
    const { run } = await traced('top_level_rejects.js');
    assert.deepEqual(failure(run).slice(0, 2), ['failed', 'Missing expected rejection.']);
  });

  it('TypeScript with imports and `if (require.main === module)`, which TypeScript compiles to CommonJS: require, module and __filename are there', async () => {
    const { test, entry, run } = await traced('ts_require_main.ts');
    assert.deepEqual([test.label, entry], ['main()', 'inRange']);
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly equal:', 15]);
  });

  it("import x = require('y') beside ES imports", async () => {
    const { entry, run } = await traced('ts_import_require.ts');
    assert.equal(entry, 'countEvents');
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly equal:', 14]);
  });

  it('void main(): a test, its promise awaited', async () => {
    const { test, entry, run } = await traced('void_main.mjs');
    assert.deepEqual([test.label, entry], ['main()', 'average']);
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly equal:', 9]);
  });

  it('runTests() over a table of test closures is a test', async () => {
    const { test, entry, run } = await traced('run_tests.js');
    assert.deepEqual([test.label, entry], ['runTests()', 'titleCase']);
    assert.deepEqual(failure(run).slice(0, 2), [
      'error',
      "Cannot read properties of undefined (reading 'toUpperCase')",
    ]);
  });

  it('what comes after a chosen top-level assert does not run before it (state changed between asserts)', async () => {
    const { source, test, run } = await traced('interleaved_state.js');
    assert.equal(source.tests.length, 3);
    // The second assert fails where Node stops: with 'b' last, not the 'c' the lines after it push.
    assert.equal(test.id, 'assert:17');
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly equal:', 17]);
    assert.match(run.outcome.exception?.message ?? '', /'b' !== 'a'/);
  });

  it("a test's context: t.beforeEach and t.after around its subtests (t.test), each with a context of its own", async () => {
    const { test, run } = await traced('node_test_subtests.cjs');
    assert.equal(test.label, 'a stack');
    assert.ok(run.visits.some((v) => v.function === 'Stack.pop'));
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly equal:', 34]);
    assert.match(run.outcome.exception?.message ?? '', /1 !== 2/);
  });

  it('an async function called where it is written, that asserts, is a test: its promise awaited', async () => {
    const { test, entry, run } = await traced('iife.mjs');
    assert.deepEqual([test.id, entry], ['test-function:9', 'loadConfig']);
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly equal:', 11]);
  });

  it("node:assert's functions bound to names of the file's own (required or imported) are asserts", async () => {
    const { source, test, entry, run } = await traced('bare_asserts.cjs');
    assert.deepEqual(
      source.tests.map((t) => [t.id, t.form]),
      [
        ['assert:9', 'assert-compare'],
        ['assert:10', 'assert-compare'],
      ],
    );
    assert.deepEqual([test.id, entry], ['assert:10', 'chunk']);
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly deep-equal:', 10]);
  });

  it('a comparing assert that awaits at an ES module top level: both sides awaited', async () => {
    const { test, entry, run } = await traced('top_level_await.mjs');
    assert.deepEqual([test.id, entry], ['assert:9', 'fetchScore']);
    assert.deepEqual(failure(run), ['failed', 'Expected values to be strictly equal:', 9]);
    assert.deepEqual([run.outcome.actual, run.outcome.expected], ['29', '30']);
  });
});

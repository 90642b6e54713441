// `ldb tests` and `ldb trace` on JavaScript and TypeScript files, as a user runs them: the tests
// with their ids, the first failing test traced when none is given, and bad input in one line.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { expectGolden } from '../../support/golden';
import { FIXTURES_DIR } from '../../support/paths';

const BLOCKS = join(FIXTURES_DIR, 'js', 'blocks');
const RUNTIME = join(FIXTURES_DIR, 'js', 'runtime');

describe('cli: JavaScript and TypeScript', () => {
  it('ldb tests --json lists the tests with their ids, per function', async () => {
    const run = await runCli(['tests', join(BLOCKS, 'humaneval_style.js'), '--json']);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { functions: { name: string; tests: { id: string }[] }[] };
    assert.deepEqual(
      json.functions.map((f) => [f.name, f.tests.map((t) => t.id)]),
      [['sumEven', ['test-function:20', 'assert:21']]],
    );
  });

  it('ldb trace without --test traces the first failing test, into the function it calls', async () => {
    const run = await runCli(['trace', join(RUNTIME, 'throws.js'), '--json']);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as {
      function: string;
      test: string;
      outcome: { status: string };
      visits: unknown[];
    };
    assert.deepEqual(
      [json.function, json.test, json.outcome.status, json.visits.length],
      ['first', 'console.assert(first([]) === undefined);', 'error', 2],
    );
  });

  it('ldb trace without --test skips the tests that pass', async () => {
    const run = await runCli(['trace', join(RUNTIME, 'second_fails.js'), '--json']);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { test: string; outcome: { status: string; actual?: string } };
    assert.deepEqual(
      [json.test, json.outcome.status, json.outcome.actual],
      ['console.assert(half(5) === 3);', 'failed', '2'],
    );
  });

  it('a failing top-level assert is placed on its own line, a given test on none past the file', async () => {
    const file = join(RUNTIME, 'top_level_assert.js');
    const lineOf = async (args: string[]) => {
      const run = await runCli(['trace', file, ...args, '--json']);
      assert.equal(run.code, 0, run.stderr);
      return (JSON.parse(run.stdout) as { outcome: { exception?: { line?: number } } }).outcome.exception
        ?.line;
    };
    assert.equal(await lineOf([]), 7, 'the line the assert starts on (the file has 10)');
    assert.equal(await lineOf(['--test', 'assert.equal(add(2, 2), 4)']), undefined);
  });

  it('ldb trace on .mts and .ts files', async () => {
    for (const file of ['module_esm.mts', 'typed.ts']) {
      const run = await runCli(['trace', join(RUNTIME, file)]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^\w+ on console\.assert\(.*\nfailed: expected \d, got \d\n/);
    }
  });

  it('--level line: a visit per line that runs, each a statement of the .js file', async () => {
    const run = await runCli([
      'trace',
      join(BLOCKS, 'humaneval_style.js'),
      '--test',
      'sumEven([1, 2, 4])',
      '--level',
      'line',
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { visits: { block: string }[]; prompt: string };
    // Lines 6 (let), 7 (the for test, once per iteration and once to leave), 8 (the if), 9 (+=), 12.
    assert.deepEqual(
      json.visits.map((v) => v.block),
      [6, 7, 8, 7, 8, 9, 7, 8, 9, 7, 12].map((line) => `sumEven@L${line}`),
    );
    expectGolden('cli/trace/js-level-line.prompt.txt', json.prompt);
  });

  const bad: [string, string[], RegExp][] = [
    [
      'a syntax error',
      ['trace', join(BLOCKS, 'syntax_error.js')],
      /^ldb: .*syntax_error\.js: syntax error at 2:12/,
    ],
    [
      'a namespace',
      ['trace', join(RUNTIME, 'namespace.ts')],
      /^ldb: .*namespace\.ts:1: 'namespace Shapes \{' is TypeScript that only/,
    ],
    [
      'a missing node',
      ['trace', join(RUNTIME, 'throws.js'), '--test', 'first([1])', '--node', 'node-nowhere'],
      /^ldb: cannot run Node 'node-nowhere': not found/,
    ],
  ];
  for (const [what, args, message] of bad) {
    it(`${what}: exit 2 and one line`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    });
  }
});

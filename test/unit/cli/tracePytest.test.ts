// `ldb trace PROGRAM --test NODEID`: one pytest item run under pytest itself, every function of the
// project's own files it reaches traced (blocks and visits name their file); the entry is where the
// test goes wrong; an id that names nothing and a test that never reaches the project are bad input.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { expectGolden } from '../../support/golden';
import { FIXTURES_DIR } from '../../support/paths';

const PROJECTS = join(FIXTURES_DIR, 'projects');

interface Visit {
  function: string;
  file?: string;
  block: string;
}

interface TraceJson {
  function: string;
  file?: string;
  outcome: {
    status: string;
    expected?: string;
    actual?: string;
    exception?: { type: string; message: string; function?: string; file?: string };
  };
  blocks: { id: string; file?: string }[];
  visits: Visit[];
  prompt: string;
  stdout: string;
  timing?: unknown;
  isolation?: unknown;
  interpreter?: unknown;
}

async function traced(program: string, test: string, ...args: string[]): Promise<TraceJson> {
  const run = await runCli(['trace', join(PROJECTS, program), '--test', test, '--json', ...args], {
    timeoutMs: 60_000,
  });
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as TraceJson;
}

async function refused(program: string, test: string | undefined): Promise<string> {
  const args = test === undefined ? [] : ['--test', test];
  const run = await runCli(['trace', join(PROJECTS, program), ...args], { timeoutMs: 60_000 });
  assert.equal(run.code, 2, `exit ${run.code}: ${run.stdout}${run.stderr}`);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  return lines[0];
}

/** What depends on this machine (times, the interpreter, isolation) is not golden. */
function normalise(json: TraceJson): unknown {
  const { timing: _t, isolation: _i, interpreter: _p, stdout, ...rest } = json;
  return { ...rest, stdout: stdout.replace(/ in \d+(?:\.\d+)?s/g, ' in Ns') };
}

describe('ldb trace --test NODEID: a pytest item under pytest', function () {
  this.timeout(120_000);

  it('a parametrized item of a src/ layout: blocks and visits in cart.py and pricing.py', async () => {
    const json = await traced(
      'src_layout/src/shop/cart.py',
      'tests/test_cart.py::test_apply_discount[3-10-2.7]',
    );
    assert.equal(json.outcome.status, 'passed', JSON.stringify(json.outcome));
    const files = new Set(json.blocks.map((b) => b.file));
    assert.deepEqual([...files].sort(), ['src/shop/cart.py', 'src/shop/pricing.py']);
    assert.ok(json.visits.some((v) => v.file === 'src/shop/pricing.py' && v.function === 'round_money'));
    expectGolden('cli/trace/pytest_src_layout.json', JSON.stringify(normalise(json), null, 1));
  });

  it('a failed assertion: expected and actual from pytest, the entry is the function it checked', async () => {
    const json = await traced('checkout/tests/test_basket.py', 'tests/test_basket.py::test_total');
    assert.equal(json.outcome.status, 'failed');
    assert.deepEqual(
      { expected: json.outcome.expected, actual: json.outcome.actual },
      { expected: '13.5', actual: '14' },
    );
    assert.deepEqual(
      { function: json.function, file: json.file },
      {
        function: 'basket_total',
        file: 'src/checkout/basket.py',
      },
    );
    assert.ok(json.visits.some((v) => v.file === 'src/checkout/tax.py'));
    expectGolden('cli/trace/pytest_checkout_total.prompt.txt', json.prompt);
  });

  it("an assertion comparing the project's objects: the entry is the function checked, not __eq__, and pytest's reprs for its message are not traced", async () => {
    const json = await traced('checkout/tests/test_money.py', 'tests/test_money.py::test_split');
    assert.equal(json.outcome.status, 'failed');
    assert.deepEqual([json.function, json.file], ['split', 'src/checkout/money.py']);
    const called = new Set(json.visits.map((v) => v.function));
    assert.ok(called.has('Money.__eq__'), [...called].join(', '));
    assert.ok(!called.has('Money.__repr__'), [...called].join(', '));
  });

  it('an exception: an error, the entry is the deepest project frame', async () => {
    const json = await traced('checkout/tests/test_basket.py', 'tests/test_basket.py::test_negative');
    assert.equal(json.outcome.status, 'error');
    assert.equal(json.outcome.exception?.type, 'ValueError');
    assert.deepEqual(
      { function: json.function, file: json.file, raisedIn: json.outcome.exception?.file },
      { function: 'with_tax', file: 'src/checkout/tax.py', raisedIn: 'src/checkout/tax.py' },
    );
  });

  it("an assertion without a comparison: failed with pytest's message", async () => {
    const json = await traced('checkout/tests/test_settle.py', 'tests/test_settle.py::test_settle_message');
    assert.equal(json.outcome.status, 'failed');
    assert.equal(json.outcome.expected, undefined);
    assert.match(json.outcome.exception?.message ?? '', /^settled below zero\nassert -1 > 0/);
    assert.equal(json.function, 'settle');
  });

  it('a test that runs past the time limit: a timeout, in the function that was running', async () => {
    const json = await traced(
      'checkout/tests/test_settle.py',
      'tests/test_settle.py::test_settle_forever',
      '--timeout-ms',
      '1000',
    );
    assert.equal(json.outcome.status, 'timeout', JSON.stringify(json.outcome));
    assert.deepEqual([json.function, json.file], ['settle', 'src/checkout/tax.py']);
  });

  it('--function names the entry as module:function or path.py::function', async () => {
    const id = 'tests/test_basket.py::test_total';
    const byModule = await traced('checkout/tests/test_basket.py', id, '--function', 'checkout.tax:with_tax');
    assert.deepEqual([byModule.function, byModule.file], ['with_tax', 'src/checkout/tax.py']);
    const byPath = await traced(
      'checkout/tests/test_basket.py',
      id,
      '--function',
      'src/checkout/tax.py::with_tax',
    );
    assert.deepEqual([byPath.function, byPath.file], ['with_tax', 'src/checkout/tax.py']);
  });

  it('a test file without --test: its first test that does not pass, passing ones skipped', async () => {
    const run = await runCli(['trace', join(PROJECTS, 'checkout/tests/test_receipt.py'), '--json'], {
      timeoutMs: 60_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as TraceJson & { test: string };
    assert.equal(json.test, 'tests/test_receipt.py::test_two_small');
    assert.deepEqual(
      [json.outcome.status, json.outcome.expected, json.outcome.actual],
      ['failed', '3.0', '4'],
    );
    // Only the traced test's calls: the passing test's visits were dropped with it.
    assert.deepEqual(
      json.visits
        .filter((v) => v.function === 'basket_total')
        .map((v) => v.block)
        .slice(0, 1),
      ['basket_total#0'],
    );
    assert.ok(json.prompt.startsWith('[BLOCK-0]\n# prices = [1.25, 1.25]'), json.prompt);
  });

  it('a test file whose tests all pass, without --test: one line saying so', async () => {
    assert.equal(
      await refused('src_layout/tests/test_cart.py', undefined),
      'ldb: every test in tests/test_cart.py passes: name the one to trace with --test (ldb tests tests/test_cart.py lists them)',
    );
  });

  it('a node id naming no test: one line with the three closest ids', async () => {
    assert.equal(
      await refused('checkout/tests/test_basket.py', 'tests/test_basket.py::test_totl'),
      `ldb: no test 'tests/test_basket.py::test_totl' in ${join(PROJECTS, 'checkout')}: the closest are ` +
        'tests/test_basket.py::test_total, tests/test_basket.py::test_typo, tests/test_basket.py::test_negative',
    );
  });

  it('a test failing before it reaches the project (a NameError in the test): one line saying so', async () => {
    assert.equal(
      await refused('checkout/tests/test_basket.py', 'tests/test_basket.py::test_typo'),
      "ldb: tests/test_basket.py::test_typo never reached the project's code: NameError: name 'basket_totl' is not defined (tests/test_basket.py:15); fix the test itself",
    );
  });
});

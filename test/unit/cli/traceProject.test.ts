// `ldb trace` on a file of a project: the module is imported by its name in the project
// (`shop.cart`, so relative imports work) with its package root and the project's source root
// first on sys.path, as pytest's configuration makes them importable.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { FIXTURES_DIR } from '../../support/paths';

const PROJECTS = join(FIXTURES_DIR, 'projects');

interface TraceJson {
  outcome: {
    status: string;
    expected?: string;
    actual?: string;
    exception?: { type: string; message: string };
  };
  visits: { function: string }[];
}

async function traced(file: string, test: string): Promise<TraceJson> {
  const run = await runCli(['trace', join(PROJECTS, file), '--test', test, '--json']);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as TraceJson;
}

describe('ldb trace: a file of a project', function () {
  this.timeout(60_000);

  it('a module of a src/ package with a relative import', async () => {
    const json = await traced('src_layout/src/shop/cart.py', 'assert apply_discount(3, 10) == 2.7');
    assert.equal(json.outcome.status, 'passed', JSON.stringify(json.outcome));
    assert.ok(json.visits.some((v) => v.function === 'apply_discount'));
  });

  it('a test module of a flat project importing a module of the root', async () => {
    const json = await traced('flat/tests/test_inventory.py', "test_total({'apple': 4})");
    assert.equal(json.outcome.status, 'passed', JSON.stringify(json.outcome));
  });

  it('a test of several statements importing the package: the last assert is the check', async () => {
    const test = 'from shop.cart import Cart\ncart = Cart()\ncart.add(2.5, 2)\nassert cart.total() == 4';
    const json = await traced('src_layout/src/shop/cart.py', test);
    assert.equal(json.outcome.status, 'failed', JSON.stringify(json.outcome));
    assert.deepEqual(
      { expected: json.outcome.expected, actual: json.outcome.actual },
      { expected: '4', actual: '5.0' },
    );
    assert.ok(json.visits.some((v) => v.function === 'Cart.total'));
  });

  it('a module of a package at the project root (calc.ops)', async () => {
    const json = await traced('unittest_project/calc/ops.py', 'assert mean([1, 2, 3]) == 2');
    assert.equal(json.outcome.status, 'passed', JSON.stringify(json.outcome));
  });
});

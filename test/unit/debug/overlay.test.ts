// Verifying a fix that spans files runs the program with the changed files imported from temporary
// copies (runtime/ldb_overlay.py): a plain test in the tracer runtime and a pytest item under pytest
// both see the changed helper module, even with the old module's bytecode cached beside it, and the
// user's files stay byte for byte as they were.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVisibleTests } from '../../../src/core/debug/visibleTests';
import { withDebugDefaults } from '../../../src/core/settings';
import { readSource } from '../../../src/core/source';
import { resolveTest } from '../../../src/core/trace/tracing';
import { DIST_DIR, FIXTURES_DIR } from '../../support/paths';

let root: string;

async function actualWith(test: string, overlay: ReadonlyMap<string, string>): Promise<string | undefined> {
  const source = await readSource(join(root, 'store', 'order.py'), DIST_DIR);
  const settings = withDebugDefaults();
  const [result] = await runVisibleTests({
    source,
    tests: [await resolveTest(source, test, 0, { dir: DIST_DIR })],
    settings,
    assets: { dir: DIST_DIR },
    concurrency: 1,
    overlay,
  });
  return result.outcome.actual;
}

describe('runs with the files a fix changed', function () {
  this.timeout(60_000);
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ldb-overlay-'));
    cpSync(join(FIXTURES_DIR, 'projects', 'two_bugs'), root, { recursive: true });
    // Bytecode of the module as it is on disk, as a run of the user's own would leave it.
    execFileSync('python3', ['-m', 'compileall', '-q', join(root, 'store')]);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const money = (): string => join(root, 'store', 'money.py');
  const fixedMoney = (): Map<string, string> =>
    new Map([[money(), readFileSync(money(), 'utf8').replace('(qty + 1)', 'qty')]]);

  for (const [kind, test] of [
    ['a plain test', 'assert order_total([(1.5, 2), (2, 1)]) == 5'],
    ['a pytest item', 'tests/test_order.py::test_order'],
  ] as const) {
    it(`${kind} imports the changed module from its copy; the file on disk stays`, async () => {
      const before = readFileSync(money(), 'utf8');
      assert.equal(await actualWith(test, new Map()), '10');
      assert.equal(await actualWith(test, fixedMoney()), '6');
      assert.equal(readFileSync(money(), 'utf8'), before);
    });
  }
});

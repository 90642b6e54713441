// The debug loop on a pytest item (`ldb debug MODULE --test NODEID`, and the editor's Testing view):
// the item runs under pytest with the module imported from the program's text, so a fix is
// verified before anyone writes it; the file on disk (and a stale .pyc of it) is never what runs.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGivenTest } from '../../../src/core/languages/python/givenTest';
import { testOfNodeId } from '../../../src/core/languages/python/pytestItem/nodeIdTest';
import type { Session } from '../../../src/core/model';
import { parseSource } from '../../../src/core/source';
import { runTest } from '../../../src/core/trace/tracing';
import { withDefaults } from '../../../src/core/settings';
import { runCli } from '../../support/cli';
import { DIST_DIR, FIXTURES_DIR } from '../../support/paths';
import { reply, startScriptedServer, type ScriptedServer } from '../../support/scriptedServer';

const CHECKOUT = join(FIXTURES_DIR, 'projects', 'checkout');
const MODULE = join('src', 'checkout', 'tax.py');
const FAILING = 'tests/test_basket.py::test_total';
const PASSING = 'tests/test_basket.py::test_many[1]';
/** with_tax without the rounding that makes test_total fail. */
const FIXED_WITH_TAX =
  'def with_tax(price):\n    if price < 0:\n        raise ValueError("negative price: %r" % price)\n    return price * (1 + RATE)\n';

describe('pytest node ids as tests', () => {
  it('reads file, class, function and parameters from a node id (parameters kept whole)', () => {
    assert.deepEqual(testOfNodeId(' tests/test_cart.py::TestCart::test_total[a::b-3] ').item, {
      id: 'tests/test_cart.py::TestCart::test_total[a::b-3]',
      file: 'tests/test_cart.py',
      function: 'test_total',
      class: 'TestCart',
      parameters: 'a::b-3',
      markers: [],
      framework: 'pytest',
    });
    assert.deepEqual(testOfNodeId('t/test_x.py::test_y').item?.class, undefined);
  });

  it('takes a node id given as a test for the collected test it names', async () => {
    const source = await parseSource({ path: 'tax.py', text: FIXED_WITH_TAX, wasmDir: DIST_DIR });
    const test = await parseGivenTest(PASSING, 0, source, DIST_DIR);
    assert.equal(test.origin, 'collected');
    assert.equal(test.id, PASSING);
    assert.equal(test.item?.parameters, '1');
  });
});

describe('a pytest item run on a program that is not on disk', function () {
  this.timeout(120_000);
  let root: string;
  let server: ScriptedServer | undefined;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ldb-pytest-debug-'));
    cpSync(CHECKOUT, root, { recursive: true });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('imports the module from the given text, even over a fresh .pyc of the file on disk', async () => {
    // A .pyc of the text on disk, valid for its mtime: a loader that trusted it would run the old code.
    execFileSync('python3', ['-m', 'compileall', '-q', join(root, 'src')]);
    const path = join(root, MODULE);
    const disk = readFileSync(path, 'utf8');
    const fixed = disk.replace(
      /def with_tax[\s\S]*?return round\(price \* \(1 \+ RATE\)\)\n/,
      FIXED_WITH_TAX,
    );
    assert.notEqual(fixed, disk);
    const settings = withDefaults({ python: 'python3' });
    const assets = { dir: DIST_DIR };
    const test = testOfNodeId(FAILING);
    const run = async (text: string, traced: boolean) =>
      runTest({
        source: await parseSource({ path, text, wasmDir: DIST_DIR }),
        test,
        settings,
        assets,
        traced,
      });
    const before = await run(disk, true);
    assert.equal(before.outcome.status, 'failed');
    assert.deepEqual([before.outcome.expected, before.outcome.actual], ['13.5', '14']);
    assert.ok(
      before.visits.some((v) => v.function === 'with_tax'),
      'the module was traced',
    );
    const after = await run(fixed, false);
    assert.equal(after.outcome.status, 'passed', JSON.stringify(after.outcome));
    assert.deepEqual(after.visits, [], 'a plain run traces nothing');
    assert.equal(readFileSync(path, 'utf8'), disk);
  });

  it('ldb debug MODULE --test NODEID verifies the fix under pytest and writes only with --write', async () => {
    server = await startScriptedServer((request) =>
      (request.messages[request.messages.length - 1]?.content ?? '').startsWith('Fix the code')
        ? reply('```python\n' + FIXED_WITH_TAX + '```')
        : reply('{"block": "BLOCK-1", "correct": false, "explanation": "rounds the price"}'),
    );
    const path = join(root, MODULE);
    const disk = readFileSync(path, 'utf8');
    const debug = (...extra: string[]) =>
      runCli(
        ['debug', path, '--function', 'with_tax', '--test', FAILING, '--test', PASSING, '--json', ...extra],
        {
          cwd: root,
          env: { LDB_BASE_URL: server!.baseUrl, LDB_MODEL: 'scripted', OPENAI_API_KEY: '', LDB_API_KEY: '' },
          timeoutMs: 90_000,
        },
      );
    const run = await debug();
    assert.equal(run.code, 0, run.stderr);
    const session = JSON.parse(run.stdout) as Session;
    assert.equal(session.status, 'fixed');
    assert.deepEqual(
      session.iterations[0].results.map((r) => [r.test, r.outcome.status]),
      [
        [FAILING, 'failed'],
        [PASSING, 'passed'],
      ],
    );
    assert.equal(session.iterations[0].tracedTest, FAILING);
    assert.deepEqual(
      session.iterations[0].fix?.results.map((r) => r.outcome.status),
      ['passed', 'passed'],
    );
    assert.equal(readFileSync(path, 'utf8'), disk, 'not written without --write');
    const written = await debug('--write');
    assert.equal(written.code, 0, written.stderr);
    assert.ok(readFileSync(path, 'utf8').includes('    return price * (1 + RATE)\n'));
  });
});

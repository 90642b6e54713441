// `ldb trace --test NODEID` on the shapes pytest suites take: a package configured in setup.cfg
// (relative imports, a class parametrized with ids, a fixture with yield, xfail, skip, skipif, a
// unittest TestCase), and a project without configuration whose tests find the code through a path
// their conftest adds, run from its folder.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { FIXTURES_DIR } from '../../support/paths';

const PROJECTS = join(FIXTURES_DIR, 'projects');
const LEDGER = join(PROJECTS, 'ledger');

interface TraceJson {
  test: string;
  function: string;
  file?: string;
  outcome: { status: string; expected?: string; actual?: string; exception?: { type: string } };
  visits: { function: string; file?: string; depth: number; call?: number }[];
}

async function traced(cwd: string, args: string[]): Promise<TraceJson> {
  const run = await runCli(['trace', ...args, '--json'], { cwd, timeoutMs: 60_000 });
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as TraceJson;
}

const visited = (json: TraceJson) => [...new Set(json.visits.map((v) => `${v.file}::${v.function}`))].sort();

describe('ldb trace --test NODEID: the shapes of pytest suites', function () {
  this.timeout(120_000);

  it('a class parametrized with ids, with a yield fixture: blocks in both modules, the fixture not traced', async () => {
    const json = await traced(LEDGER, [
      'ledger/book.py',
      '--test',
      'tests/test_book.py::TestBalance::test_after_add[tenths]',
    ]);
    assert.deepEqual(
      [json.outcome.status, json.outcome.expected, json.outcome.actual],
      ['failed', '1150', '1105'],
    );
    assert.deepEqual(visited(json), [
      'ledger/book.py::Book.add',
      'ledger/book.py::Book.balance',
      'ledger/entries.py::Entry.__init__',
      'ledger/entries.py::parse_amount',
    ]);
    // The fixture made the book and added the rent in its setup: only the test's own add is traced.
    assert.equal(json.visits.filter((v) => v.function === 'Book.add' && v.depth === 0).length, 1);
  });

  it('an expected failure (xfail) named by its id: traced as the failure it is', async () => {
    const json = await traced(LEDGER, [
      'ledger/book.py',
      '--test',
      'tests/test_book.py::test_three_decimals',
    ]);
    assert.deepEqual(
      [json.outcome.status, json.outcome.expected, json.outcome.actual],
      ['failed', '100', '105'],
    );
  });

  it('a unittest TestCase method: failed, its calls traced', async () => {
    const json = await traced(LEDGER, [
      'ledger/book.py',
      '--test',
      'tests/test_book.py::BookCase::test_two_entries',
    ]);
    assert.deepEqual([json.outcome.status, json.outcome.exception?.type], ['failed', 'AssertionError']);
    assert.deepEqual([json.function, json.file], ['Book.balance', 'ledger/book.py']);
    assert.ok(json.visits.some((v) => v.function === 'parse_amount'));
  });

  it('a test file without --test: skipped tests and expected failures are passed over', async () => {
    const json = await traced(LEDGER, ['tests/test_entries.py']);
    assert.deepEqual([json.test, json.outcome.status], ['tests/test_entries.py::test_tenths', 'failed']);
  });

  it('a skipped test: one line saying why, exit 2', async () => {
    const run = await runCli(['trace', 'ledger/book.py', '--test', 'tests/test_book.py::test_currency'], {
      cwd: LEDGER,
      timeoutMs: 60_000,
    });
    assert.deepEqual(
      [run.code, run.stderr],
      [
        2,
        'ldb: tests/test_book.py::test_currency is skipped (the ledger has no currencies yet): pytest does not run it, nothing to trace\n',
      ],
    );
  });

  it('no configuration: the code found through a path conftest adds, traced across its functions', async () => {
    const json = await traced(join(PROJECTS, 'conftest_path'), [
      'lib/temperature.py',
      '--test',
      'tests/test_temperature.py::test_describe',
    ]);
    assert.deepEqual(
      [json.outcome.status, json.outcome.expected, json.outcome.actual],
      ['failed', "'warm'", "'cold'"],
    );
    assert.deepEqual(visited(json), ['lib/temperature.py::describe', 'lib/temperature.py::to_fahrenheit']);
  });
});

// `ldb trace --test NODEID` on modules imported while the test runs: the plugin recognises a
// project function the first time it runs, wherever its module was imported (a `from .x import y`
// inside a function, importlib.import_module with a name made at run time, the test's own import).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { FIXTURES_DIR } from '../../support/paths';

const PROJECT = join(FIXTURES_DIR, 'projects', 'lazy_imports');

interface TraceJson {
  function: string;
  file?: string;
  outcome: { status: string; expected?: string; actual?: string };
  blocks: { id: string; file?: string; function: string }[];
  visits: { function: string; file?: string }[];
}

async function traced(test: string): Promise<TraceJson> {
  const run = await runCli(['trace', join(PROJECT, 'src/report/summary.py'), '--test', test, '--json'], {
    timeoutMs: 60_000,
  });
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as TraceJson;
}

function visited(json: TraceJson): string[] {
  return [...new Set(json.visits.map((v) => `${v.file}::${v.function}`))].sort();
}

describe('ldb trace --test NODEID: modules imported during the test', function () {
  this.timeout(120_000);

  it('a module imported inside a function (from .stats import mean) is traced', async () => {
    const json = await traced('tests/test_summary.py::test_headline');
    assert.deepEqual(
      [json.outcome.status, json.outcome.expected, json.outcome.actual],
      ['failed', "'mean 1.5'", "'mean 1'"],
    );
    assert.deepEqual(visited(json), ['src/report/stats.py::mean', 'src/report/summary.py::headline']);
    assert.ok(json.blocks.some((b) => b.file === 'src/report/stats.py'));
  });

  it('a module found by importlib.import_module at run time is traced', async () => {
    const json = await traced('tests/test_summary.py::test_formatted');
    assert.equal(json.outcome.status, 'failed');
    assert.deepEqual(visited(json), [
      'src/report/styles/compact.py::render',
      'src/report/summary.py::formatted',
    ]);
  });
});

// The whole file as one test (src/core/languages/javascript/wholeFileTest.ts): a home-made runner
// that catches each failure and exits 1 at the end, or checks that only print, end as Node's run
// of the file does; a file that only defines functions has no such test.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { RunResult } from '../../../src/core/model';
import { withDefaults } from '../../../src/core/settings';
import { firstFailingTest, loadProgram, resolveEntry, runTest } from '../../../src/core/trace/tracing';
import { DIST_DIR, FIXTURES_DIR } from '../../support/paths';

const DIR = join(FIXTURES_DIR, 'js', 'whole');
const assets = { dir: DIST_DIR };
const settings = withDefaults({ timeoutMs: 5000 });

async function traced(file: string): Promise<{ ids: string[]; id: string; entry: string; run: RunResult }> {
  const source = await loadProgram({ path: join(DIR, file), assets });
  const test = await firstFailingTest(source, { settings, assets });
  assert.ok(test !== undefined);
  const run = await runTest({ source, test, settings, assets });
  return {
    ids: source.tests.map((t) => t.id),
    id: test.id,
    entry: resolveEntry(source, undefined, test).qualifiedName,
    run,
  };
}

describe('js: the whole file as a test', () => {
  it('a home-made runner that exits 1 at the end: its tests pass alone, the file does not', async () => {
    const { ids, id, entry, run } = await traced('home_runner.js');
    assert.deepEqual(ids, ['assert:19', 'assert:22', 'whole-file']);
    assert.deepEqual([id, entry], ['whole-file', 'wordCount']);
    assert.deepEqual(
      [run.outcome.status, run.outcome.exception?.type, run.outcome.exception?.line],
      ['error', 'ProcessExit', 27],
    );
    assert.match(run.stdout, /FAIL extra spaces/);
    assert.ok(run.visits.some((v) => v.function === 'wordCount'));
  });

  it('checks that print, and process.exitCode: the only test, traced in the methods the file calls', async () => {
    const { ids, entry, run } = await traced('check_print.js');
    assert.deepEqual(ids, ['whole-file']);
    assert.equal(entry, 'Counter.add');
    assert.deepEqual([run.outcome.status, run.outcome.exception?.type], ['error', 'ProcessExitCode']);
    assert.ok(run.visits.some((v) => v.function === 'Counter.top'));
  });

  it('a file that only defines has none', async () => {
    const source = await loadProgram({ path: join(DIR, 'library_only.js'), assets });
    assert.deepEqual(source.tests, []);
  });
});

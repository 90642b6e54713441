// A JavaScript run that ends the hard way keeps the visits it made before: the runtime streams
// them to the parent while the program runs. One fixture per way of ending: a hang where no hook
// runs (the parent kills it at the time limit), process.exit in the program, a stack overflow, and
// V8 running out of heap (it aborts: nothing of ours runs after).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { RunResult } from '../../../src/core/model';
import { withDefaults, type Settings } from '../../../src/core/settings';
import { firstFailingTest, loadProgram, resolveTest, runTest } from '../../../src/core/trace/tracing';
import { DIST_DIR, FIXTURES_DIR } from '../../support/paths';

const DIR = join(FIXTURES_DIR, 'js', 'runtime');
const assets = { dir: DIST_DIR };

async function run(name: string, extra: Partial<Settings> = {}): Promise<RunResult> {
  const settings = withDefaults({ timeoutMs: 1500, killGraceMs: 500, ...extra });
  const source = await loadProgram({ path: join(DIR, name), assets });
  const chosen = await firstFailingTest(source, { settings, assets });
  assert.ok(chosen !== undefined, 'a test to run');
  const test = await resolveTest(source, chosen, 0, assets);
  return runTest({ source, test, settings, assets });
}

describe('js runtime: the trace survives a hard end', function () {
  this.timeout(30_000);

  it('a hang no hook reaches: killed at the time limit, a timeout with the visits before it', async () => {
    const r = await run('hang_untraced.js', { timeoutMs: 800, killGraceMs: 300 });
    assert.equal(r.outcome.status, 'timeout', JSON.stringify(r.outcome));
    assert.match(r.outcome.exception?.message ?? '', /^killed after \d+ ms/);
    assert.equal(r.limits[0]?.limit, 'time');
    // countDown(3): the loop test four times, its body three times, then the line that hangs.
    assert.deepEqual(
      r.visits.map((v) => v.block),
      [
        'countDown#0',
        'countDown#1',
        'countDown#2',
        'countDown#1',
        'countDown#2',
        'countDown#1',
        'countDown#2',
        'countDown#1',
        'countDown#3',
      ],
    );
    assert.deepEqual(r.visits.at(-1)?.before, { n: '0', steps: '3' });
  });

  it('process.exit(3) in the program: an error at its line, the calls it ended say so', async () => {
    const r = await run('process_exit.js');
    assert.deepEqual(r.outcome, {
      status: 'error',
      exception: {
        type: 'ProcessExit',
        message: 'process.exit(3) ended the program before the test did',
        line: 3,
        function: 'settle',
      },
    });
    assert.deepEqual(
      r.visits.map((v) => [v.block, v.raised?.type, v.raised?.line]),
      [
        ['settle#0', undefined, undefined],
        ['settle#1', 'ProcessExit', 3],
      ],
    );
  });

  it('unbounded recursion: a RangeError with the first and last visits, the middle counted', async () => {
    const r = await run('deep_recursion.js', { maxVisits: 40 });
    assert.equal(r.outcome.status, 'error');
    assert.equal(r.outcome.exception?.type, 'RangeError');
    assert.equal(r.outcome.exception?.function, 'depth');
    assert.equal(r.visits.length, 40);
    assert.ok(r.droppedVisits > 100, `${r.droppedVisits} dropped`);
    assert.deepEqual(
      r.visits.slice(0, 3).map((v) => [v.depth, v.before.n]),
      [
        [0, '0'],
        [1, '1'],
        [2, '2'],
      ],
    );
    assert.equal(r.visits[0]?.raised?.type, 'RangeError');
    const last = r.visits.at(-1)!;
    assert.equal(last.seq, r.visits.length + r.droppedVisits - 1);
  });

  it('out of memory: V8 aborts the process, an error with the memory limit and the visits streamed', async () => {
    const r = await run('out_of_memory.js', {
      memoryBytes: 32 * 1024 * 1024,
      timeoutMs: 10_000,
      maxVisits: 1_000_000,
    });
    assert.equal(r.outcome.status, 'error', JSON.stringify(r.outcome));
    assert.equal(r.outcome.exception?.type, 'LdbOutOfMemory');
    assert.equal(r.limits[0]?.limit, 'memory');
    const iterations = r.visits.filter((v) => v.block === 'hoard#2');
    assert.ok(iterations.length > 50, `${iterations.length} loop visits kept`);
    // In order, none missing: each iteration i saw the i arrays kept before it.
    iterations.forEach((v, i) => assert.equal(v.before.i, String(i)));
  });
});

// Every installed interpreter (3.8 on) and both tracing mechanisms give the same traces: the
// golden cases match their golden files on each, and where sys.monitoring exists (3.12+) the
// forced sys.settrace run gives exactly the same result as the monitoring run.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../../../src/core/model';
import { GOLDEN_DIR } from '../../support/golden';
import { GOLDEN_CASES } from './cases';
import { goldenView, installedPythons, runFixture } from './support';

const pythons = installedPythons();

function golden(id: string): unknown {
  return JSON.parse(readFileSync(join(GOLDEN_DIR, 'python-runtime', `${id}.json`), 'utf8'));
}

function sameRun(a: RunResult, b: RunResult, what: string): void {
  assert.deepEqual(goldenView(a), goldenView(b), what);
}

describe('python runtime: every interpreter, both mechanisms', () => {
  before(function () {
    if (pythons.length === 0) this.skip();
    console.log(`      interpreters: ${pythons.map((p) => p.version).join(', ')}`);
  });

  for (const py of pythons) {
    const minor = Number(py.version.split('.')[1]);
    const hasMonitoring = minor >= 12;

    describe(`python ${py.version}`, () => {
      it('uses sys.monitoring where it exists and sys.settrace otherwise', async () => {
        const run = await runFixture('loop_many', 'assert total(2) == 1', { python: py.executable });
        assert.equal(run.tracer, minor >= 12 ? 'monitoring' : 'settrace');
        assert.equal(run.pythonVersion, py.version);
      });

      for (const c of GOLDEN_CASES) {
        it(c.id, async () => {
          const base = { ...c.opts, python: py.executable };
          const settrace = await runFixture(c.fixture, c.test, { ...base, tracer: 'settrace' });
          if (!c.versionDependent) {
            assert.deepEqual(
              goldenView(settrace),
              golden(c.id),
              `sys.settrace on ${py.version} differs from the golden file`,
            );
          }
          if (hasMonitoring) {
            const monitoring = await runFixture(c.fixture, c.test, { ...base, tracer: 'monitoring' });
            assert.equal(monitoring.tracer, 'monitoring');
            sameRun(monitoring, settrace, `sys.monitoring and sys.settrace differ on ${py.version}`);
          }
        });
      }

      it('time and memory limits hold with each mechanism', async () => {
        for (const tracer of hasMonitoring
          ? (['settrace', 'monitoring'] as const)
          : (['settrace'] as const)) {
          const opts = { python: py.executable, tracer };
          const spin = await runFixture('infinite_loop', 'spin(3)', { ...opts, limits: { timeoutMs: 300 } });
          assert.equal(spin.outcome.status, 'timeout', tracer);
          assert.equal(spin.outcome.exception?.function, 'spin', tracer);
          assert.ok(spin.visits.length > 10, tracer);
          assert.match(spin.limits[0].detail, /stopped at the limit/, tracer);
          const hog = await runFixture('memory_hog', 'hog(10**7)', {
            ...opts,
            limits: { memoryBytes: 400 << 20 },
          });
          assert.equal(hog.outcome.exception?.type, 'MemoryError', tracer);
        }
      });

      it('unbounded recursion: the same error, aligned depths, on both mechanisms', async () => {
        const runs = [
          await runFixture('unbounded_recursion', 'assert down(-1) == 0', {
            python: py.executable,
            tracer: 'settrace',
          }),
        ];
        if (hasMonitoring) {
          runs.push(
            await runFixture('unbounded_recursion', 'assert down(-1) == 0', {
              python: py.executable,
              tracer: 'monitoring',
            }),
          );
        }
        for (const run of runs) {
          assert.equal(run.outcome.exception?.type, 'RecursionError');
          assert.ok(run.visits.length > 900);
          assert.ok(run.visits.every((v) => v.depth === v.call));
        }
        if (runs.length === 2) {
          // How deep each gets depends on the stack each mechanism's callbacks use; the start agrees.
          assert.deepEqual(runs[0].visits.slice(0, 200), runs[1].visits.slice(0, 200));
        }
      });
    });
  }
});

// Programs that attack the runtime rather than fail on their own: a __repr__ that never returns,
// files named like the stdlib modules the runtime imports.
import { strict as assert } from 'node:assert';
import { runFixture } from './support';

describe('python runtime: hostile values and names', function () {
  this.timeout(30_000);

  it('gives a __repr__ that spins on the CPU its budget, then <repr timed out>, and goes on', async () => {
    const run = await runFixture('repr_spins', 'assert f(3) == 4', { limits: { reprTimeoutMs: 100 } });
    assert.deepEqual(run.outcome, { status: 'passed', expected: '4', actual: '4' });
    const last = run.visits[run.visits.length - 1];
    assert.equal(last.after.e, '<repr timed out>');
    assert.equal(last.after.total, '4');
    assert.ok(run.runMs < 3_000, `took ${run.runMs} ms`);
  });

  it('stops a __repr__ that waits at the time limit, keeping the trace up to it', async () => {
    const run = await runFixture('repr_waits', 'assert f(3) == 4', { limits: { timeoutMs: 1_000 } });
    assert.equal(run.outcome.status, 'timeout');
    assert.equal(run.outcome.exception?.function, 'Evil.__repr__');
    const totals = run.visits.filter((v) => v.function === 'f').map((v) => v.after.total);
    assert.ok(totals.includes('3'), `the loop's visits are kept: ${JSON.stringify(totals)}`);
    assert.ok(
      run.visits.some((v) => v.after.e === '<repr timed out>'),
      'the value that hung shows as timed out',
    );
  });

  for (const tracer of ['settrace', 'monitoring'] as const) {
    it(`never imports a user's resource.py or opcode.py (${tracer})`, async () => {
      const run = await runFixture('shadow/prog', 'assert double([1, 2]) == [2, 4]', { tracer });
      assert.deepEqual(run.outcome, { status: 'passed', expected: '[2, 4]', actual: '[2, 4]' });
      assert.ok(run.visits.length >= 3, `${run.visits.length} visits`);
    });
  }
});

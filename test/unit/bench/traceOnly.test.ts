// --trace-only on a HumanEval slice: seeds that pass their visible tests are not traced; each
// failing one is traced on its first failing visible test, with its outcome class, time and
// prompt tokens (the core's tokenizer).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { TraceTaskResult } from '../../../src/core/bench/results';
import type { BenchSummary } from '../../../src/core/bench/summary';
import { runLdb, writeSlice, benchArgs, readResults } from './slice';

describe('bench --trace-only (HumanEval slice)', function () {
  this.timeout(120_000);

  it('traces each failing seed on its first failing visible test and sums up the outcomes', async () => {
    const slice = writeSlice('humaneval', ['HumanEval/0', 'HumanEval/84', 'HumanEval/39', 'HumanEval/111']);
    const out = join(slice.dir, 'out');
    const run = await runLdb([...benchArgs(slice, out, '--trace-only'), '--json']);
    assert.equal(run.code, 0, run.stderr);
    const rows = readResults<TraceTaskResult>(out);
    const by = (id: string) => rows.find((r) => r.taskId === id)!;

    assert.equal(by('HumanEval/0').seedPassesVisible, true);
    assert.equal(by('HumanEval/0').trace, undefined);
    const solve = by('HumanEval/84').trace!;
    assert.deepEqual(
      { test: solve.test, status: solve.status },
      { test: "assert solve(1000) == '1'", status: 'failed' },
    );
    assert.ok(solve.segments >= 1 && solve.traceMs > 0 && solve.requestTokens > solve.promptTokens);
    assert.equal(by('HumanEval/39').trace?.status, 'error');
    assert.equal(by('HumanEval/111').trace?.status, 'error');

    const summary = JSON.parse(run.stdout.trimEnd().split('\n').pop()!) as BenchSummary;
    assert.equal(summary.mode, 'trace-only');
    assert.equal(summary.total, 4);
    assert.equal(summary.solved, null);
    assert.deepEqual(summary.trace?.outcomes, { error: 2, failed: 1 });
    assert.equal(summary.trace?.failingSeeds, 3);
    const tokens = rows.flatMap((r) => (r.trace ? [r.trace.promptTokens] : [])).sort((a, b) => a - b);
    assert.equal(summary.trace?.medianPromptTokens, tokens[1]);
  });
});

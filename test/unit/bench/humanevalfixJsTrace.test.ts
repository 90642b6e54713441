// --dataset humanevalfix-js --trace-only on a slice of the real data: every buggy program is traced
// on its first failing visible test (one console.assert of the task's harness, or the whole
// harness when it holds more than assertions), ends with the status plain Node gives on the
// program and that test, and visits the function under test when the program loads.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { TraceTaskResult } from '../../../src/core/bench/results';
import type { BenchSummary } from '../../../src/core/bench/summary';
import { readResults, runLdb } from './slice';
import { agreementWithNode, jsBenchArgs, jsRow, writeJsSlice } from './jsSlice';

const TIMEOUT_MS = 1500;

describe('bench --dataset humanevalfix-js --trace-only (HumanEvalFix-JS slice)', function () {
  this.timeout(120_000);

  // A wrong value (JavaScript/0), a RangeError (/15), an endless loop (/10), a program tree-sitter
  // cannot parse (/113), one Node cannot load (/144: a name declared twice), a harness with a
  // random-input loop (/32), the misspelt entry point (/114).
  const IDS = [
    'JavaScript/0',
    'JavaScript/15',
    'JavaScript/10',
    'JavaScript/113',
    'JavaScript/144',
    'JavaScript/32',
    'JavaScript/114',
  ];
  let rows: TraceTaskResult[];
  let summary: BenchSummary;

  before(async () => {
    const slice = writeJsSlice(IDS);
    const out = join(slice.dir, 'out');
    const run = await runLdb([
      ...jsBenchArgs(slice.tests, out, '--trace-only'),
      '--timeout-ms',
      String(TIMEOUT_MS),
      '-j',
      '2',
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    rows = readResults<TraceTaskResult>(out);
    summary = JSON.parse(run.stdout.trimEnd().split('\n').pop()!) as BenchSummary;
  });

  const by = (id: string) => rows.find((r) => r.taskId === id)!;

  it('ends every task with the status plain Node gives on the program and the traced test', async () => {
    for (const id of IDS) {
      const a = await agreementWithNode(jsRow(id), by(id), TIMEOUT_MS);
      assert.ok(
        a.agrees,
        `${id}: ours ${a.ours}, plain Node ${a.plain.status} ${a.plain.exceptionType ?? ''}`,
      );
    }
    assert.deepEqual(Object.fromEntries(IDS.map((id) => [id, by(id).trace?.status ?? 'not traced'])), {
      'JavaScript/0': 'failed',
      'JavaScript/15': 'error',
      'JavaScript/10': 'timeout',
      'JavaScript/113': 'not traced',
      'JavaScript/144': 'error',
      'JavaScript/32': 'failed',
      'JavaScript/114': 'failed',
    });
  });

  it('traces on the first failing assertion of the harness, and visits the function under test', () => {
    const first = by('JavaScript/0');
    assert.equal(first.visibleTests, 7);
    assert.equal(
      first.trace?.test,
      'console.assert( hasCloseElements([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.05) === false )',
    );
    // The misspelt entry point of /114 is the program's minSubArraySum.
    for (const id of ['JavaScript/0', 'JavaScript/15', 'JavaScript/10', 'JavaScript/32', 'JavaScript/114'])
      assert.ok(by(id).trace!.entryVisits > 0, `${id}: no visit of the function under test`);
    // Node cannot load /144: nothing ran.
    assert.equal(by('JavaScript/144').trace?.entryVisits, 0);
    assert.match(by('JavaScript/113').error ?? '', /syntax error at 21:86/);
  });

  it('runs a harness that holds more than assertions as one test', () => {
    const harness = by('JavaScript/32');
    assert.equal(harness.visibleTests, 1);
    assert.match(harness.trace!.test, /^\(\(\) => \{ const testfindZero = \(\) => \{/);
  });

  it('sums up as the Python bench does, with the traces that reach the function under test', () => {
    assert.equal(summary.mode, 'trace-only');
    assert.match(summary.dataset, /^ldb-bench-js-\w+\/humanevalpack-js\.jsonl$/);
    assert.equal(summary.total, 7);
    assert.equal(summary.trace?.failingSeeds, 7);
    assert.deepEqual(summary.trace?.outcomes, { error: 2, failed: 3, 'syntax-error': 1, timeout: 1 });
    assert.equal(summary.trace?.traced, 6);
    assert.equal(summary.trace?.visitingEntry, 5);
  });
});

// --resume: tasks already in DIR/results.jsonl are not run again, a line cut off by an interrupted
// run is dropped and its task run again, and a directory holding results is never overwritten.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugTaskResult } from '../../../src/core/bench/results';
import { runLdb, writeSlice, benchArgs } from './slice';

const TASKS = ['HumanEval/0', 'HumanEval/38', 'HumanEval/84'];

describe('bench --resume', function () {
  this.timeout(120_000);

  it('skips the tasks already done, reruns a cut-off line, and sums up every task', async () => {
    const slice = writeSlice('humaneval', TASKS);
    const out = join(slice.dir, 'out');
    const args = benchArgs(slice, out, '--replay', slice.results);
    const first = await runLdb([...args, '-j', '1', '--json']);
    assert.equal(first.code, 0, first.stderr);
    const file = join(out, 'results.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 3);

    // Keep the first task (marked, to see that it is not run again); cut the second one off
    // mid-line as a killed run leaves it; the third is missing.
    const kept = JSON.parse(lines[0]) as DebugTaskResult;
    kept.ms = 987654;
    writeFileSync(file, JSON.stringify(kept) + '\n' + lines[1].slice(0, 40));

    const again = await runLdb([...args, '--resume', '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /resuming: 1 of 3 tasks already done/);
    const after = readFileSync(file, 'utf8').trimEnd().split('\n');
    const rows = after.map((l) => JSON.parse(l) as DebugTaskResult);
    assert.deepEqual(rows.map((r) => r.taskId).sort(), [...TASKS].sort());
    assert.equal(rows.find((r) => r.taskId === kept.taskId)!.ms, 987654);
    const summary = JSON.parse(again.stdout.trimEnd().split('\n').pop()!) as {
      solved: number;
      total: number;
    };
    assert.deepEqual({ solved: summary.solved, total: summary.total }, { solved: 3, total: 3 });

    // Nothing left to do: a third resume runs no task and gives the same numbers.
    const third = await runLdb([...args, '--resume', '--json']);
    assert.match(third.stderr, /resuming: 3 of 3 tasks already done/);
    assert.equal(readFileSync(file, 'utf8').trimEnd().split('\n').length, 3);
  });

  it('refuses to overwrite results without --resume, or to mix modes', async () => {
    const slice = writeSlice('humaneval', ['HumanEval/0']);
    const out = join(slice.dir, 'out');
    const base = benchArgs(slice, out);
    assert.equal((await runLdb([...base, '--replay', slice.results])).code, 0);
    const again = await runLdb([...base, '--replay', slice.results]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already holds 1 results: pass --resume/);
    const mixed = await runLdb([...base, '--trace-only', '--resume']);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /holds replay results; this run is trace-only/);
  });
});

// `ldb bench --shard i/n` and `ldb bench merge`: three shards of a real slice, merged, give the
// files of one unsharded run: the same summary and per-task results except for the timing fields,
// the same chart byte for byte, whatever -j each ran at and in whatever order the folders are named.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ShardManifest } from '../../../src/core/bench/manifest';
import type { BenchSummary } from '../../../src/core/bench/summary';
import { jsBenchArgs, writeJsSlice } from './jsSlice';
import { benchArgs, runLdb, writeSlice } from './slice';

type Json = Record<string, unknown>;

/** Per-task fields that measure time: they differ between any two runs of the same task. */
function withoutTiming(result: Json): Json {
  const copy = structuredClone(result);
  delete copy.ms;
  delete (copy.hidden as Json | undefined)?.ms;
  delete (copy.trace as Json | undefined)?.traceMs;
  delete (copy.trace as Json | undefined)?.runMs;
  return copy;
}

function summaryWithoutTiming(summary: BenchSummary): Json {
  const copy = structuredClone(summary) as unknown as Json;
  delete copy.timing;
  delete (copy.trace as Json | undefined)?.medianTraceMs;
  delete (copy.trace as Json | undefined)?.medianRunMs;
  return copy;
}

function markdownWithoutTiming(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('Time: ') && !l.startsWith('| trace time') && !l.startsWith('| run time'))
    .join('\n');
}

function lines(dir: string): Json[] {
  return readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Json);
}

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

async function ok(argv: string[]): Promise<string> {
  const run = await runLdb(argv);
  assert.equal(run.code, 0, `ldb ${argv.join(' ')}: exit ${run.code}: ${run.stderr}`);
  return run.stdout;
}

const CASES: { mode: string[]; tasks: string[]; chart: boolean; dataset?: 'humanevalfix-js' }[] = [
  {
    // Already passing, a helper only preparation supplies, fixed once, fixed but hidden-failing,
    // ten fixes: every kind of ending; seven tasks, so the shards hold 3, 2 and 2.
    mode: ['--replay'],
    tasks: [
      'HumanEval/0',
      'HumanEval/38',
      'HumanEval/84',
      'HumanEval/120',
      'HumanEval/10',
      'HumanEval/2',
      'HumanEval/3',
    ],
    chart: true,
  },
  {
    // Passing seeds, a failed and two erroring traces: outcome counts and medians.
    mode: ['--trace-only'],
    tasks: ['HumanEval/0', 'HumanEval/84', 'HumanEval/39', 'HumanEval/111', 'HumanEval/2'],
    chart: false,
  },
  {
    // JavaScript: failed, error and syntax-error traces; no seeds file (the tasks file holds the
    // programs). Tasks whose tests draw random inputs are left out: their traces differ run to run.
    mode: ['--trace-only'],
    tasks: ['JavaScript/0', 'JavaScript/2', 'JavaScript/15', 'JavaScript/113', 'JavaScript/3'],
    chart: false,
    dataset: 'humanevalfix-js',
  },
];

describe('bench --shard i/n and bench merge: the same as one run', function () {
  this.timeout(240_000);

  for (const c of CASES) {
    describe(`${c.mode[0]} on ${c.tasks.length} ${c.dataset ?? 'HumanEval'} tasks`, () => {
      let single: string;
      let merged: string;
      let shards: string[];

      before(async () => {
        let dir: string;
        let args: (out: string) => string[];
        if (c.dataset === 'humanevalfix-js') {
          const slice = writeJsSlice(c.tasks);
          dir = slice.dir;
          args = (out) => jsBenchArgs(slice.tests, out, ...c.mode);
        } else {
          const slice = writeSlice('humaneval', c.tasks);
          const mode = c.mode[0] === '--replay' ? [...c.mode, slice.results] : c.mode;
          dir = slice.dir;
          args = (out) => benchArgs(slice, out, ...mode);
        }
        single = join(dir, 'single');
        await ok([...args(single), '-j', '2', '--json']);
        shards = [1, 2, 3].map((i) => join(dir, `shard-${i}`));
        for (const [i, shard] of shards.entries())
          await ok([...args(shard), '--shard', `${i + 1}/3`, '-j', '1', '--json']);
        merged = join(dir, 'merged');
        // Named out of order: the merge goes by the shard numbers in shard.json.
        await ok(['bench', 'merge', shards[2], shards[0], shards[1], '--out', merged, '--json']);
      });

      it('each shard runs its round-robin slice and records it in shard.json', () => {
        const manifests = shards.map((d) => JSON.parse(read(d, 'shard.json')) as ShardManifest);
        const expected = [0, 1, 2].map((s) => c.tasks.filter((_, p) => p % 3 === s));
        assert.deepEqual(
          manifests.map((m) => m.taskIds),
          expected,
        );
        assert.deepEqual(
          shards.map((d) => lines(d).map((r) => r.taskId)),
          expected,
        );
        for (const [i, m] of manifests.entries()) {
          assert.deepEqual(m.shard, { index: i + 1, count: 3 });
          assert.equal(m.totalTasks, c.tasks.length);
          assert.equal(m.inputs.tests.sha256, manifests[0].inputs.tests.sha256);
          if (c.dataset === 'humanevalfix-js') assert.equal(m.inputs.seeds, undefined);
          else assert.match(m.inputs.seeds?.sha256 ?? '', /^[0-9a-f]{64}$/);
        }
        const shardSummary = JSON.parse(read(shards[0], 'summary.json')) as BenchSummary;
        assert.deepEqual(shardSummary.shard, { index: 1, count: 3, totalTasks: c.tasks.length });
        const first = `(shard 1/3: ${expected[0].length} of ${c.tasks.length} tasks)`;
        assert.ok(read(shards[0], 'summary.md').split('\n')[0].endsWith(first), first);
      });

      it("summary.json: every field but the timing equals the single run's", () => {
        const one = JSON.parse(read(single, 'summary.json')) as BenchSummary;
        const joined = JSON.parse(read(merged, 'summary.json')) as BenchSummary;
        assert.equal(joined.total, c.tasks.length);
        assert.deepEqual(summaryWithoutTiming(joined), summaryWithoutTiming(one));
        assert.equal(joined.shard, undefined);
      });

      it('summary.md: the same text but the time lines; accuracy.svg byte for byte', () => {
        assert.equal(
          markdownWithoutTiming(read(merged, 'summary.md')),
          markdownWithoutTiming(read(single, 'summary.md')),
        );
        if (c.chart) assert.equal(read(merged, 'accuracy.svg'), read(single, 'accuracy.svg'));
      });

      it('results.jsonl: in the order of the tests file, each line the shard wrote, equal to the single run but the times', () => {
        const joined = lines(merged);
        assert.deepEqual(
          joined.map((r) => r.taskId),
          c.tasks,
        );
        assert.deepEqual(lines(single).map(withoutTiming), joined.map(withoutTiming));
        const fromShards = new Map(shards.flatMap((d) => lines(d)).map((r) => [r.taskId, r]));
        assert.deepEqual(
          joined,
          c.tasks.map((id) => fromShards.get(id)),
        );
      });

      it('timing: task times summed over every shard, wall time of the longest shard, the shard count', () => {
        const joined = JSON.parse(read(merged, 'summary.json')) as BenchSummary;
        const parts = shards.map((d) => JSON.parse(read(d, 'summary.json')) as BenchSummary);
        assert.equal(
          joined.timing.taskMsTotal,
          lines(merged).reduce((n, r) => n + (r.ms as number), 0),
        );
        assert.equal(joined.timing.wallMs, Math.max(...parts.map((p) => p.timing.wallMs)));
        assert.equal(joined.timing.shards, 3);
        assert.equal(joined.timing.jobs, 1);
        assert.match(read(merged, 'summary.md'), /wall \(the longest of 3 shards\) at -j 1;/);
      });
    });
  }
});

// The summary from per-task results (pure): the per-iteration curve as LDB's Figure 3 counts it,
// the trace-only medians, and the Markdown and SVG outputs as golden files.
import { strict as assert } from 'node:assert';
import { chartOf } from '../../../src/core/bench/outputs';
import { summaryMarkdown } from '../../../src/core/bench/markdown';
import type { DebugTaskResult, TraceTaskResult } from '../../../src/core/bench/results';
import { curve, summarize } from '../../../src/core/bench/summary';
import { expectGolden } from '../../support/golden';

function debugResult(
  taskId: string,
  ours: { iterations: number; solved: boolean; seedSolved?: boolean },
  ldb: { iterations: number; solved: boolean },
  differences: string[] = [],
): DebugTaskResult {
  return {
    kind: 'debug',
    mode: 'replay',
    taskId,
    status: ours.iterations === 0 ? 'already-passing' : ours.solved ? 'fixed' : 'not-fixed',
    visibleTests: 2,
    seedPassesVisible: ours.iterations === 0,
    seedSolved: ours.seedSolved ?? (ours.iterations === 0 && ours.solved),
    iterations: ours.iterations,
    passesVisible: ours.solved,
    solved: ours.solved,
    hidden: ours.solved
      ? { passed: true, status: 'passed', ms: 40 }
      : { passed: false, status: 'failed', detail: 'AssertionError', ms: 40 },
    tokens: { prompt: 1000 * ours.iterations, completion: 100 * ours.iterations, estimated: true },
    ms: 500 + 1000 * ours.iterations,
    programs: [],
    reference: {
      solved: ldb.solved,
      passing: ldb.solved,
      iterations: ldb.iterations,
      tokenNums: 2000 * ldb.iterations,
    },
    differences,
  };
}

const RESULTS: DebugTaskResult[] = [
  debugResult('T/0', { iterations: 0, solved: true }, { iterations: 0, solved: true }),
  debugResult('T/1', { iterations: 0, solved: true }, { iterations: 0, solved: true }),
  debugResult('T/2', { iterations: 1, solved: true }, { iterations: 1, solved: true }),
  debugResult('T/3', { iterations: 3, solved: true }, { iterations: 3, solved: true }),
  debugResult('T/4', { iterations: 3, solved: false, seedSolved: true }, { iterations: 3, solved: false }),
  debugResult('T/5', { iterations: 2, solved: false }, { iterations: 2, solved: true }, [
    'hidden tests fail (AssertionError) in our sandbox; LDB recorded is_solved=True for the same program',
  ]),
];

describe('bench summary', () => {
  it("counts a task from the iteration its loop ended at, if it ends solved (LDB's Figure 3)", () => {
    const c = curve(164, 10, [
      ...Array.from({ length: 121 }, () => ({ solved: true, iterations: 0 })),
      { solved: true, iterations: 1 },
      { solved: true, iterations: 1 },
      { solved: false, iterations: 1 },
      { solved: true, iterations: 10 },
    ]);
    assert.deepEqual(c.perIterationSolved, [121, 123, 123, 123, 123, 123, 123, 123, 123, 123, 124]);
    assert.deepEqual(c.perIteration.slice(0, 2), [73.8, 75]);
    assert.equal(c.accuracy, 75.6);
  });

  it('sums up a replay: ours against LDB, the differences listed', () => {
    const s = summarize({
      mode: 'replay',
      dataset: 'humaneval/tests.jsonl',
      taskIds: [...RESULTS.map((r) => r.taskId), 'T/not-run'],
      results: [
        ...RESULTS,
        debugResult('T/other', { iterations: 0, solved: true }, { iterations: 0, solved: true }),
      ],
      maxIters: 4,
      wallMs: 12_345,
      jobs: 2,
    });
    assert.equal(s.total, 7);
    assert.equal(s.solved, 4);
    assert.equal(s.seedSolved, 3);
    assert.deepEqual(s.perIterationSolved, [2, 3, 3, 4, 4]);
    assert.deepEqual(s.reference?.perIterationSolved, [2, 3, 4, 5, 5]);
    assert.deepEqual(
      s.differences.map((d) => d.taskId),
      ['T/5'],
    );
    expectGolden('bench/summary-replay.md', summaryMarkdown(s));
    expectGolden('bench/accuracy-replay.svg', chartOf(s));
  });

  it('gives the same summary in whatever order the tasks finished (lists follow the tests file)', () => {
    const withDiff = (id: string) =>
      debugResult(id, { iterations: 1, solved: false }, { iterations: 1, solved: true }, [
        `differs on ${id}`,
      ]);
    const finished = [withDiff('T/9'), ...RESULTS, withDiff('T/7')];
    const input = (results: DebugTaskResult[]) => ({
      mode: 'replay' as const,
      dataset: 'humaneval/tests.jsonl',
      taskIds: ['T/7', ...RESULTS.map((r) => r.taskId), 'T/9'],
      results,
      maxIters: 4,
      wallMs: 1,
      jobs: 2,
    });
    const s = summarize(input(finished));
    assert.deepEqual(
      s.differences.map((d) => d.taskId),
      ['T/7', 'T/5', 'T/9'],
    );
    assert.deepEqual(summarize(input([...finished].reverse())), s);
  });

  it('names a shard in the title, and merged shards in the time line', () => {
    const base = {
      mode: 'replay' as const,
      dataset: 'humaneval/tests.jsonl',
      taskIds: RESULTS.map((r) => r.taskId),
      results: RESULTS,
      maxIters: 4,
      wallMs: 4_000,
      jobs: 2,
    };
    const shard = summaryMarkdown(summarize({ ...base, shard: { index: 2, count: 3, totalTasks: 17 } }));
    assert.equal(
      shard.split('\n')[0],
      "## ldb bench: replay of LDB's published run on humaneval/tests.jsonl (shard 2/3: 6 of 17 tasks)",
    );
    const merged = summaryMarkdown(summarize({ ...base, shards: 3 }));
    assert.match(
      merged,
      /\nTime: 4\.0 s wall \(the longest of 3 shards\) at -j 2; 12\.0 s summed over tasks/,
    );
  });

  it('sums up a trace-only run: outcome classes and medians', () => {
    const trace = (
      taskId: string,
      t: Partial<NonNullable<TraceTaskResult['trace']>> | undefined,
      error?: string,
    ) =>
      ({
        kind: 'trace',
        mode: 'trace-only',
        taskId,
        visibleTests: 1,
        seedPassesVisible: t === undefined && error === undefined,
        ...(t
          ? {
              trace: {
                test: 'assert f(1) == 2',
                status: 'failed',
                segments: 3,
                shown: 3,
                visits: 3,
                entryVisits: 3,
                limits: [],
                traceMs: 100,
                runMs: 60,
                promptTokens: 80,
                requestTokens: 300,
                ...t,
              },
            }
          : {}),
        ...(error ? { error } : {}),
        ms: 200,
      }) as TraceTaskResult;
    const s = summarize({
      mode: 'trace-only',
      dataset: 'mbpp/tests.jsonl',
      taskIds: ['A', 'B', 'C', 'D', 'E'],
      results: [
        trace('A', undefined),
        trace('B', { traceMs: 90, promptTokens: 50 }),
        trace('C', {
          status: 'error',
          exception: 'NameError: x',
          traceMs: 130,
          promptTokens: 120,
          limits: ['visits'],
          entryVisits: 0,
        }),
        trace('D', { status: 'timeout', traceMs: 5100, promptTokens: 400 }),
        trace('E', undefined, 'syntax error at 3:1'),
      ],
      maxIters: 10,
      wallMs: 2_000,
      jobs: 1,
    });
    assert.equal(s.solved, null);
    assert.deepEqual(s.trace?.outcomes, { error: 1, failed: 1, 'syntax-error': 1, timeout: 1 });
    assert.deepEqual(
      { traced: s.trace?.traced, visitingEntry: s.trace?.visitingEntry },
      { traced: 3, visitingEntry: 2 },
    );
    assert.equal(s.trace?.medianTraceMs, 130);
    assert.equal(s.trace?.medianPromptTokens, 120);
    expectGolden('bench/summary-trace-only.md', summaryMarkdown(s));
  });
});

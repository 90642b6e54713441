// The numbers of a run, from its per-task results: pass@1 of the seeds and after debugging, the
// cumulative pass@1 after each iteration (LDB's Figure 3: a task counts from the iteration its
// loop ended at, if its final program passes the hidden tests), tokens, time; for --trace-only the
// outcome classes and medians. Pure: the same results give the same summary, in whatever order
// they finished (lists follow the order of the tests file).
import {
  inTaskOrder,
  type BenchMode,
  type DebugTaskResult,
  type TaskResult,
  type TraceTaskResult,
} from './results';
import { median, percent } from './stats';

export interface Curve {
  solved: number;
  accuracy: number;
  /** Cumulative pass@1 in percent after iteration 0 (the seeds that pass their visible tests), 1, ... */
  perIteration: number[];
  perIterationSolved: number[];
}

export interface TraceSummary {
  /** Seeds that fail a visible test (the ones traced). */
  failingSeeds: number;
  /** Outcome of the traced run: failed, error, timeout, passed (flaky); syntax-error or not-traced without a run. */
  outcomes: Record<string, number>;
  /** Runs traced (failing seeds less those that could not be: syntax errors, bad tests). */
  traced: number;
  /** Traced runs that visited a block of the function under test. */
  visitingEntry: number;
  exceptions: Record<string, number>;
  limits: Record<string, number>;
  medianTraceMs: number | null;
  medianRunMs: number | null;
  medianPromptTokens: number | null;
  medianRequestTokens: number | null;
}

export interface BenchSummary {
  mode: BenchMode;
  dataset: string;
  total: number;
  /** Null for --trace-only (no program is judged). */
  solved: number | null;
  accuracy: number | null;
  perIteration: number[];
  perIterationSolved: number[];
  maxIters: number;
  seedSolved: number | null;
  seedAccuracy: number | null;
  seedsPassingVisible: number;
  statuses: Record<string, number>;
  tokens: { prompt: number; completion: number; estimated: boolean };
  /** --replay: LDB's own run over the same tasks, and the tasks where ours differs. */
  reference?: Curve & { tokenNums: number };
  differences: { taskId: string; reasons: string[] }[];
  trace?: TraceSummary;
  /** `--shard i/n`: this run covers shard i of n, `total` of the file's `totalTasks` tasks. */
  shard?: { index: number; count: number; totalTasks: number };
  /**
   * The only fields that change from one run of the same tasks to the next (with trace.medianTraceMs
   * and trace.medianRunMs). Merged shards: the longest shard's wall time, the largest -j of any
   * shard, and how many shards ran.
   */
  timing: { wallMs: number; jobs: number; taskMsTotal: number; medianTaskMs: number | null; shards?: number };
}

export interface SummaryInput {
  mode: BenchMode;
  dataset: string;
  /** Task ids of the run, in order: results of other tasks are ignored. */
  taskIds: readonly string[];
  results: readonly TaskResult[];
  maxIters: number;
  wallMs: number;
  jobs: number;
  shard?: BenchSummary['shard'];
  /** Merged shards: how many. */
  shards?: number;
}

export function curve(
  total: number,
  maxIters: number,
  tasks: readonly { solved: boolean; iterations: number }[],
): Curve {
  const perIterationSolved = Array.from(
    { length: maxIters + 1 },
    (_, k) => tasks.filter((t) => t.solved && t.iterations <= k).length,
  );
  const solved = tasks.filter((t) => t.solved).length;
  return {
    solved,
    accuracy: percent(solved, total),
    perIteration: perIterationSolved.map((n) => percent(n, total)),
    perIterationSolved,
  };
}

function count(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of [...keys].sort()) out[key] = (out[key] ?? 0) + 1;
  return out;
}

export function summarize(input: SummaryInput): BenchSummary {
  const wanted = new Set(input.taskIds);
  const results = inTaskOrder(
    input.taskIds,
    input.results.filter((r) => wanted.has(r.taskId)),
  );
  const total = input.taskIds.length;
  const debug = results.filter((r): r is DebugTaskResult => r.kind === 'debug');
  const traced = results.filter((r): r is TraceTaskResult => r.kind === 'trace');
  const ms = results.map((r) => r.ms);
  const summary: BenchSummary = {
    mode: input.mode,
    dataset: input.dataset,
    total,
    solved: null,
    accuracy: null,
    perIteration: [],
    perIterationSolved: [],
    maxIters: input.maxIters,
    seedSolved: null,
    seedAccuracy: null,
    seedsPassingVisible: results.filter((r) => r.seedPassesVisible).length,
    statuses: count(debug.map((r) => r.status)),
    tokens: {
      prompt: sum(debug.map((r) => r.tokens.prompt)),
      completion: sum(debug.map((r) => r.tokens.completion)),
      estimated: debug.some((r) => r.tokens.estimated),
    },
    differences: debug
      .filter((r) => (r.differences ?? []).length > 0)
      .map((r) => ({ taskId: r.taskId, reasons: r.differences! })),
    timing: {
      wallMs: Math.round(input.wallMs),
      jobs: input.jobs,
      taskMsTotal: sum(ms),
      medianTaskMs: median(ms) ?? null,
      ...(input.shards !== undefined ? { shards: input.shards } : {}),
    },
  };
  if (input.shard) summary.shard = input.shard;
  if (input.mode !== 'trace-only') {
    const ours = curve(total, input.maxIters, debug);
    Object.assign(summary, {
      solved: ours.solved,
      accuracy: ours.accuracy,
      perIteration: ours.perIteration,
      perIterationSolved: ours.perIterationSolved,
      seedSolved: debug.filter((r) => r.seedSolved).length,
      seedAccuracy: percent(debug.filter((r) => r.seedSolved).length, total),
    });
    const refs = debug.flatMap((r) => (r.reference ? [r.reference] : []));
    if (refs.length > 0) {
      summary.reference = {
        ...curve(total, input.maxIters, refs),
        tokenNums: sum(refs.map((r) => r.tokenNums)),
      };
    }
  } else {
    summary.trace = traceSummary(traced);
  }
  return summary;
}

function traceSummary(results: readonly TraceTaskResult[]): TraceSummary {
  const failing = results.filter((r) => !r.seedPassesVisible);
  const traces = failing.flatMap((r) => (r.trace ? [r.trace] : []));
  const orNull = (v: number | undefined): number | null => (v === undefined ? null : v);
  return {
    failingSeeds: failing.length,
    outcomes: count(
      failing.map(
        (r) => r.trace?.status ?? (/syntax error/.test(r.error ?? '') ? 'syntax-error' : 'not-traced'),
      ),
    ),
    traced: traces.length,
    visitingEntry: traces.filter((t) => t.entryVisits > 0).length,
    exceptions: count(traces.flatMap((t) => (t.exception ? [t.exception.split(/[:( ]/)[0]] : []))),
    limits: count(traces.flatMap((t) => t.limits)),
    medianTraceMs: orNull(median(traces.map((t) => t.traceMs))),
    medianRunMs: orNull(median(traces.map((t) => t.runMs))),
    medianPromptTokens: orNull(median(traces.map((t) => t.promptTokens))),
    medianRequestTokens: orNull(median(traces.map((t) => t.requestTokens))),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

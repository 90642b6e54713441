// `ldb bench`: LDB's evaluation over LDB-format data. Loads the tasks, skips those already in
// DIR/results.jsonl when resuming, runs the rest on N workers (each task appends its line as it
// finishes), then writes the summary (Markdown and JSON) and the accuracy chart from every result.
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { badInput } from '../errors';
import type { LlmClient } from '../llm/port';
import { withDebugDefaults, type Settings } from '../settings';
import type { Assets } from '../trace/tracing';
import { loadBenchTasks, type BenchFiles } from './data';
import { debugTask } from './debugTask';
import { summaryMarkdown } from './markdown';
import { runPool } from './pool';
import { ResultStore, type BenchMode, type TaskResult } from './results';
import type { BenchLimits } from './settings';
import { accuracyChart, type ChartSeries } from './svg';
import { summarize, type BenchSummary } from './summary';
import { traceTask } from './traceTask';
import type { TaskContext } from './task';

export type BenchProgress =
  | { kind: 'start'; total: number; skipped: number }
  | { kind: 'task'; result: TaskResult; done: number; total: number };

export interface BenchRequest {
  files: BenchFiles;
  mode: BenchMode;
  /** --model: the client every task's loop talks to. */
  llm?: LlmClient;
  settings: Settings;
  bench: BenchLimits;
  jobs: number;
  outDir: string;
  resume: boolean;
  assets: Assets;
  signal?: AbortSignal;
  onProgress?: (event: BenchProgress) => void;
}

export interface BenchOutcome {
  summary: BenchSummary;
  markdown: string;
  files: { results: string; summary: string; json: string; chart?: string };
}

export const SUMMARY_FILE = 'summary.md';
export const SUMMARY_JSON_FILE = 'summary.json';
export const CHART_FILE = 'accuracy.svg';

export async function runBench(req: BenchRequest): Promise<BenchOutcome> {
  const started = performance.now();
  if (req.mode === 'replay' && req.files.replay === undefined)
    throw badInput('--replay needs LDB results (ldb-results-*.jsonl)');
  if (req.mode === 'model' && !req.llm) throw badInput('--model needs a model to talk to');
  const tasks = await loadBenchTasks(req.files);
  const store = new ResultStore(req.outDir);
  const existing = await store.read(req.mode);
  if (existing.length > 0 && !req.resume)
    throw badInput(
      `${store.path} already holds ${existing.length} results: pass --resume to continue it, or choose another --out`,
    );
  await store.prepare();
  const seen = new Set(existing.map((r) => r.taskId));
  const todo = tasks.filter((t) => !seen.has(t.taskId));
  const results: TaskResult[] = [...existing];
  req.onProgress?.({ kind: 'start', total: tasks.length, skipped: tasks.length - todo.length });

  const ctx: TaskContext = {
    settings: withDebugDefaults({ ...req.settings, maxIters: req.bench.maxIters }),
    bench: req.bench,
    assets: req.assets,
    ...(req.signal ? { signal: req.signal } : {}),
  };
  let done = tasks.length - todo.length;
  await runPool(
    todo,
    req.jobs,
    async (task) => {
      const result =
        req.mode === 'trace-only'
          ? await traceTask(task, ctx)
          : await debugTask(
              task,
              req.mode === 'replay' ? { mode: 'replay' } : { mode: 'model', llm: req.llm! },
              ctx,
            );
      await store.append(result);
      results.push(result);
      done += 1;
      req.onProgress?.({ kind: 'task', result, done, total: tasks.length });
    },
    req.signal,
  );

  const summary = summarize({
    mode: req.mode,
    dataset: datasetName(req.files.tests),
    taskIds: tasks.map((t) => t.taskId),
    results,
    maxIters: req.bench.maxIters,
    wallMs: performance.now() - started,
    jobs: req.jobs,
  });
  const markdown = summaryMarkdown(summary);
  const files: BenchOutcome['files'] = {
    results: store.path,
    summary: join(req.outDir, SUMMARY_FILE),
    json: join(req.outDir, SUMMARY_JSON_FILE),
  };
  await writeFile(files.summary, markdown);
  await writeFile(files.json, JSON.stringify(summary, null, 2) + '\n');
  if (req.mode !== 'trace-only') {
    files.chart = join(req.outDir, CHART_FILE);
    await writeFile(files.chart, chartOf(summary));
  }
  return { summary, markdown, files };
}

export function chartOf(summary: BenchSummary): string {
  const series: ChartSeries[] = [
    { label: summary.mode === 'replay' ? 'ours (replayed)' : 'ours', values: summary.perIteration },
  ];
  if (summary.reference)
    series.push({ label: "LDB's run", values: summary.reference.perIteration, dashed: true });
  return accuracyChart(`pass@1 per debugging iteration: ${summary.dataset}`, series);
}

/** `humaneval/tests.jsonl` from any path to it: the folder names the data set. */
export function datasetName(testsPath: string): string {
  const folder = basename(dirname(testsPath));
  return folder === '' || folder === '.' ? basename(testsPath) : `${folder}/${basename(testsPath)}`;
}

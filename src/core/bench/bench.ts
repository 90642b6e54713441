// `ldb bench`: LDB's evaluation over LDB-format data. Loads the tasks (with --shard, its slice of
// them, recorded in DIR/shard.json first), skips those already in DIR/results.jsonl when resuming,
// runs the rest on N workers (each task appends its line as it finishes), puts results.jsonl in
// task order, then writes the summary (Markdown and JSON) and the accuracy chart from every result.
import { basename, dirname } from 'node:path';
import { badInput } from '../errors';
import type { LlmClient } from '../llm/port';
import { withDebugDefaults, type DebugSettings, type Settings } from '../settings';
import type { Assets } from '../trace/tracing';
import type { BenchFiles } from './data';
import type { BenchDataset } from './dataset';
import { DEFAULT_DATASET } from './datasets';
import { debugTask } from './debugTask';
import {
  inputIdentities,
  newManifest,
  readManifest,
  removeManifest,
  runDifference,
  writeManifest,
  type ShardManifest,
} from './manifest';
import { writeSummaryFiles, type BenchOutcome } from './outputs';
import { runPool } from './pool';
import { inTaskOrder, ResultStore, type BenchMode, type TaskResult } from './results';
import type { BenchLimits } from './settings';
import { shardLabel, shardOf, type ShardSpec } from './shard';
import { summarize } from './summary';
import { traceTask } from './traceTask';
import type { TaskContext } from './task';

export type { BenchOutcome } from './outputs';

export type BenchProgress =
  | { kind: 'start'; total: number; skipped: number }
  | { kind: 'task'; result: TaskResult; done: number; total: number };

export interface BenchRequest {
  files: BenchFiles;
  /** --dataset: how the files are read and their programs run (default: LDB's data). */
  dataset?: BenchDataset;
  mode: BenchMode;
  /** --model: the client every task's loop talks to. */
  llm?: LlmClient;
  /** --model: its name, recorded in a shard's manifest (shards of one run use one model). */
  model?: string;
  /** --shard i/n: run only that slice of the tasks (shard.ts). */
  shard?: ShardSpec;
  settings: Settings;
  bench: BenchLimits;
  jobs: number;
  outDir: string;
  resume: boolean;
  assets: Assets;
  signal?: AbortSignal;
  onProgress?: (event: BenchProgress) => void;
}

export async function runBench(req: BenchRequest): Promise<BenchOutcome> {
  const started = performance.now();
  const dataset = req.dataset ?? DEFAULT_DATASET;
  if (req.mode === 'replay' && !dataset.replayable)
    throw badInput(`--replay: LDB published no run on ${dataset.name} data; use --model or --trace-only`);
  if (req.mode === 'replay' && req.files.replay === undefined)
    throw badInput('--replay needs LDB results (ldb-results-*.jsonl)');
  if (req.mode === 'model' && !req.llm) throw badInput('--model needs a model to talk to');
  const allTasks = await dataset.load(req.files);
  const tasks = req.shard ? shardOf(allTasks, req.shard) : allTasks;
  const store = new ResultStore(req.outDir);
  const existing = await store.read(req.mode);
  if (existing.length > 0 && !req.resume)
    throw badInput(
      `${store.path} already holds ${existing.length} results: pass --resume to continue it, or choose another --out`,
    );
  const settings = withDebugDefaults({ ...req.settings, maxIters: req.bench.maxIters });
  const manifest = req.shard
    ? newManifest({
        shard: req.shard,
        mode: req.mode,
        dataset: datasetName(req.files.tests),
        inputs: await inputIdentities(req.files),
        config: resultConfig(settings, req),
        totalTasks: allTasks.length,
        taskIds: tasks.map((t) => t.taskId),
      })
    : undefined;
  if (existing.length > 0) await checkSameShard(req.outDir, manifest);
  await store.prepare();
  if (manifest) await writeManifest(req.outDir, manifest);
  else await removeManifest(req.outDir);
  const seen = new Set(existing.map((r) => r.taskId));
  const todo = tasks.filter((t) => !seen.has(t.taskId));
  const results: TaskResult[] = [...existing];
  req.onProgress?.({ kind: 'start', total: tasks.length, skipped: tasks.length - todo.length });

  const ctx: TaskContext = {
    settings,
    bench: req.bench,
    assets: req.assets,
    dataset,
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

  const taskIds = tasks.map((t) => t.taskId);
  await store.rewrite(inTaskOrder(taskIds, results));
  const summary = summarize({
    mode: req.mode,
    dataset: datasetName(req.files.tests),
    taskIds,
    results,
    maxIters: req.bench.maxIters,
    wallMs: performance.now() - started,
    jobs: req.jobs,
    ...(req.shard ? { shard: { ...req.shard, totalTasks: allTasks.length } } : {}),
  });
  return writeSummaryFiles(req.outDir, summary);
}

/** The settings a task's result depends on: all of them but the interpreter's path (machines differ). */
function resultConfig(settings: DebugSettings, req: BenchRequest): ShardManifest['config'] {
  const { python: _machineSpecific, ...rest } = settings;
  return {
    ...rest,
    hiddenTimeoutMs: req.bench.hiddenTimeoutMs,
    ...(req.model !== undefined ? { model: req.model } : {}),
  };
}

/** --resume continues only the same kind of run: the same shard of the same inputs, or unsharded. */
async function checkSameShard(outDir: string, manifest: ShardManifest | undefined): Promise<void> {
  const previous = await readManifest(outDir);
  if (manifest && !previous)
    throw badInput(`${outDir} holds an unsharded run: continue it without --shard, or choose another --out`);
  if (!manifest && previous) {
    const label = shardLabel(previous.shard);
    throw badInput(
      `${outDir} holds shard ${label}: pass --shard ${label} to continue it, or choose another --out`,
    );
  }
  if (manifest && previous) {
    const was = shardLabel(previous.shard);
    if (was !== shardLabel(manifest.shard))
      throw badInput(`${outDir} holds shard ${was}, not ${shardLabel(manifest.shard)}: choose another --out`);
    const difference = runDifference(previous, manifest);
    if (difference)
      throw badInput(`${outDir} holds shard ${was} that ran ${difference}: choose another --out`);
  }
}

/** `humaneval/tests.jsonl` from any path to it: the folder names the data set. */
export function datasetName(testsPath: string): string {
  const folder = basename(dirname(testsPath));
  return folder === '' || folder === '.' ? basename(testsPath) : `${folder}/${basename(testsPath)}`;
}

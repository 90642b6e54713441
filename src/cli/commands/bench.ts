// `ldb bench`: LDB's evaluation on LDB-format data (DESIGN.md, "Contracts"). Flags, progress
// (a bar on a terminal, one line per task otherwise, both on stderr), and the summary on stdout:
// Markdown, or with --json one JSON object on the last line. `ldb bench merge` is benchMerge.ts.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { runBench, type BenchProgress } from '../../core/bench/bench';
import { allDatasets, datasetByName, DEFAULT_DATASET } from '../../core/bench/datasets';
import { MANIFEST_FILE } from '../../core/bench/manifest';
import type { BenchMode, TaskResult } from '../../core/bench/results';
import { DEFAULT_BENCH_LIMITS, withBenchDefaults } from '../../core/bench/settings';
import { parseShard } from '../../core/bench/shard';
import { badInput } from '../../core/errors';
import { HOW_TO_CONFIGURE_LLM } from '../../core/llm/config';
import { flag, intOption, parseCommandArgs, stringOption } from '../args';
import type { CommandContext } from '../context';
import { EXIT } from '../exitCodes';
import { LLM_OPTIONS, LLM_OPTIONS_HELP, llmClientFor, llmConfigFrom } from '../llmFlags';
import { RUN_OPTIONS, RUN_OPTIONS_HELP, settingsFrom } from '../settingsFlags';
import { benchMergeCommand, BENCH_MERGE_HELP, BENCH_MERGE_USAGE } from './benchMerge';
import { printOutcome } from './benchOutput';

export const BENCH_HELP = `usage: ldb bench [--dataset NAME] --tests TASKS.jsonl [--seeds SEEDS.jsonl]
                 [--replay LDB_RESULTS.jsonl | --model M [--base-url URL] | --trace-only]
                 [--max-iters N] [-j N] [--shard i/n] [--out DIR] [--resume] [--json]
${BENCH_MERGE_USAGE}

LDB's evaluation: each task's program is debugged on its visible tests, and its final program
judged on the hidden tests (pass@1). On LDB's data (HumanEval, MBPP) each seed is first prepared as
LDB prepares it (import header, helpers and docstring from the prompt).

  --dataset NAME        how --tests is read (default ${DEFAULT_DATASET.name}):
${datasetLines()}
  --tests FILE          tasks: for ${DEFAULT_DATASET.name}, task_id, prompt, entry_point, test (hidden),
                        given_tests (visible); for humanevalfix-js, HumanEvalPack's fields
                        (prompt + buggy_solution is the program; test is both visible and hidden)
  --seeds FILE          the programs to debug (field 'solution'), by task_id (${DEFAULT_DATASET.name} only)
  --replay FILE         answer every fix request with LDB's own next program (ldb-results-*.jsonl):
                        checks this harness against the paper without a model
${LLM_OPTIONS_HELP}
  --trace-only          trace every failing seed on its first failing visible test: outcome,
                        time and prompt tokens; no model
  --max-iters N         fixes per task at most (default ${DEFAULT_BENCH_LIMITS.maxIters}, as LDB)
  --hidden-timeout-ms N time limit of a task's hidden tests (default ${DEFAULT_BENCH_LIMITS.hiddenTimeoutMs}, as LDB)
  --context-budget N    prompt tokens per request in --model mode (default 12000)
${RUN_OPTIONS_HELP}
  -j, --jobs N          tasks at once (default: the number of cores)
  --out DIR             results.jsonl (one line per task), summary.md, summary.json and
                        accuracy.svg go here (default ldb-bench)
  --resume              continue the run in DIR: tasks already in results.jsonl are skipped
  --shard i/n           run only shard i of n: the tasks at positions i, i+n, i+2n, ... of the
                        tests file; DIR also gets shard.json (which shard, of which inputs) for
                        'ldb bench merge'
  --json                print the summary as one JSON object (solved, total, perIteration, ...)

${BENCH_MERGE_HELP}`;

export async function benchCommand(ctx: CommandContext, argv: string[]): Promise<number> {
  if (argv[0] === 'merge') return benchMergeCommand(ctx, argv.slice(1));
  const parsed = parseCommandArgs('bench', argv, {
    ...RUN_OPTIONS,
    ...LLM_OPTIONS,
    dataset: { type: 'string' },
    tests: { type: 'string' },
    seeds: { type: 'string' },
    replay: { type: 'string' },
    'trace-only': { type: 'boolean' },
    'max-iters': { type: 'string' },
    'hidden-timeout-ms': { type: 'string' },
    'context-budget': { type: 'string' },
    jobs: { type: 'string', short: 'j' },
    shard: { type: 'string' },
    out: { type: 'string' },
    resume: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (parsed.positionals.length > 0)
    throw badInput(`bench: unexpected argument '${parsed.positionals[0]}' (see 'ldb bench --help')`);
  const datasetName = stringOption(parsed, 'dataset');
  const dataset = datasetName === undefined ? DEFAULT_DATASET : datasetByName(datasetName);
  const tests = stringOption(parsed, 'tests');
  const seeds = stringOption(parsed, 'seeds');
  if (dataset.seedsFile && (tests === undefined || seeds === undefined))
    throw badInput(`bench: --tests and --seeds are required (see 'ldb bench --help')`);
  if (tests === undefined) throw badInput(`bench: --tests is required (see 'ldb bench --help')`);
  if (!dataset.seedsFile && seeds !== undefined)
    throw badInput(`bench: ${dataset.name} holds its programs in the --tests file: drop --seeds`);
  const replay = stringOption(parsed, 'replay');
  const traceOnly = flag(parsed, 'trace-only');
  const modelFlags =
    stringOption(parsed, 'model') !== undefined || stringOption(parsed, 'base-url') !== undefined;
  const chosen = [replay !== undefined, traceOnly, modelFlags].filter(Boolean).length;
  if (chosen > 1) throw badInput('bench: choose one of --replay, --model/--base-url and --trace-only');
  const mode: BenchMode = replay !== undefined ? 'replay' : traceOnly ? 'trace-only' : 'model';

  const maxIters = intOption(parsed, 'max-iters', 0);
  const hiddenTimeoutMs = intOption(parsed, 'hidden-timeout-ms', 1);
  const contextBudget = intOption(parsed, 'context-budget', 256);
  const jobs = intOption(parsed, 'jobs', 1) ?? availableParallelism();
  const shardText = stringOption(parsed, 'shard');
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  let llm;
  let model;
  if (mode === 'model') {
    const config = llmConfigFrom(parsed, ctx.env);
    if (!config) {
      ctx.stderr(`ldb: ${HOW_TO_CONFIGURE_LLM} (or pass --replay FILE or --trace-only)\n`);
      return EXIT.noLlm;
    }
    llm = llmClientFor(config, ctx.env);
    model = config.model;
  }
  const outDir = stringOption(parsed, 'out') ?? 'ldb-bench';
  const json = flag(parsed, 'json');
  const progress = progressPrinter(ctx);
  let outcome;
  try {
    outcome = await runBench({
      files: {
        tests,
        ...(seeds !== undefined ? { seeds } : {}),
        ...(replay !== undefined ? { replay } : {}),
      },
      dataset,
      mode,
      ...(llm ? { llm } : {}),
      ...(model !== undefined ? { model } : {}),
      ...(shard ? { shard } : {}),
      settings: {
        ...settingsFrom(parsed, ctx.env, ctx.stderr),
        ...(contextBudget !== undefined ? { contextBudget } : {}),
      },
      bench: withBenchDefaults({
        ...(maxIters !== undefined ? { maxIters } : {}),
        ...(hiddenTimeoutMs !== undefined ? { hiddenTimeoutMs } : {}),
      }),
      jobs,
      outDir,
      resume: flag(parsed, 'resume'),
      assets: ctx.assets,
      signal: ctx.signal,
      onProgress: progress.onProgress,
    });
  } finally {
    progress.end(); // a bar left mid-line would swallow the next message
  }
  printOutcome(ctx, outcome, json, shard ? [join(outDir, MANIFEST_FILE)] : []);
  return EXIT.ok;
}

function datasetLines(): string {
  return allDatasets()
    .map((d) => `                        ${d.name}: ${d.description}`)
    .join('\n');
}

const BAR_WIDTH = 30;

/** A bar redrawn in place on a terminal; one plain line per task otherwise. */
function progressPrinter(ctx: CommandContext): { onProgress: (e: BenchProgress) => void; end: () => void } {
  const started = performance.now();
  let solved = 0;
  let drawn = false;
  const onProgress = (e: BenchProgress): void => {
    if (e.kind === 'start') {
      if (e.skipped > 0) ctx.stderr(`resuming: ${e.skipped} of ${e.total} tasks already done\n`);
      return;
    }
    if (e.result.kind === 'debug' && e.result.solved) solved += 1;
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    if (ctx.isTty) {
      const filled = Math.round((BAR_WIDTH * e.done) / e.total);
      const bar = '#'.repeat(filled) + '.'.repeat(BAR_WIDTH - filled);
      const tally = e.result.kind === 'debug' ? ` · ${solved} solved` : '';
      ctx.stderr(`\r[${bar}] ${e.done}/${e.total}${tally} · ${secs} s `);
      drawn = true;
    } else {
      ctx.stderr(`[${e.done}/${e.total}] ${taskLine(e.result)} (${(e.result.ms / 1000).toFixed(1)} s)\n`);
    }
  };
  return { onProgress, end: () => drawn && ctx.stderr('\n') };
}

export function taskLine(r: TaskResult): string {
  if (r.kind === 'trace') {
    if (r.seedPassesVisible) return `${r.taskId}: seed passes its visible tests`;
    if (!r.trace) return `${r.taskId}: not traced: ${r.error ?? 'unknown'}`;
    return `${r.taskId}: traced ${r.trace.test}: ${r.trace.status}, ${r.trace.traceMs} ms, ${r.trace.promptTokens} tokens`;
  }
  const how =
    r.status === 'already-passing' || r.status === 'no-visible-tests'
      ? r.status
      : `${r.status} after ${r.iterations} fix${r.iterations === 1 ? '' : 'es'}`;
  const differs = r.differences && r.differences.length > 0 ? " · differs from LDB's run" : '';
  return `${r.taskId}: ${r.solved ? 'solved' : 'not solved'} (${how})${differs}`;
}

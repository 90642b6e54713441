// `ldb bench merge DIR...`: the shards of one run joined into the files a single run writes
// (results.jsonl in the order of the tests file, summary.md, summary.json, accuracy.svg). The
// summary is computed from the joined per-task results exactly as a single run computes it, so
// everything but the timing fields equals an unsharded run's. Timing: task times are summed over
// every task; the wall time is the longest shard's (shards run side by side); -j is the largest
// any shard used.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { badInput } from '../errors';
import { described, removeManifest } from './manifest';
import { SUMMARY_JSON_FILE, writeSummaryFiles, type BenchOutcome } from './outputs';
import { ResultStore, type TaskResult } from './results';
import { interleave, shardLabel } from './shard';
import { checkShardSet, readShardFolder, type ShardFolder } from './shardSet';
import { summarize } from './summary';

export interface MergeRequest {
  dirs: readonly string[];
  outDir: string;
}

export async function mergeShards(req: MergeRequest): Promise<BenchOutcome> {
  if (req.dirs.length === 0)
    throw badInput('bench merge: name the shard folders to join (ldb bench merge DIR... --out DIR)');
  const twice = req.dirs.find((d, i) => req.dirs.findIndex((e) => resolve(e) === resolve(d)) !== i);
  if (twice !== undefined)
    throw badInput(`bench merge: ${twice} is named twice: name each shard folder once`);
  const shards = checkShardSet(await Promise.all(req.dirs.map(readShardFolder)));
  const clash = shards.find((s) => resolve(s.dir) === resolve(req.outDir));
  if (clash)
    throw badInput(
      `bench merge: --out ${req.outDir} is ${described(clash.dir, clash.manifest)}: choose a new folder`,
    );
  const parts = await Promise.all(shards.map(shardResults));
  const timings = await Promise.all(shards.map(shardTiming));

  const { manifest } = shards[0];
  const maxIters = manifest.config.maxIters;
  if (typeof maxIters !== 'number')
    throw badInput(`${shards[0].dir}/shard.json has no maxIters setting: run that shard again`);
  const taskIds = interleave(shards.map((s) => s.manifest.taskIds));
  const byId = new Map(parts.flat().map((r) => [r.taskId, r]));
  const results = taskIds.map((id) => byId.get(id)!);

  const store = new ResultStore(req.outDir);
  const existing = await store.read(manifest.mode);
  if (existing.length > 0)
    throw badInput(`${store.path} already holds ${existing.length} results: choose another --out`);
  await store.prepare();
  await removeManifest(req.outDir);
  await store.rewrite(results);
  const summary = summarize({
    mode: manifest.mode,
    dataset: manifest.dataset,
    taskIds,
    results,
    maxIters,
    wallMs: Math.max(...timings.map((t) => t.wallMs)),
    jobs: Math.max(...timings.map((t) => t.jobs)),
    shards: shards.length,
  });
  return writeSummaryFiles(req.outDir, summary);
}

function resumeHint(shard: ShardFolder): string {
  return `continue it with 'ldb bench ... --shard ${shardLabel(shard.manifest.shard)} --resume --out ${shard.dir}'`;
}

/** Every task of the shard has exactly one result, and no other task has one. */
async function shardResults(shard: ShardFolder): Promise<TaskResult[]> {
  const store = new ResultStore(shard.dir);
  const rows = await store.read(shard.manifest.mode);
  const wanted = new Set(shard.manifest.taskIds);
  const seen = new Set<string>();
  for (const r of rows) {
    if (!wanted.has(r.taskId))
      throw badInput(
        `${store.path} holds ${r.taskId}, which is not a task of shard ${shardLabel(shard.manifest.shard)}: run that shard again into an empty folder`,
      );
    if (seen.has(r.taskId))
      throw badInput(`${store.path} holds ${r.taskId} twice: run that shard again into an empty folder`);
    seen.add(r.taskId);
  }
  const missing = shard.manifest.taskIds.filter((id) => !seen.has(id));
  if (missing.length > 0) {
    const named = missing.slice(0, 3).join(', ') + (missing.length > 3 ? ', …' : '');
    throw badInput(
      `${described(shard.dir, shard.manifest)} is incomplete: ${missing.length} of its ${wanted.size} tasks have no result (${named}); ${resumeHint(shard)}`,
    );
  }
  return rows;
}

/** The wall time and -j the shard's own summary recorded. */
async function shardTiming(shard: ShardFolder): Promise<{ wallMs: number; jobs: number }> {
  const path = join(shard.dir, SUMMARY_JSON_FILE);
  let timing: unknown;
  try {
    timing = (JSON.parse(await readFile(path, 'utf8')) as { timing?: unknown }).timing;
  } catch {
    throw badInput(
      `${described(shard.dir, shard.manifest)} has no readable ${SUMMARY_JSON_FILE}: it did not finish; ${resumeHint(shard)}`,
    );
  }
  const t = timing as { wallMs?: unknown; jobs?: unknown } | undefined;
  if (typeof t?.wallMs !== 'number' || typeof t.jobs !== 'number')
    throw badInput(`${path} has no timing (wallMs, jobs): ${resumeHint(shard)}`);
  return { wallMs: t.wallMs, jobs: t.jobs };
}

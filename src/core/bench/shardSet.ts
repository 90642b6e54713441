// The checks `ldb bench merge` makes before joining anything: every folder is a shard, all of one
// run (same n, mode, inputs and settings), shards 1..n each exactly once, and no task in two of
// them. Each problem is one bad-input line naming the folders and shards concerned.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { badInput } from '../errors';
import { described, readManifest, runDifference, type ShardManifest } from './manifest';
import { RESULTS_FILE } from './results';
import { shardLabel, shardSize } from './shard';

export interface ShardFolder {
  dir: string;
  manifest: ShardManifest;
}

const HOW = "pass the --out folders of 'ldb bench --shard i/n' runs";

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function readShardFolder(dir: string): Promise<ShardFolder> {
  let isDir: boolean;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw badInput(
      code === 'ENOENT' ? `${dir}: no such folder (${HOW})` : `cannot read ${dir}: ${code ?? String(e)}`,
    );
  }
  if (!isDir) throw badInput(`${dir} is not a folder (${HOW})`);
  const manifest = await readManifest(dir);
  if (!manifest) {
    if (await exists(join(dir, RESULTS_FILE)))
      throw badInput(
        `${dir} holds an unsharded bench run (no shard.json): only shards can be merged; ${HOW}`,
      );
    throw badInput(`${dir} is not a bench shard folder (no shard.json): ${HOW}`);
  }
  const { index, count } = manifest.shard;
  if (!Number.isInteger(index) || !Number.isInteger(count) || index < 1 || index > count)
    throw badInput(`${dir}/shard.json names shard ${index}/${count}, which cannot be: run that shard again`);
  const expected = shardSize(manifest.totalTasks, manifest.shard);
  if (manifest.taskIds.length !== expected)
    throw badInput(
      `${dir}/shard.json lists ${manifest.taskIds.length} tasks, but shard ${shardLabel(manifest.shard)} of ${manifest.totalTasks} tasks has ${expected}: run that shard again`,
    );
  return { dir, manifest };
}

/** "a, b and c" */
function list(items: readonly string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Throws the first problem found; returns the shards ordered 1..n. */
export function checkShardSet(folders: readonly ShardFolder[]): ShardFolder[] {
  const [first, ...rest] = folders;
  const n = first.manifest.shard.count;
  const otherSplit = rest.find((f) => f.manifest.shard.count !== n);
  if (otherSplit)
    throw badInput(
      `the folders come from different splits: ${described(first.dir, first.manifest)} but ${described(otherSplit.dir, otherSplit.manifest)}; merge the shards of one split`,
    );
  for (const other of rest) {
    const difference = runDifference(first.manifest, other.manifest);
    if (difference)
      throw badInput(
        `${described(first.dir, first.manifest)} and ${described(other.dir, other.manifest)} ran ${difference}: they are not parts of one run`,
      );
  }
  const byIndex = new Map<number, ShardFolder[]>();
  for (const f of folders)
    byIndex.set(f.manifest.shard.index, [...(byIndex.get(f.manifest.shard.index) ?? []), f]);
  for (const [index, same] of [...byIndex].sort((a, b) => a[0] - b[0])) {
    if (same.length > 1)
      throw badInput(
        `shards ${list(same.map((f) => f.dir))} ${same.length === 2 ? 'both' : 'all'} hold shard ${index}/${n}: keep one of them`,
      );
  }
  const label = (i: number): string => `${i}/${n}`;
  const all = Array.from({ length: n }, (_, i) => i + 1);
  const missing = all.filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const have = all.filter((i) => byIndex.has(i)).map(label);
    const which =
      missing.length === 1
        ? `shard ${label(missing[0])} is missing`
        : `shards ${list(missing.map(label))} are missing`;
    const them = missing.length === 1 ? 'it and add its folder' : 'them and add their folders';
    throw badInput(`${which} (have ${list(have)}): run ${them}`);
  }
  const ordered = all.map((i) => byIndex.get(i)![0]);
  const owner = new Map<string, ShardFolder>();
  for (const f of ordered) {
    for (const id of f.manifest.taskIds) {
      const other = owner.get(id);
      if (other)
        throw badInput(
          `${id} is in both ${described(other.dir, other.manifest)} and ${described(f.dir, f.manifest)}: run the shards again from one tests file`,
        );
      owner.set(id, f);
    }
  }
  return ordered;
}

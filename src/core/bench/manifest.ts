// What a shard's folder is (DIR/shard.json, written before its first task): shard i/n, the mode,
// the inputs by content (sha256 of the tests, seeds and replay files: paths differ from machine
// to machine, contents must not), the settings that change results, and the task ids it covers.
// `ldb bench merge` joins folders only when these say they are parts of one run; `--resume` into a
// shard folder continues only that same shard.
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { badInput } from '../errors';
import type { BenchFiles } from './data';
import type { BenchMode } from './results';
import { shardLabel, type ShardSpec } from './shard';

export const MANIFEST_FILE = 'shard.json';
const KIND = 'ldb-bench-shard';

export interface InputIdentity {
  /** The file's name, for messages only. */
  file: string;
  sha256: string;
}

export interface ShardManifest {
  kind: typeof KIND;
  version: 1;
  shard: ShardSpec;
  mode: BenchMode;
  dataset: string;
  /** No seeds for a data set whose tasks file holds the programs. */
  inputs: { tests: InputIdentity; seeds?: InputIdentity; replay?: InputIdentity };
  /** Every setting a task's result depends on (limits, trace level, model); not the interpreter path. */
  config: Record<string, string | number | boolean>;
  /** Tasks in the whole tests file. */
  totalTasks: number;
  /** This shard's tasks, in the order of the tests file. */
  taskIds: string[];
}

async function identity(path: string): Promise<InputIdentity> {
  const bytes = await readFile(path);
  return { file: basename(path), sha256: createHash('sha256').update(bytes).digest('hex') };
}

export async function inputIdentities(files: BenchFiles): Promise<ShardManifest['inputs']> {
  const [tests, seeds, replay] = await Promise.all([
    identity(files.tests),
    files.seeds === undefined ? undefined : identity(files.seeds),
    files.replay === undefined ? undefined : identity(files.replay),
  ]);
  return { tests, ...(seeds ? { seeds } : {}), ...(replay ? { replay } : {}) };
}

export function newManifest(fields: Omit<ShardManifest, 'kind' | 'version'>): ShardManifest {
  return { kind: KIND, version: 1, ...fields };
}

export async function writeManifest(dir: string, manifest: ShardManifest): Promise<void> {
  await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
}

/** An unsharded run leaves no manifest behind (a stale one would make its folder look like a shard). */
export async function removeManifest(dir: string): Promise<void> {
  await rm(join(dir, MANIFEST_FILE), { force: true });
}

/** DIR's manifest; undefined when it has none. */
export async function readManifest(dir: string): Promise<ShardManifest | undefined> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw badInput(`cannot read ${path}: ${code ?? String(e)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badInput(`${path} is not JSON: it was not written by 'ldb bench --shard'`);
  }
  if (!isManifest(value)) throw badInput(`${path} is not a bench shard manifest (kind '${KIND}', version 1)`);
  return value;
}

function isManifest(v: unknown): v is ShardManifest {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Partial<ShardManifest>;
  return (
    m.kind === KIND &&
    m.version === 1 &&
    typeof m.shard?.index === 'number' &&
    typeof m.shard.count === 'number' &&
    typeof m.mode === 'string' &&
    typeof m.dataset === 'string' &&
    typeof m.inputs?.tests?.sha256 === 'string' &&
    (m.inputs.seeds === undefined || typeof m.inputs.seeds.sha256 === 'string') &&
    typeof m.config === 'object' &&
    m.config !== null &&
    typeof m.totalTasks === 'number' &&
    Array.isArray(m.taskIds) &&
    m.taskIds.every((id) => typeof id === 'string')
  );
}

/**
 * How two manifests differ as runs (not as shards: i may differ), in words after "ran ...";
 * undefined when they are parts of one run.
 */
export function runDifference(a: ShardManifest, b: ShardManifest): string | undefined {
  if (a.mode !== b.mode) return `in different modes (${a.mode} vs ${b.mode})`;
  for (const key of ['tests', 'seeds', 'replay'] as const) {
    const x = a.inputs[key];
    const y = b.inputs[key];
    if (x?.sha256 !== y?.sha256)
      return `on different ${key} files (sha256 ${short(x?.sha256)} vs ${short(y?.sha256)})`;
  }
  const keys = [...new Set([...Object.keys(a.config), ...Object.keys(b.config)])].sort();
  const changed = keys.filter((k) => a.config[k] !== b.config[k]);
  if (changed.length > 0)
    return `with different settings (${changed.map((k) => `${k} ${String(a.config[k])} vs ${String(b.config[k])}`).join(', ')})`;
  // Same contents from differently named folders still name the data set differently in the summary.
  if (a.dataset !== b.dataset) return `on data sets named differently (${a.dataset} vs ${b.dataset})`;
  if (a.totalTasks !== b.totalTasks) return `over different task counts (${a.totalTasks} vs ${b.totalTasks})`;
  return undefined;
}

function short(hash: string | undefined): string {
  return hash === undefined ? 'none' : `${hash.slice(0, 12)}…`;
}

/** `shard 2/3 (out/b)`: how messages name a folder. */
export function described(dir: string, manifest: ShardManifest): string {
  return `shard ${shardLabel(manifest.shard)} (${dir})`;
}

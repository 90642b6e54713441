// `ldb bench --shard i/n`: which tasks shard i of n runs. Round robin over the order of the tests
// file: the task at position p (from 0) belongs to shard (p mod n) + 1. The slice depends only on
// the tests file and i/n, never on -j or the machine; shards differ by one task at most; and a run
// of costly neighbours in the file is spread over every shard instead of piling up in one (as it
// would with contiguous ranges), so the shards end closer together.
import { badInput } from '../errors';

export interface ShardSpec {
  /** From 1. */
  index: number;
  count: number;
}

const SHAPE = '--shard needs i/n with 1 <= i <= n (e.g. 2/3: the second of three slices)';

/** `2/3` -> { index: 2, count: 3 }; anything else is a one-line bad-input error. */
export function parseShard(text: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw badInput(`${SHAPE}, got '${text}'`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count)) throw badInput(`${SHAPE}, got '${text}'`);
  if (count < 1) throw badInput(`--shard ${text}: the number of shards must be at least 1`);
  if (index < 1) throw badInput(`--shard ${text}: shards count from 1 (1/${count} to ${count}/${count})`);
  if (index > count)
    throw badInput(
      `--shard ${text}: there are only ${count} shard${count === 1 ? '' : 's'} (1/${count} to ${count}/${count})`,
    );
  return { index, count };
}

export function shardLabel(spec: ShardSpec): string {
  return `${spec.index}/${spec.count}`;
}

/** The shard's items, in their order. */
export function shardOf<T>(items: readonly T[], spec: ShardSpec): T[] {
  return items.filter((_, p) => p % spec.count === spec.index - 1);
}

/** How many of `total` items shard i/n holds. */
export function shardSize(total: number, spec: ShardSpec): number {
  return spec.index > total ? 0 : Math.floor((total - spec.index) / spec.count) + 1;
}

/** The inverse of shardOf: the whole list from every shard's part (parts[i - 1] is shard i's). */
export function interleave<T>(parts: readonly (readonly T[])[]): T[] {
  const total = parts.reduce((n, part) => n + part.length, 0);
  return Array.from({ length: total }, (_, p) => parts[p % parts.length][Math.floor(p / parts.length)]);
}

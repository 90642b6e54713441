// `ldb bench merge DIR... [--out DIR] [--json]`: joins the folders of `ldb bench --shard i/n` runs
// into the files one unsharded run writes (the checks and the joining are core/bench/merge.ts).
import { mergeShards } from '../../core/bench/merge';
import { badInput } from '../../core/errors';
import { flag, parseCommandArgs, stringOption } from '../args';
import type { CommandContext } from '../context';
import { EXIT } from '../exitCodes';
import { printOutcome } from './benchOutput';

export const BENCH_MERGE_USAGE = '       ldb bench merge DIR... [--out DIR] [--json]';

export const BENCH_MERGE_HELP = `'ldb bench merge' joins the --out folders of the shards 1/n to n/n of one run (same tests, seeds,
replay files, mode and settings) into the results.jsonl, summary.md, summary.json and accuracy.svg
one unsharded run writes (default --out ldb-bench); only the timing differs. A missing or doubled
shard, shards of other inputs or another n, or an unfinished shard is named in a one-line error.`;

export async function benchMergeCommand(ctx: CommandContext, argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('bench merge', argv, {
    out: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (parsed.positionals.length === 0)
    throw badInput('bench merge: name the shard folders to join (ldb bench merge DIR... --out DIR)');
  const outcome = await mergeShards({
    dirs: parsed.positionals,
    outDir: stringOption(parsed, 'out') ?? 'ldb-bench',
  });
  printOutcome(ctx, outcome, flag(parsed, 'json'));
  return EXIT.ok;
}

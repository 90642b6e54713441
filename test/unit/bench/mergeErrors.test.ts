// `ldb bench merge` on folders that are not the shards of one run, and `--resume` into the wrong
// shard: each is one line on stderr naming the folders and shards concerned, exit 2, nothing written.
import { strict as assert } from 'node:assert';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ShardManifest } from '../../../src/core/bench/manifest';
import { benchArgs, dataRows, runLdb, writeSlice, type Slice } from './slice';

const TASKS = ['HumanEval/0', 'HumanEval/1', 'HumanEval/2', 'HumanEval/3'];

async function ok(argv: string[]): Promise<void> {
  const run = await runLdb(argv);
  assert.equal(run.code, 0, `ldb ${argv.join(' ')}: exit ${run.code}: ${run.stderr}`);
}

/** Exit 2, nothing on stdout, exactly this one line on stderr (a RegExp where hashes appear). */
async function fails(argv: string[], line: string | RegExp): Promise<void> {
  const run = await runLdb(argv);
  assert.equal(run.code, 2, `expected exit 2, got ${run.code}: ${run.stderr}`);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr.endsWith('\n') && run.stderr.split('\n').length, 2, run.stderr);
  if (typeof line === 'string') assert.equal(run.stderr.trimEnd(), line);
  else assert.match(run.stderr.trimEnd(), line);
}

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('bench merge: bad input', function () {
  this.timeout(120_000);
  let slice: Slice;
  let other: Slice;
  const dir = (name: string): string => join(slice.dir, name);
  let s1: string, s2: string, s3: string, out: string;

  before(async () => {
    slice = writeSlice('humaneval', TASKS);
    [s1, s2, s3] = [1, 2, 3].map((i) => dir(`s${i}`));
    out = dir('merged');
    for (const [i, d] of [s1, s2, s3].entries())
      await ok([...benchArgs(slice, d, '--trace-only'), '--shard', `${i + 1}/3`, '-j', '1']);
    await ok([...benchArgs(slice, dir('half1'), '--trace-only'), '--shard', '1/2']);
    await ok([...benchArgs(slice, dir('blocks2'), '--trace-only'), '--shard', '2/3', '--max-blocks', '3']);
    await ok([...benchArgs(slice, dir('single'), '--trace-only')]);
    // The same tasks, but a seeds file with one more row: other content, so other inputs.
    other = writeSlice('humaneval', TASKS);
    const extra = dataRows('humaneval', 'seeds').find((r) => r.task_id === 'HumanEval/5');
    appendFileSync(other.seeds, JSON.stringify(extra) + '\n');
    await ok([...benchArgs(other, dir('other2'), '--trace-only'), '--shard', '2/3']);
  });

  afterEach(() => assert.equal(existsSync(out), false, 'a failed merge wrote its --out folder'));

  it('names a missing shard, and the shards it has', async () => {
    await fails(
      ['bench', 'merge', s1, s3, '--out', out],
      'ldb: shard 2/3 is missing (have 1/3 and 3/3): run it and add its folder',
    );
    await fails(
      ['bench', 'merge', s2, '--out', out],
      'ldb: shards 1/3 and 3/3 are missing (have 2/3): run them and add their folders',
    );
  });

  it('names two folders holding the same shard, and a folder named twice', async () => {
    cpSync(s1, dir('s1-copy'), { recursive: true });
    await fails(
      ['bench', 'merge', s1, dir('s1-copy'), s2, s3, '--out', out],
      `ldb: shards ${s1} and ${dir('s1-copy')} both hold shard 1/3: keep one of them`,
    );
    await fails(
      ['bench', 'merge', s1, s2, s3, s1, '--out', out],
      `ldb: bench merge: ${s1} is named twice: name each shard folder once`,
    );
  });

  it('names shards of different splits (mixed n)', async () => {
    await fails(
      ['bench', 'merge', s1, s2, s3, dir('half1'), '--out', out],
      `ldb: the folders come from different splits: shard 1/3 (${s1}) but shard 1/2 (${dir('half1')}); merge the shards of one split`,
    );
  });

  it('names shards of different inputs or settings', async () => {
    await fails(
      ['bench', 'merge', s1, dir('other2'), s3, '--out', out],
      new RegExp(
        `^ldb: shard 1/3 \\(${escaped(s1)}\\) and shard 2/3 \\(${escaped(dir('other2'))}\\) ran on different seeds files \\(sha256 [0-9a-f]{12}… vs [0-9a-f]{12}…\\): they are not parts of one run$`,
      ),
    );
    await fails(
      ['bench', 'merge', s1, dir('blocks2'), s3, '--out', out],
      `ldb: shard 1/3 (${s1}) and shard 2/3 (${dir('blocks2')}) ran with different settings (maxBlocks 10 vs 3): they are not parts of one run`,
    );
  });

  it('names a folder that is not a shard: empty, an unsharded run, absent', async () => {
    mkdirSync(dir('empty'));
    const how = "pass the --out folders of 'ldb bench --shard i/n' runs";
    await fails(
      ['bench', 'merge', s1, s2, dir('empty'), '--out', out],
      `ldb: ${dir('empty')} is not a bench shard folder (no shard.json): ${how}`,
    );
    await fails(
      ['bench', 'merge', s1, s2, dir('single'), '--out', out],
      `ldb: ${dir('single')} holds an unsharded bench run (no shard.json): only shards can be merged; ${how}`,
    );
    await fails(
      ['bench', 'merge', s1, s2, dir('nowhere'), '--out', out],
      `ldb: ${dir('nowhere')}: no such folder (${how})`,
    );
    await fails(
      ['bench', 'merge', '--out', out],
      'ldb: bench merge: name the shard folders to join (ldb bench merge DIR... --out DIR)',
    );
  });

  it('names an unfinished shard and the tasks it lacks', async () => {
    cpSync(s1, dir('s1-cut'), { recursive: true });
    const results = join(dir('s1-cut'), 'results.jsonl');
    const lines = readFileSync(results, 'utf8').trimEnd().split('\n');
    writeFileSync(results, lines[0] + '\n' + lines[1].slice(0, 30)); // as a killed run leaves it
    await fails(
      ['bench', 'merge', dir('s1-cut'), s2, s3, '--out', out],
      `ldb: shard 1/3 (${dir('s1-cut')}) is incomplete: 1 of its 2 tasks have no result (HumanEval/3); continue it with 'ldb bench ... --shard 1/3 --resume --out ${dir('s1-cut')}'`,
    );
  });

  it('names a task two shards both claim', async () => {
    cpSync(s2, dir('s2-bad'), { recursive: true });
    const path = join(dir('s2-bad'), 'shard.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as ShardManifest;
    manifest.taskIds = ['HumanEval/0'];
    writeFileSync(path, JSON.stringify(manifest));
    await fails(
      ['bench', 'merge', s1, dir('s2-bad'), s3, '--out', out],
      `ldb: HumanEval/0 is in both shard 1/3 (${s1}) and shard 2/3 (${dir('s2-bad')}): run the shards again from one tests file`,
    );
  });

  it('refuses an --out that is a shard or already holds results', async () => {
    await fails(
      ['bench', 'merge', s1, s2, s3, '--out', s2],
      `ldb: bench merge: --out ${s2} is shard 2/3 (${s2}): choose a new folder`,
    );
    const single = dir('single');
    await fails(
      ['bench', 'merge', s1, s2, s3, '--out', single],
      `ldb: ${join(single, 'results.jsonl')} already holds 4 results: choose another --out`,
    );
  });

  it('--resume continues only the same shard of the same inputs', async () => {
    const shard = (d: string, ...more: string[]): string[] => [
      ...benchArgs(slice, d, '--trace-only'),
      '--resume',
      ...more,
    ];
    await fails(shard(s1, '--shard', '2/3'), `ldb: ${s1} holds shard 1/3, not 2/3: choose another --out`);
    await fails(
      shard(s1),
      `ldb: ${s1} holds shard 1/3: pass --shard 1/3 to continue it, or choose another --out`,
    );
    await fails(
      shard(dir('single'), '--shard', '1/3'),
      `ldb: ${dir('single')} holds an unsharded run: continue it without --shard, or choose another --out`,
    );
    await fails(
      [...benchArgs(other, s1, '--trace-only'), '--resume', '--shard', '1/3'],
      new RegExp(
        `^ldb: ${escaped(s1)} holds shard 1/3 that ran on different seeds files .*: choose another --out$`,
      ),
    );
    // None of these touched the shards: they still merge.
    await ok(['bench', 'merge', s1, s2, s3, '--out', dir('after')]);
  });
});

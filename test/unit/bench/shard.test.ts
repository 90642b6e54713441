// The slice of `--shard i/n`: round robin over the tests file, every task in exactly one shard,
// sizes within one of each other, and merge's interleave puts them back in order. Bad --shard
// values are one-line errors (exit 2) before anything runs.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { interleave, parseShard, shardOf, shardSize } from '../../../src/core/bench/shard';
import { benchArgs, runLdb, writeSlice } from './slice';

describe('bench shards: the slice', () => {
  it('puts every task in exactly one shard, round robin, and interleave undoes it', () => {
    for (let total = 0; total <= 12; total++) {
      const tasks = Array.from({ length: total }, (_, p) => `T${p}`);
      for (let count = 1; count <= 5; count++) {
        const parts = Array.from({ length: count }, (_, i) => shardOf(tasks, { index: i + 1, count }));
        const where = `${total} tasks in ${count} shards`;
        assert.deepEqual([...parts.flat()].sort(), [...tasks].sort(), where);
        assert.equal(new Set(parts.flat()).size, total, where);
        parts.forEach((part, i) => {
          assert.equal(part.length, shardSize(total, { index: i + 1, count }), where);
          assert.ok(
            part.every((t) => Number(t.slice(1)) % count === i),
            where,
          );
        });
        const sizes = parts.map((p) => p.length);
        assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, where);
        assert.deepEqual(interleave(parts), tasks, where);
      }
    }
  });

  it('reads i/n', () => {
    assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
    assert.deepEqual(parseShard('1/1'), { index: 1, count: 1 });
    assert.deepEqual(parseShard(' 12 / 40 '), { index: 12, count: 40 });
  });

  const BAD: [string, RegExp][] = [
    ['0/3', /^ldb: --shard 0\/3: shards count from 1 \(1\/3 to 3\/3\)$/],
    ['4/3', /^ldb: --shard 4\/3: there are only 3 shards \(1\/3 to 3\/3\)$/],
    ['1/0', /^ldb: --shard 1\/0: the number of shards must be at least 1$/],
    ['abc', /^ldb: --shard needs i\/n with 1 <= i <= n \(e\.g\. 2\/3.*\), got 'abc'$/],
    ['-1/3', /^ldb: --shard needs i\/n .*, got '-1\/3'$/],
    ['1.5/3', /^ldb: --shard needs i\/n .*, got '1\.5\/3'$/],
    ['2', /^ldb: --shard needs i\/n .*, got '2'$/],
  ];
  for (const [value, message] of BAD) {
    it(`rejects --shard ${value} in one line, exit 2, running nothing`, async () => {
      const slice = writeSlice('humaneval', ['HumanEval/0']);
      const out = join(slice.dir, 'out');
      const run = await runLdb([...benchArgs(slice, out, '--trace-only'), `--shard=${value}`]);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr.trimEnd(), message);
      assert.equal(run.stderr.trimEnd().split('\n').length, 1);
      assert.equal(existsSync(out), false);
    });
  }
});

// --replay on a slice of HumanEval: LDB's own programs through our loop and sandbox must end each
// task exactly as LDB's run recorded it (fixes taken, visible tests, hidden tests).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugTaskResult } from '../../../src/core/bench/results';
import { runLdb, writeSlice, type Slice, benchArgs, readResults } from './slice';

interface Expected {
  status: string;
  iterations: number;
  seedSolved: boolean;
  passesVisible: boolean;
  solved: boolean;
}

const EXPECTED: Record<string, Expected> = {
  // The seed passes its visible and hidden tests.
  'HumanEval/0': {
    status: 'already-passing',
    iterations: 0,
    seedSolved: true,
    passesVisible: true,
    solved: true,
  },
  // The seed lacks the prompt's helper (encode_cyclic): only LDB's preparation makes it pass.
  'HumanEval/38': {
    status: 'already-passing',
    iterations: 0,
    seedSolved: true,
    passesVisible: true,
    solved: true,
  },
  // Fixed on the first fix.
  'HumanEval/84': { status: 'fixed', iterations: 1, seedSolved: false, passesVisible: true, solved: true },
  // The first fix passes the visible tests but not the hidden ones.
  'HumanEval/120': { status: 'fixed', iterations: 1, seedSolved: false, passesVisible: true, solved: false },
  // The seed passes the hidden tests but not its visible ones; ten fixes later the last program
  // still fails a visible test and passes the hidden ones (LDB: is_passing False, is_solved True).
  'HumanEval/10': {
    status: 'not-fixed',
    iterations: 10,
    seedSolved: true,
    passesVisible: false,
    solved: true,
  },
};

describe('bench --replay (HumanEval slice)', function () {
  this.timeout(120_000);
  let slice: Slice;
  let results: DebugTaskResult[];
  let summary: { solved: number; total: number; perIteration: number[]; differences: unknown[] };

  before(async () => {
    slice = writeSlice('humaneval', Object.keys(EXPECTED));
    const out = join(slice.dir, 'out');
    const run = await runLdb([...benchArgs(slice, out, '--replay', slice.results, '-j', '2'), '--json']);
    assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
    const lines = run.stdout.trimEnd().split('\n');
    summary = JSON.parse(lines[lines.length - 1]) as typeof summary;
    results = readResults<DebugTaskResult>(out);
  });

  for (const [taskId, expected] of Object.entries(EXPECTED)) {
    it(`${taskId} ends as LDB's run: ${expected.status} after ${expected.iterations} fixes, solved ${expected.solved}`, () => {
      const r = results.find((x) => x.taskId === taskId)!;
      assert.ok(r, `no result for ${taskId}`);
      const { status, iterations, seedSolved, passesVisible, solved } = r;
      assert.deepEqual({ status, iterations, seedSolved, passesVisible, solved }, expected);
      assert.deepEqual(r.differences, []);
      assert.deepEqual(r.reference && { s: r.reference.solved, i: r.reference.iterations }, {
        s: expected.solved,
        i: expected.iterations,
      });
      assert.equal(r.programs.length, expected.iterations + 1);
    });
  }

  it('prints the summary as JSON on the last line: 4/5 solved, the curve by iteration', () => {
    assert.equal(summary.total, 5);
    assert.equal(summary.solved, 4);
    // iteration 0: /0 and /38; 1: + /84; 10: + /10.
    assert.deepEqual(summary.perIteration, [40, 60, 60, 60, 60, 60, 60, 60, 60, 60, 80]);
    assert.deepEqual(summary.differences, []);
  });

  it("answers fix requests with LDB's programs: after fix 1, HumanEval/84's solve() is LDB's", () => {
    const r = results.find((x) => x.taskId === 'HumanEval/84')!;
    const ldb = readFileSync(slice.results, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"HumanEval/84"'))
      .map((l) => JSON.parse(l) as { implementations: string[] })[0];
    assert.equal(functionOf(r.programs[1], 'solve'), functionOf(ldb.implementations[1], 'solve'));
    assert.notEqual(functionOf(r.programs[0], 'solve'), functionOf(r.programs[1], 'solve'));
  });
});

/** The lines of a top-level function, blank ones left out (the fix is re-indented when placed). */
function functionOf(code: string, name: string): string {
  const lines = code.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`def ${name}(`));
  const out = [lines[start]];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') continue;
    if (!/^\s/.test(line)) break;
    out.push(line.trimEnd());
  }
  return out.join('\n');
}

describe('bench --replay (MBPP slice)', function () {
  this.timeout(60_000);

  it("judges tasks without a visible test on their seed, and seeds that need LDB's import header pass", async () => {
    // MBPP/45 and /18: the entry point is not what the visible test calls, so LDB keeps no visible
    // test; /73's seed uses a name only the import header brings (the seeds file says unsolved).
    const slice = writeSlice('mbpp', ['MBPP/45', 'MBPP/18', 'MBPP/73']);
    const seeds = new Map(
      readFileSync(slice.seeds, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { task_id: string; is_solved: boolean })
        .map((r) => [r.task_id, r.is_solved]),
    );
    assert.equal(seeds.get('MBPP/73'), false);
    const out = join(slice.dir, 'out');
    const run = await runLdb(benchArgs(slice, out, '--replay', slice.results));
    assert.equal(run.code, 0, run.stderr);
    const rows = readResults<DebugTaskResult>(out);
    const got = Object.fromEntries(
      rows.map((r) => [r.taskId, [r.status, r.visibleTests, r.solved, r.differences]]),
    );
    assert.deepEqual(got, {
      'MBPP/45': ['no-visible-tests', 0, true, []],
      'MBPP/18': ['no-visible-tests', 0, false, []],
      'MBPP/73': ['already-passing', 1, true, []],
    });
  });
});

// --replay of "another model's" published run: LDB's other runs (other models, other seeds) hold
// programs that are prose, empty, fenced in another way, cut off, for another function name, or a
// class; a model's program may also carry extra functions, classes and module code. This results
// file is made from the real gpt-3.5 one by replacing programs with such text, by rule: every task
// must still end as LDB's loop would have (a program it cannot use fails its iteration, and the
// loop goes on), and the counts must be those the file records.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugTaskResult } from '../../../src/core/bench/results';
import { benchArgs, readResults, runLdb, writeSlice, type Slice } from './slice';

interface LdbRow {
  task_id: string;
  entry_point: string;
  implementations: string[];
  is_solved: boolean;
  is_passing: boolean;
  debug_iter: number;
}

/** Programs that fail every test, as LDB would have run them. */
const UNUSABLE: Record<string, (program: string, entry: string) => string> = {
  prose: () => 'I apologize for the confusion. Could you please provide the code again?',
  empty: () => '',
  'another fence': (program) => '```py\n' + program + '\n```',
  'cut off': (program) => program.slice(0, Math.floor(program.length / 2)) + '\n    return (',
  'another name': (program, entry) => program.split(`def ${entry}(`).join(`def ${entry}_v2(`),
  'only a class': (program, entry) => {
    const at = program.indexOf(`def ${entry}(`);
    const method = program
      .slice(at)
      .split('\n')
      .map((l) => (l.trim() === '' ? '' : '    ' + l))
      .join('\n');
    return `${program.slice(0, at)}class Solution:\n${method}`;
  },
};

/** The same program with more in it: it passes and fails what the original did. */
const USABLE: Record<string, (program: string) => string> = {
  'several functions': (program) => `${program}\n\ndef _unused_helper(x):\n    return x\n`,
  'a class': (program) => `class _Unused:\n    pass\n\n\n${program}`,
  'module code': (program) => `${program}\n\nprint("checked")\n_EXAMPLES = [1, 2, 3]\n`,
};

const UNUSABLE_KINDS = Object.keys(UNUSABLE);
const USABLE_KINDS = Object.keys(USABLE);

/**
 * Odd steps before the last become unusable, even ones usable; the last program stays usable
 * when LDB's run ended passing (it stopped there), and becomes unusable when it ran to the limit,
 * which is then recorded as LDB would have: neither passing nor solved.
 */
function rewrite(rows: LdbRow[]): {
  rows: LdbRow[];
  kinds: Map<string, number>;
  unusable: Map<string, Set<number>>;
} {
  const kinds = new Map<string, number>();
  const unusable = new Map<string, Set<number>>();
  let turn = 0;
  const out = rows.map((row) => {
    const implementations = [...row.implementations];
    const bad = new Set<number>();
    const last = implementations.length - 1;
    for (let k = 1; k <= last; k++) {
      const makeBad = k === last ? !row.is_passing : k % 2 === 1;
      const kind = makeBad
        ? UNUSABLE_KINDS[turn % UNUSABLE_KINDS.length]
        : USABLE_KINDS[turn % USABLE_KINDS.length];
      turn++;
      implementations[k] = makeBad
        ? UNUSABLE[kind](implementations[k], row.entry_point)
        : USABLE[kind](implementations[k]);
      if (makeBad) bad.add(k);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    unusable.set(row.task_id, bad);
    const endsBad = bad.has(last);
    return {
      ...row,
      implementations,
      is_solved: endsBad ? false : row.is_solved,
      is_passing: endsBad ? false : row.is_passing,
    };
  });
  return { rows: out, kinds, unusable };
}

function readRows(path: string): LdbRow[] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as LdbRow);
}

const CASES: { dataset: 'humaneval' | 'mbpp'; tasks: string[] }[] = [
  {
    dataset: 'humaneval',
    // Fixed after 3-4 fixes (solved, or not: /100), ran to the limit (solved: /10, not: /32), and a
    // seed that passes (nothing to replace).
    tasks: ['HumanEval/0', 'HumanEval/90', 'HumanEval/135', 'HumanEval/100', 'HumanEval/10', 'HumanEval/32'],
  },
  // Fixed after 3 and 8 fixes, ran to LDB's limit of 9 (one of them already ending in prose).
  { dataset: 'mbpp', tasks: ['MBPP/13', 'MBPP/344', 'MBPP/219', 'MBPP/39', 'MBPP/236'] },
];

for (const { dataset, tasks } of CASES) {
  describe(`bench --replay of another model's run (${dataset}, programs replaced by rule)`, function () {
    this.timeout(300_000);
    let slice: Slice;
    let file: ReturnType<typeof rewrite>;
    let results: DebugTaskResult[];
    let summary: {
      solved: number;
      perIteration: number[];
      statuses: Record<string, number>;
      reference: { solved: number; perIteration: number[] };
    };

    before(async () => {
      slice = writeSlice(dataset, tasks);
      const original = readRows(slice.results);
      file = rewrite(original);
      writeFileSync(slice.results, file.rows.map((r) => JSON.stringify(r) + '\n').join(''));
      const out = join(slice.dir, 'out');
      const run = await runLdb([...benchArgs(slice, out, '--replay', slice.results, '-j', '2'), '--json']);
      assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
      summary = JSON.parse(run.stdout.trimEnd().split('\n').pop()!) as typeof summary;
      results = readResults<DebugTaskResult>(out);
    });

    it('the file holds every kind of program, and tasks whose record the last program changed', () => {
      for (const kind of [...UNUSABLE_KINDS, ...USABLE_KINDS]) {
        assert.ok((file.kinds.get(kind) ?? 0) > 0, `no program of kind ${kind} in the ${dataset} file`);
      }
      assert.ok(file.rows.some((r) => file.unusable.get(r.task_id)!.has(r.implementations.length - 1)));
    });

    it('every task ends as a loop that finished (exit 0 or 1), none with an error', () => {
      for (const r of results) {
        assert.ok(['already-passing', 'fixed', 'not-fixed'].includes(r.status), `${r.taskId}: ${r.status}`);
        assert.equal(r.error, undefined, `${r.taskId}: ${r.error}`);
      }
      assert.equal(results.length, tasks.length);
    });

    it('every task ends as the file records it: fixes taken, visible and hidden tests', () => {
      for (const row of file.rows) {
        const r = results.find((x) => x.taskId === row.task_id)!;
        assert.deepEqual(
          { iterations: r.iterations, passesVisible: r.passesVisible, solved: r.solved },
          { iterations: row.debug_iter, passesVisible: row.is_passing, solved: row.is_solved },
          row.task_id,
        );
        assert.deepEqual(r.differences, [], row.task_id);
      }
    });

    it('a program it could not use stands for itself: the one LDB ran', () => {
      for (const row of file.rows) {
        const r = results.find((x) => x.taskId === row.task_id)!;
        for (const k of file.unusable.get(row.task_id)!) assert.equal(r.programs[k], row.implementations[k]);
      }
    });

    it("the counts are the file's: solved, and the curve by iteration", () => {
      assert.equal(summary.solved, file.rows.filter((r) => r.is_solved).length);
      assert.equal(summary.reference.solved, summary.solved);
      assert.deepEqual(summary.perIteration, summary.reference.perIteration);
    });
  });
}

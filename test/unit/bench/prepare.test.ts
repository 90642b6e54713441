// LDB's program preparation, checked against LDB's own prepared programs: implementations[0] of
// its published results is the prepared seed, for every task of both data sets.
import { strict as assert } from 'node:assert';
import {
  LDB_IMPORT_HEADER,
  hasDocstring,
  ldbVisibleTests,
  prepareProgram,
  scanFunctions,
} from '../../../src/core/bench/prepare';
import { dataRows } from './slice';

describe('bench: LDB program preparation', () => {
  for (const dataset of ['humaneval', 'mbpp'] as const) {
    it(`gives LDB's implementations[0] for every ${dataset} seed`, () => {
      const seeds = new Map(dataRows(dataset, 'seeds').map((r) => [r.task_id, r.solution as string]));
      const results = dataRows(dataset, 'results');
      const wrong = results.filter((r) => {
        const prepared = prepareProgram(r.prompt as string, seeds.get(r.task_id)!, r.entry_point as string);
        return prepared !== (r.implementations as string[])[0];
      });
      assert.equal(results.length, dataset === 'humaneval' ? 164 : 500);
      assert.deepEqual(
        wrong.map((r) => r.task_id),
        [],
      );
    });
  }

  it('puts the prompt before a seed that is only a body, with the header first', () => {
    const prompt = 'def f(x):\n    """Double x."""\n';
    const out = prepareProgram(prompt, '    return 2 * x\n', 'f');
    assert.equal(out, `${LDB_IMPORT_HEADER}${prompt}\n    return 2 * x\n`);
  });

  it("adds the prompt's helper functions the seed lacks, but never its last function", () => {
    const prompt = 'def helper(s):\n    return s[::-1]\n\n\ndef main(s):\n    """Use helper."""\n';
    assert.deepEqual(
      scanFunctions(prompt).map((f) => f.name),
      ['helper'],
    );
    const out = prepareProgram(prompt, 'def main(s):\n    """x"""\n    return helper(s)\n', 'main');
    assert.ok(out.startsWith(`${LDB_IMPORT_HEADER}def helper(s):\n    return s[::-1]\n\n\ndef main(s):`));
  });

  it("inserts the prompt's docstring after the entry's def line when the seed has none", () => {
    const prompt = 'def f(x):\n    """Add one."""\n';
    const out = prepareProgram(prompt, 'def f(x):\n    return x + 1\n', 'f');
    assert.ok(out.endsWith('def f(x):\n    """Add one."""\n    return x + 1\n'));
    assert.ok(hasDocstring(out, 'f'));
  });

  it('does not add the header twice', () => {
    const once = prepareProgram('def f():\n    """d"""\n', 'def f():\n    """d"""\n    return 1', 'f');
    assert.equal(prepareProgram('def f():\n    """d"""\n', once, 'f'), once);
  });

  it("keeps the visible tests that name the entry point: 18 MBPP tasks keep none, as in LDB's run", () => {
    assert.deepEqual(ldbVisibleTests(['assert f(1) == 2', 'assert False', 'assert g(1) == 1'], 'f'), [
      'assert f(1) == 2',
    ]);
    const none = dataRows('mbpp', 'tests').filter(
      (t) => ldbVisibleTests(t.given_tests as string[], t.entry_point as string).length === 0,
    );
    assert.equal(none.length, 18);
  });
});

// HumanEvalFix-JS's visible tests (src/core/bench/humanevalfixJs.ts): each console.assert of a
// harness is one test, as LDB's visible tests are; a harness that holds anything else, a loop of
// asserts included (JavaScript/44), is one test whole.
import { strict as assert } from 'node:assert';
import { harnessTests } from '../../../src/core/bench/humanevalfixJs';
import { DIST_DIR } from '../../support/paths';

const assets = { dir: DIST_DIR };

describe("bench: a HumanEvalFix-JS harness's visible tests", () => {
  it('one per console.assert', async () => {
    const harness =
      'const testF = () => {\n  console.assert(f(1) === 2)\n  console.assert(f(2) === 3)\n}\n\ntestF()\n';
    assert.deepEqual(await harnessTests(harness, 'task.cjs', assets), [
      'console.assert(f(1) === 2)',
      'console.assert(f(2) === 3)',
    ]);
  });

  it('the whole harness when it loops over asserts', async () => {
    const harness =
      'const testF = () => {\n  console.assert(f(1) === 2)\n  for (let i = 2; i < 8; i++) {\n    console.assert(f(i) === i + 1)\n  }\n}\n\ntestF()\n';
    const tests = await harnessTests(harness, 'task.cjs', assets);
    assert.equal(tests.length, 1);
    assert.match(tests[0] ?? '', /for \(let i = 2/);
  });
});

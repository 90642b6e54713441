// `ldb trace`'s head start for JavaScript (src/cli/headStart.ts, languages/javascript/start.ts):
// the Node child is started before the CLI's bundle loads, also without --test when the file's
// own tests are what runs; a file that imports its project's files (traced across them) and a test
// of another file get none; the trace command takes the child over and traces in it.
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runLdbInProcess } from '../../support/cliInProcess';
import { useHeadStarts } from '../../support/headStarts';

const PROGRAM = 'function add(a, b) {\n  return a - b;\n}\nconsole.assert(add(1, 2) === 3);\n';

describe('ldb trace: the head start of a JavaScript file', function () {
  this.timeout(30_000);
  const scene = useHeadStarts('ldb-head-js-', {
    'add.js': PROGRAM,
    'uses.js': "const { add } = require('./add.js');\nconsole.assert(add(2, 2) === 4);\n",
  });
  const start = (argv: string[]) => scene.start(argv);

  it("starts the child without --test: the file's own first test runs in it", () => {
    const h = start(['trace', join(scene.dir, 'add.js'), '--json']);
    assert.ok(h?.take());
    assert.equal(readdirSync(scene.runs).length, 1, 'the child has its run folder already');
  });

  for (const [what, argv] of [
    ['a file that imports its project (traced across files)', ['trace', 'uses.js']],
    ['a test of another file', ['trace', 'add.js', '--test', 'tests/add.test.js::test-function:3']],
  ] as const) {
    it(`starts nothing for ${what}`, () => {
      assert.equal(start([argv[0], join(scene.dir, argv[1]), ...argv.slice(2)]), undefined);
    });
  }

  it('the trace command takes the child over and traces the first test in it', async () => {
    const argv = ['trace', join(scene.dir, 'add.js'), '--json'];
    const h = start(argv);
    assert.ok(h);
    const { code, stdout } = await runLdbInProcess(argv, { headStart: h });
    assert.equal(code, 0);
    assert.equal(h.take(), undefined, 'the command took the child');
    const json = JSON.parse(stdout) as { outcome: { status: string; actual: string }; function: string };
    assert.deepEqual([json.function, json.outcome.status, json.outcome.actual], ['add', 'failed', '-1']);
  });
});

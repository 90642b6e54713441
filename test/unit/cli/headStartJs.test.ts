// `ldb trace`'s head start for JavaScript (src/cli/headStart.ts, languages/javascript/start.ts):
// the Node child is started before the CLI's bundle loads, also without --test when the file's
// own tests are what runs; a file that imports its project's files (traced across them) and a test
// of another file get none; the trace command takes the child over and traces in it.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { headStart, type HeadStart } from '../../../src/cli/headStart';
import { runLdbInProcess } from '../../support/cliInProcess';
import { DIST_DIR } from '../../support/paths';

const PROGRAM = 'function add(a, b) {\n  return a - b;\n}\nconsole.assert(add(1, 2) === 3);\n';

describe('ldb trace: the head start of a JavaScript file', function () {
  this.timeout(30_000);
  let dir: string;
  let runs: string;
  const savedTmp = process.env.TMPDIR;
  const started: HeadStart[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ldb-head-js-'));
    runs = join(dir, 'tmp');
    mkdirSync(runs);
    process.env.TMPDIR = runs;
    writeFileSync(join(dir, 'add.js'), PROGRAM);
    writeFileSync(
      join(dir, 'uses.js'),
      "const { add } = require('./add.js');\nconsole.assert(add(2, 2) === 4);\n",
    );
  });
  afterEach(() => {
    for (const h of started.splice(0)) h.release();
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (argv: string[]): HeadStart | undefined => {
    const h = headStart(argv, process.env, DIST_DIR, new AbortController().signal);
    if (h) started.push(h);
    return h;
  };

  it("starts the child without --test: the file's own first test runs in it", () => {
    const h = start(['trace', join(dir, 'add.js'), '--json']);
    assert.ok(h?.take());
    assert.equal(readdirSync(runs).length, 1, 'the child has its run folder already');
  });

  for (const [what, argv] of [
    ['a file that imports its project (traced across files)', ['trace', 'uses.js']],
    ['a test of another file', ['trace', 'add.js', '--test', 'tests/add.test.js::test-function:3']],
  ] as const) {
    it(`starts nothing for ${what}`, () => {
      assert.equal(start([argv[0], join(dir, argv[1]), ...argv.slice(2)]), undefined);
    });
  }

  it('the trace command takes the child over and traces the first test in it', async () => {
    const argv = ['trace', join(dir, 'add.js'), '--json'];
    const h = start(argv);
    assert.ok(h);
    const { code, stdout } = await runLdbInProcess(argv, { headStart: h });
    assert.equal(code, 0);
    assert.equal(h.take(), undefined, 'the command took the child');
    const json = JSON.parse(stdout) as { outcome: { status: string; actual: string }; function: string };
    assert.deepEqual([json.function, json.outcome.status, json.outcome.actual], ['add', 'failed', '-1']);
  });
});

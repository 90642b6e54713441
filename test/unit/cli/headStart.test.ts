// `ldb trace`'s head start (src/cli/headStart.ts): which command lines get a runtime started before
// the CLI's bundle loads, that the trace command takes it over (one child, not two), and that an
// unused one ends with its folder gone, whatever went wrong.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { headStart, type HeadStart } from '../../../src/cli/headStart';
import { runLdbInProcess } from '../../support/cliInProcess';
import { runCli } from '../../support/cli';
import { DIST_DIR } from '../../support/paths';

const PROGRAM = 'def add(a, b):\n    return a - b\n';

describe('ldb trace: the head start', () => {
  let dir: string;
  let runs: string;
  const savedTmp = process.env.TMPDIR;
  const started: HeadStart[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ldb-head-'));
    // The runtimes' own folders go here (in this process and in the CLI's), so that what is left
    // over can be counted.
    runs = join(dir, 'tmp');
    mkdirSync(runs);
    process.env.TMPDIR = runs;
    writeFileSync(join(dir, 'add.py'), PROGRAM);
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

  it('starts a runtime for a trace of a file with a test given as code', () => {
    const h = start(['trace', join(dir, 'add.py'), '--test', 'assert add(1, 2) == 3', '--json']);
    assert.ok(h);
    assert.ok(h.take());
    assert.equal(h.take(), undefined, 'a runtime is taken once');
    assert.equal(h.compiles.size, 2, "tree-sitter's runtime and the grammar compile ahead");
  });

  for (const [what, argv] of [
    ['another command', ['tests', 'add.py']],
    ['help', ['trace', 'add.py', '--test', 'add(1, 2)', '--help']],
    ['no test (the first failing one is looked for)', ['trace', 'add.py']],
    ['an empty test', ['trace', 'add.py', '--test', ' ']],
    ['a pytest node id (it runs under pytest)', ['trace', 'add.py', '--test', 'tests/test_a.py::test_x']],
    ['an unknown flag (the command reports it)', ['trace', 'add.py', '--test', 'add(1, 2)', '--bogus']],
    [
      'a bad flag value (the command reports it)',
      ['trace', 'add.py', '--test', 'add(1, 2)', '--timeout-ms', 'x'],
    ],
    ['a file of no language with a starter', ['trace', 'notes.txt', '--test', 'add(1, 2)']],
  ] as const) {
    it(`starts nothing for ${what}`, () => {
      assert.equal(start([...argv]), undefined);
    });
  }

  it('the trace command takes the runtime over, and traces with it', async () => {
    const h = start(['trace', join(dir, 'add.py'), '--test', 'assert add(1, 2) == 3', '--json']);
    assert.ok(h);
    const { code, stdout: out } = await runLdbInProcess(
      ['trace', join(dir, 'add.py'), '--test', 'assert add(1, 2) == 3', '--json'],
      { headStart: h },
    );
    assert.equal(code, 0);
    assert.equal(h.take(), undefined, 'the command took the runtime');
    const json = JSON.parse(out) as { outcome: { status: string; actual: string } };
    assert.equal(json.outcome.status, 'failed');
    assert.equal(json.outcome.actual, '-1');
  });

  it('a runtime released unused ends, and its run folder goes', async () => {
    const h = start(['trace', join(dir, 'add.py'), '--test', 'assert add(1, 2) == 3']);
    assert.ok(h);
    const runtime = h.take();
    assert.ok(runtime);
    assert.equal(readdirSync(runs).length, 1, 'the run has its folder');
    (await runtime).cancel();
    await waitFor(() => readdirSync(runs).length === 0);
  });

  it('end to end: a file that does not parse leaves no run folder behind', async () => {
    writeFileSync(join(dir, 'broken.py'), 'def add(a, b:\n    return a\n');
    const run = await runCli(['trace', join(dir, 'broken.py'), '--test', 'assert add(1, 2) == 3'], {
      env: { TMPDIR: runs },
    });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /^ldb: .*broken\.py/);
    await waitFor(() => readdirSync(runs).length === 0);
  });
});

async function waitFor(done: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) assert.fail('still there after 5 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

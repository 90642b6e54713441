// `ldb trace`'s head start (src/cli/headStart.ts): which command lines get a runtime started before
// the CLI's bundle loads, that the trace command takes it over (one child, not two), and that an
// unused one ends with its folder gone, whatever went wrong.
import { strict as assert } from 'node:assert';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLdbInProcess } from '../../support/cliInProcess';
import { runCli } from '../../support/cli';
import { useHeadStarts } from '../../support/headStarts';

const PROGRAM = 'def add(a, b):\n    return a - b\n';

describe('ldb trace: the head start', () => {
  const scene = useHeadStarts('ldb-head-', { 'add.py': PROGRAM });
  const start = (argv: string[]) => scene.start(argv);

  it('starts a runtime for a trace of a file with a test given as code', () => {
    const h = start(['trace', join(scene.dir, 'add.py'), '--test', 'assert add(1, 2) == 3', '--json']);
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
    const h = start(['trace', join(scene.dir, 'add.py'), '--test', 'assert add(1, 2) == 3', '--json']);
    assert.ok(h);
    const { code, stdout: out } = await runLdbInProcess(
      ['trace', join(scene.dir, 'add.py'), '--test', 'assert add(1, 2) == 3', '--json'],
      { headStart: h },
    );
    assert.equal(code, 0);
    assert.equal(h.take(), undefined, 'the command took the runtime');
    const json = JSON.parse(out) as { outcome: { status: string; actual: string } };
    assert.equal(json.outcome.status, 'failed');
    assert.equal(json.outcome.actual, '-1');
  });

  it('a runtime released unused ends, and its run folder goes', async () => {
    const h = start(['trace', join(scene.dir, 'add.py'), '--test', 'assert add(1, 2) == 3']);
    assert.ok(h);
    const runtime = h.take();
    assert.ok(runtime);
    assert.equal(readdirSync(scene.runs).length, 1, 'the run has its folder');
    (await runtime).cancel();
    await waitFor(() => readdirSync(scene.runs).length === 0);
  });

  it('end to end: a file that does not parse leaves no run folder behind', async () => {
    writeFileSync(join(scene.dir, 'broken.py'), 'def add(a, b:\n    return a\n');
    const run = await runCli(['trace', join(scene.dir, 'broken.py'), '--test', 'assert add(1, 2) == 3'], {
      env: { TMPDIR: scene.runs },
    });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /^ldb: .*broken\.py/);
    await waitFor(() => readdirSync(scene.runs).length === 0);
  });
});

async function waitFor(done: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) assert.fail('still there after 5 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

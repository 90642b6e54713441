// `ldb trace`'s head start (src/cli/headStart.ts): which command lines get a runtime started before
// the CLI's bundle loads, that the trace command takes it over (one child, not two), and that an
// unused one ends with its folder gone, whatever went wrong.
import { strict as assert } from 'node:assert';
import { readdirSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLdbInProcess, type InProcessRun } from '../../support/cliInProcess';
import { runCli } from '../../support/cli';
import { useHeadStarts } from '../../support/headStarts';

const PROGRAM = 'def add(a, b):\n    return a - b\n';
/** Debian's, with its pytest (TESTING.md); the head start needs an interpreter it has probed. */
const PYTHON = '/usr/bin/python3';

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

describe('ldb trace --test NODEID: the head start starts pytest', () => {
  const scene = useHeadStarts('ldb-head-pytest-', {
    'pytest.ini': '[pytest]\n',
    'add.py': PROGRAM,
    'test_add.py': 'from add import add\n\ndef test_add():\n    assert add(1, 2) == 3\n',
  });
  const argv = () => ['trace', 'add.py', '--test', 'test_add.py::test_add', '--json', '--python', PYTHON];
  const home = process.cwd();
  // As from a shell in the project: the head start and the command both read the project from there.
  beforeEach(() => process.chdir(scene.dir));
  afterEach(() => process.chdir(home));

  /** pytest's run folders made in TMPDIR while `during` runs, by name. */
  async function pytestFolders(during: () => Promise<void>): Promise<Set<string>> {
    const seen = new Set<string>();
    const watcher = watch(scene.runs, (_event, name) => {
      if (name?.startsWith('ldb-pytest-')) seen.add(name);
    });
    try {
      await during();
      await new Promise((r) => setTimeout(r, 100)); // the last events
    } finally {
      watcher.close();
    }
    return seen;
  }

  it('the trace command takes pytest over: one pytest run, not two, and its trace', async () => {
    // The interpreter is probed once (a head start never waits for a probe): a first trace does it.
    assert.equal((await runLdbInProcess(argv())).code, 0);
    let run: InProcessRun | undefined;
    const folders = await pytestFolders(async () => {
      const h = start(argv());
      assert.ok(h, 'pytest started ahead');
      run = await runLdbInProcess(argv(), { headStart: h });
      assert.equal(h.takeCollected(), undefined, 'the command took the runner');
    });
    assert.equal(run?.code, 0, run?.stderr);
    const json = JSON.parse(run?.stdout ?? '') as {
      outcome: { status: string };
      visits: { block: string }[];
    };
    assert.equal(json.outcome.status, 'failed');
    assert.ok(
      json.visits.some((v) => v.block.startsWith('add#')),
      'the program is traced',
    );
    assert.equal(folders.size, 1, `pytest runs: ${[...folders].join(', ')}`);
  });

  it('a runner released unused ends, and its run folder goes', async () => {
    assert.equal((await runLdbInProcess(argv())).code, 0);
    const h = start(argv());
    assert.ok(h);
    assert.equal(readdirSync(scene.runs).length, 1, 'the run has its folder');
    h.release();
    await waitFor(() => readdirSync(scene.runs).length === 0);
  });

  function start(args: string[]) {
    return scene.start(args);
  }
});

async function waitFor(done: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) assert.fail('still there after 5 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

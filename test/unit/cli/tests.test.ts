// `ldb tests` on real projects: what pytest collects, checked against what pytest itself prints
// (`python -m pytest --collect-only -q`) in the interpreter LDB reports having used, plus golden
// files of the items; a real venv; and the bad input that gets one line and exit 2.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCli } from '../../support/cli';
import { expectGoldenJson } from '../../support/golden';
import { FIXTURES_DIR, PYTHON_FIXTURES } from '../../support/paths';

const PROJECTS = join(FIXTURES_DIR, 'projects');
/** Debian's interpreter: pytest 7.2 from python3-pytest, for venvs that see the system's packages. */
const SYSTEM_PYTHON = '/usr/bin/python3';

interface TestsJson {
  file?: string;
  folder?: string;
  functions: unknown[];
  root?: string;
  configFile?: string;
  interpreter?: { path: string; version: string; source: string };
  runner?: string;
  collected?: { id: string; origin: string; line?: number; item: { file: string; line?: number } }[];
}

async function listed(args: string[], cwd?: string): Promise<TestsJson> {
  const run = await runCli(['tests', ...args, '--json'], cwd ? { cwd } : {});
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout) as TestsJson;
}

/** The node ids pytest prints for `target` from `root`, in `python`. */
function pytestIds(python: string, root: string, target: string): string[] {
  const args = ['-m', 'pytest', '--collect-only', '-q', '-p', 'no:cacheprovider'];
  const rel = relative(root, target);
  const run = spawnSync(python, rel === '' ? args : [...args, rel], { cwd: root, encoding: 'utf8' });
  return run.stdout.split('\n').filter((line) => line.includes('::'));
}

describe('ldb tests: pytest items', function () {
  this.timeout(60_000);
  const cases: [string, string, string, boolean?][] = [
    // [what, target under test/fixtures/projects, project root, run from the project root]
    ['a flat project: conftest parametrizing from JSON, fixtures, a marker', 'flat/tests', 'flat'],
    ['a src/ layout: relative imports, a class, parametrize', 'src_layout', 'src_layout'],
    ['unittest cases in one file', 'unittest_project/tests/test_ops.py', 'unittest_project'],
    [
      'setup.cfg: a package, a class with ids, a yield fixture, xfail, skip, skipif, unittest',
      'ledger/tests',
      'ledger',
    ],
    [
      'no configuration, run from the project: the code found through a path conftest adds',
      'conftest_path/tests/test_temperature.py',
      'conftest_path',
      true,
    ],
  ];
  for (const [what, target, root, fromRoot] of cases) {
    it(what, async () => {
      const json = await listed([join(PROJECTS, target)], fromRoot ? join(PROJECTS, root) : undefined);
      assert.equal(json.root, join(PROJECTS, root));
      assert.ok(json.interpreter, 'the interpreter is reported');
      const ids = (json.collected ?? []).map((t) => t.id);
      assert.ok(ids.length > 0);
      assert.deepEqual(ids, pytestIds(json.interpreter.path, json.root, join(PROJECTS, target)));
      assert.ok(json.collected?.every((t) => t.origin === 'collected' && t.item.file.startsWith('tests/')));
      expectGoldenJson(
        `tests/projects/${root}.json`,
        json.collected?.map((t) => t.item),
      );
    });
  }

  it('a relative folder from inside the project gives the same ids', async () => {
    const json = await listed(['tests'], join(PROJECTS, 'flat'));
    assert.equal(json.folder, 'tests');
    assert.deepEqual(
      json.collected?.map((t) => t.id),
      (await listed([join(PROJECTS, 'flat')])).collected?.map((t) => t.id),
    );
  });

  it('a plain file runs no pytest: only its own tests, no interpreter', async () => {
    const json = await listed([join(PYTHON_FIXTURES, 'cli', 'recursion.py')]);
    assert.equal(json.interpreter, undefined);
    assert.equal(json.collected, undefined);
  });

  it('prints the items as text without --json', async () => {
    const run = await runCli(['tests', join(PROJECTS, 'src_layout')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^collected by pytest \S+ in .*src_layout \(.*, Python [\d.]+, (default|venv|flag)\)\n/,
    );
    assert.match(
      run.stdout,
      /\n {2}tests\/test_cart\.py::TestCart::test_total\[3\] {2}\(tests\/test_cart\.py:15\)\n/,
    );
  });
});

describe('ldb tests: a project with its own venv', function () {
  this.timeout(60_000);
  let project: string;

  before(() => {
    project = mkdtempSync(join(tmpdir(), 'ldb-tests-venv-'));
    cpSync(join(PROJECTS, 'src_layout'), project, { recursive: true });
    execFileSync(SYSTEM_PYTHON, [
      '-m',
      'venv',
      '--without-pip',
      '--system-site-packages',
      join(project, '.venv'),
    ]);
  });

  after(() => rmSync(project, { recursive: true, force: true }));

  it("collects in the project's .venv, as pytest does there", async () => {
    const json = await listed([project]);
    const venvPython = join(project, '.venv', 'bin', 'python');
    assert.deepEqual([json.interpreter?.path, json.interpreter?.source], [venvPython, 'venv']);
    assert.match(json.runner ?? '', /^pytest \d/);
    assert.deepEqual(
      json.collected?.map((t) => t.id),
      pytestIds(venvPython, project, project),
    );
  });

  it('a relative --python is read from the project root', async () => {
    const json = await listed([join(project, 'tests'), '--python', '.venv/bin/python'], tmpdir());
    assert.deepEqual(
      [json.interpreter?.path, json.interpreter?.source],
      [join(project, '.venv', 'bin', 'python'), 'flag'],
    );
  });
});

describe('ldb tests: bad input', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ldb-tests-bad-'));
    for (const name of ['broken', 'bare'])
      cpSync(join(PROJECTS, 'flat'), join(dir, name), { recursive: true });
    writeFileSync(
      join(dir, 'broken', 'tests', 'test_broken.py'),
      'import not_a_module_anywhere\n\n\ndef test_x():\n    pass\n',
    );
    // A venv that does not see the system's packages: no pytest in it.
    execFileSync(SYSTEM_PYTHON, ['-m', 'venv', '--without-pip', join(dir, 'bare', '.venv')]);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  async function fails(args: string[], expected: RegExp | string): Promise<void> {
    const run = await runCli(['tests', ...args, '--json']);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.split('\n').length, 2, `one line: ${run.stderr}`);
    if (typeof expected === 'string') assert.equal(run.stderr, expected);
    else assert.match(run.stderr, expected);
  }

  it('pytest missing in the interpreter: which one, and how to install it', async () => {
    const python = join(dir, 'bare', '.venv', 'bin', 'python');
    await fails(
      [join(dir, 'bare')],
      new RegExp(
        `^ldb: pytest is not installed in ${python.replace(/[.]/g, '\\.')} \\(Python [\\d.]+\\): run '.* -m pip install pytest'`,
      ),
    );
  });

  it("a collection error: pytest's own line", async () => {
    await fails(
      [join(dir, 'broken')],
      "ldb: collection error in tests/test_broken.py: ModuleNotFoundError: No module named 'not_a_module_anywhere'\n",
    );
  });

  it('a path that does not exist', async () => {
    const missing = join(dir, 'nowhere', 'tests');
    await fails([missing], `ldb: ${missing}: no such file or folder\n`);
  });

  it('an interpreter command that is not there', async () => {
    await fails([join(dir, 'broken'), '--python', 'python9'], /^ldb: Python interpreter 'python9' not found/);
  });

  it('a missing interpreter path', async () => {
    await fails(
      [join(dir, 'broken'), '--python', 'no/python'],
      /^ldb: Python interpreter .*no\/python does not exist/,
    );
  });
});

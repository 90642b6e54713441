// Which interpreter `ldb trace` uses, with a real venv: the one named (absolute or relative to the
// project root), else the project's `.venv`, else python3; `--json` says which and why.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';

/** Debian's interpreter: it has pytest (python3-pytest) for the venv to see. */
const SYSTEM_PYTHON = '/usr/bin/python3';

interface Interpreter {
  path: string;
  version: string;
  source: string;
}

function systemVersion(): string {
  return execFileSync(SYSTEM_PYTHON, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], {
    encoding: 'utf8',
  }).trim();
}

async function traced(args: string[], cwd?: string): Promise<Interpreter> {
  const run = await runCli(['trace', ...args, '--test', 'assert bump(1) == 2', '--json'], cwd ? { cwd } : {});
  assert.equal(run.code, 0, run.stderr);
  return (JSON.parse(run.stdout) as { interpreter: Interpreter }).interpreter;
}

describe('ldb trace: the interpreter', function () {
  this.timeout(60_000);
  let project: string;
  let bare: string;

  before(() => {
    project = mkdtempSync(join(tmpdir(), 'ldb-venv-project-'));
    bare = mkdtempSync(join(tmpdir(), 'ldb-no-venv-'));
    for (const dir of [project, bare]) {
      writeFileSync(join(dir, 'pytest.ini'), '[pytest]\n');
      writeFileSync(join(dir, 'bump.py'), 'def bump(x):\n    return x + 1\n');
    }
    execFileSync(SYSTEM_PYTHON, [
      '-m',
      'venv',
      '--without-pip',
      '--system-site-packages',
      join(project, '.venv'),
    ]);
  });

  after(() => {
    rmSync(project, { recursive: true, force: true });
    rmSync(bare, { recursive: true, force: true });
  });

  it("takes the project's .venv when none is named", async () => {
    assert.deepEqual(await traced([join(project, 'bump.py')]), {
      path: join(project, '.venv', 'bin', 'python'),
      version: systemVersion(),
      source: 'venv',
    });
  });

  it('reads a relative --python from the project root, whatever the current folder', async () => {
    const found = await traced([join(project, 'bump.py'), '--python', '.venv/bin/python'], tmpdir());
    assert.deepEqual(found, {
      path: join(project, '.venv', 'bin', 'python'),
      version: systemVersion(),
      source: 'flag',
    });
  });

  it('takes an absolute --python as it is', async () => {
    const found = await traced([join(bare, 'bump.py'), '--python', SYSTEM_PYTHON]);
    assert.equal(found.source, 'flag');
    assert.equal(found.version, systemVersion());
  });

  it('falls back on python3 without a venv', async () => {
    const found = await traced([join(bare, 'bump.py')]);
    assert.equal(found.source, 'default');
    const real = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
      encoding: 'utf8',
    }).trim();
    assert.equal(found.path, real);
  });

  it('runs isolated an interpreter named through a link in a folder the run does not see', async function () {
    if (!existsSync('/usr/bin/bwrap')) this.skip(); // bubblewrap is what hides the folder
    const links = mkdtempSync(join(tmpdir(), 'ldb-python-link-'));
    try {
      const python = join(links, 'python');
      symlinkSync(SYSTEM_PYTHON, python);
      writeFileSync(
        join(bare, 'test_bump.py'),
        'from bump import bump\n\ndef test_bump():\n    assert bump(1) == 2\n',
      );
      for (const test of ['assert bump(1) == 2', 'test_bump.py::test_bump']) {
        const run = await runCli(
          [
            'trace',
            join(bare, 'bump.py'),
            '--test',
            test,
            '--python',
            python,
            '--isolation',
            'required',
            '--json',
          ],
          { cwd: bare },
        );
        assert.equal(run.code, 0, run.stderr);
        const json = JSON.parse(run.stdout) as {
          isolation: string;
          outcome: { status: string };
          interpreter: Interpreter;
        };
        assert.equal(json.isolation, 'bwrap');
        assert.equal(json.outcome.status, 'passed', `${test}: ${JSON.stringify(json.outcome)}`);
        assert.equal(json.interpreter.path, python);
      }
    } finally {
      rmSync(links, { recursive: true, force: true });
      rmSync(join(bare, 'test_bump.py'), { force: true });
    }
  });

  for (const [what, given, named] of [
    ['relative', 'missing/bin/python', () => join(bare, 'missing', 'bin', 'python')],
    ['absolute', '/nowhere/python3', () => '/nowhere/python3'],
  ] as const) {
    it(`a missing ${what} interpreter path: exit 2, one line naming it`, async () => {
      const run = await runCli(['trace', join(bare, 'bump.py'), '--test', 'bump(1)', '--python', given]);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.equal(
        run.stderr,
        `ldb: Python interpreter ${named()} does not exist: check --python / ldb.python\n`,
      );
    });
  }
});

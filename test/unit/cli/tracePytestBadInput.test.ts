// `ldb trace PROGRAM --test NODEID` on bad input (issue 10, item 8): one line, exit 2, nothing on
// stdout: pytest missing in the interpreter, an interpreter that is not there, a module pytest
// cannot import, a node id whose file does not exist. (An id naming no test and a test that never
// reaches the project are in tracePytest.test.ts.)
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { FIXTURES_DIR } from '../../support/paths';

/** Debian's interpreter: a venv of it without the system's packages has no pytest. */
const SYSTEM_PYTHON = '/usr/bin/python3';

describe('ldb trace --test NODEID: bad input', function () {
  this.timeout(120_000);
  let dir: string;
  let project: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ldb-trace-bad-'));
    project = join(dir, 'checkout');
    cpSync(join(FIXTURES_DIR, 'projects', 'checkout'), project, { recursive: true });
    writeFileSync(
      join(project, 'tests', 'test_broken.py'),
      'import not_there\n\n\ndef test_x():\n    pass\n',
    );
    writeFileSync(join(project, 'tests', 'test_syntax.py'), 'def test_y(:\n    pass\n');
    execFileSync(SYSTEM_PYTHON, ['-m', 'venv', '--without-pip', join(dir, 'bare')]);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  async function refused(args: string[]): Promise<string> {
    const run = await runCli(['trace', ...args, '--json'], { cwd: project, timeoutMs: 60_000 });
    assert.equal(run.code, 2, `exit ${run.code}: ${run.stdout}${run.stderr}`);
    assert.equal(run.stdout, '');
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    return lines[0];
  }

  const total = ['src/checkout/basket.py', '--test', 'tests/test_basket.py::test_total'];

  it('pytest missing in the interpreter: which one, and how to install it', async () => {
    const python = join(dir, 'bare', 'bin', 'python');
    assert.match(
      await refused([...total, '--python', python]),
      new RegExp(
        `^ldb: pytest is not installed in ${python.replace(/[.]/g, '\\.')} \\(Python [\\d.]+\\): run '.* -m pip install pytest'`,
      ),
    );
  });

  it('an interpreter path that does not exist, relative to the project root', async () => {
    assert.equal(
      await refused([...total, '--python', '.venv/bin/python']),
      `ldb: Python interpreter ${join(project, '.venv/bin/python')} does not exist: check --python / ldb.python`,
    );
  });

  it("a test module pytest cannot import: pytest's own line, about that module", async () => {
    assert.equal(
      await refused(['src/checkout/tax.py', '--test', 'tests/test_broken.py::test_x']),
      "ldb: collection error in tests/test_broken.py: ModuleNotFoundError: No module named 'not_there'",
    );
    assert.equal(
      await refused(['src/checkout/tax.py', '--test', 'tests/test_syntax.py::test_y']),
      'ldb: collection error in tests/test_syntax.py: SyntaxError: invalid syntax',
    );
  });

  it('a test file without --test that pytest cannot import: the same line', async () => {
    assert.equal(
      await refused(['tests/test_broken.py']),
      "ldb: collection error in tests/test_broken.py: ModuleNotFoundError: No module named 'not_there'",
    );
  });

  it('a node id whose file does not exist: said, and relative to what', async () => {
    assert.equal(
      await refused(['src/checkout/tax.py', '--test', 'tests/test_nothere.py::test_x']),
      `ldb: no test file 'tests/test_nothere.py' for 'tests/test_nothere.py::test_x' in ${project}: node ids are relative to the project root`,
    );
  });
});

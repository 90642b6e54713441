// Issue 10's "Done when" on the suite of 40 buggy programs with separate, parametrized pytest files
// (test/fixtures/pytest-suite), run as its user would, from its folder: `ldb tests TESTFILE --json`
// lists exactly the items pytest collects, and `ldb trace PROGRAM --test NODEID --json` of the
// first item pytest reports failing ends failed/error/timeout with a visited block in the buggy
// program, each for at least 38 of the 40 files. The suite itself is checked first: every file
// has a failing item, and with every fix of fixes.json applied, everything passes.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { FIXTURES_DIR } from '../../support/paths';

const PYTHON = 'python3';
const REQUIRED = 38;

interface Fix {
  line: number;
  buggy: string;
  fixed: string;
}

/** pytest's outcome per node id, in run order, from its JUnit XML (every test file is tests/test_*.py). */
function pytestOutcomes(suite: string): { id: string; failed: boolean }[] {
  const xml = join(suite, 'report.xml');
  spawnSync(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', `--junitxml=${xml}`], {
    cwd: suite,
    encoding: 'utf8',
  });
  const out: { id: string; failed: boolean }[] = [];
  for (const m of readFileSync(xml, 'utf8').matchAll(/<testcase ([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const attr = (name: string) => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(m[1])?.[1] ?? '';
    const [folder, module, ...classes] = attr('classname').split('.');
    const name = attr('name')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    out.push({
      id: [`${folder}/${module}.py`, ...classes, name].join('::'),
      failed: /<(failure|error)\b/.test(m[3] ?? ''),
    });
  }
  return out;
}

describe('corpus: a pytest suite of 40 buggy programs (issue 10, Done when)', function () {
  this.timeout(900_000);
  let dir: string;
  let suite: string;
  let fixes: Record<string, Fix>;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ldb-pytest-suite-'));
    suite = join(dir, 'suite');
    cpSync(join(FIXTURES_DIR, 'pytest-suite'), suite, { recursive: true });
    fixes = JSON.parse(readFileSync(join(suite, 'fixes.json'), 'utf8')) as Record<string, Fix>;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the suite: 40 programs, each failing somewhere; all pass once fixed', () => {
    assert.equal(Object.keys(fixes).length, 40);
    const fixed = join(dir, 'fixed');
    cpSync(suite, fixed, { recursive: true });
    for (const [name, fix] of Object.entries(fixes)) {
      const file = join(fixed, 'programs', `${name}.py`);
      const lines = readFileSync(file, 'utf8').split('\n');
      assert.equal(lines[fix.line - 1].trim(), fix.buggy, name);
      lines[fix.line - 1] = lines[fix.line - 1].replace(fix.buggy, fix.fixed);
      writeFileSync(file, lines.join('\n'));
    }
    const run = spawnSync(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'], {
      cwd: fixed,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stdout.slice(-2000));
  });

  it('ldb tests TESTFILE --json lists what pytest collects, and the first failing item traces into its program', async () => {
    const outcomes = pytestOutcomes(suite);
    let listedRight = 0;
    let tracedRight = 0;
    const problems: string[] = [];
    for (const name of Object.keys(fixes)) {
      const testFile = `tests/test_${name}.py`;
      const expected = outcomes.filter((o) => o.id.startsWith(`${testFile}::`));
      const listing = await runCli(['tests', testFile, '--json', '--python', PYTHON], { cwd: suite });
      const ids =
        listing.code === 0 ? (JSON.parse(listing.stdout) as { collected?: { id: string }[] }).collected : [];
      if (JSON.stringify(ids?.map((t) => t.id)) === JSON.stringify(expected.map((o) => o.id))) listedRight++;
      else problems.push(`${testFile}: listed ${listing.code === 0 ? ids?.length : listing.stderr.trim()}`);
      const first = expected.find((o) => o.failed);
      if (!first) {
        problems.push(`${testFile}: pytest reports no failing item`);
        continue;
      }
      const program = `programs/${name}.py`;
      const run = await runCli(['trace', program, '--test', first.id, '--json', '--python', PYTHON], {
        cwd: suite,
        timeoutMs: 60_000,
      });
      const json =
        run.code === 0
          ? (JSON.parse(run.stdout) as { outcome: { status: string }; visits: { file?: string }[] })
          : undefined;
      if (json && json.outcome.status !== 'passed' && json.visits.some((v) => v.file === program))
        tracedRight++;
      else
        problems.push(
          `${first.id}: ${json ? `${json.outcome.status}, no visit in ${program}` : run.stderr.trim()}`,
        );
    }
    console.log(
      `      listed as pytest collects: ${listedRight}/40; traced into the buggy program: ${tracedRight}/40`,
    );
    assert.ok(listedRight >= REQUIRED && tracedRight >= REQUIRED, problems.join('\n'));
    assert.deepEqual(problems, []);
  });
});

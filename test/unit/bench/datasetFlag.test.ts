// `ldb bench --dataset NAME`: which data sets there are, and one-line errors (exit 2) for flags that
// do not fit the one chosen.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { HUMANEVALFIX_JS } from '../../support/humanevalJs';
import { LDB_DATA_DIR } from '../../support/paths';
import { runLdb } from './slice';

const HUMANEVAL_TESTS = join(LDB_DATA_DIR, 'humaneval', 'tests.jsonl');

async function badInput(argv: string[]): Promise<string> {
  const run = await runLdb(argv);
  assert.equal(run.code, 2, `ldb ${argv.join(' ')}: exit ${run.code}: ${run.stderr}`);
  assert.equal(run.stdout, '');
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  return lines[0];
}

describe('bench --dataset', () => {
  it('lists the data sets in --help, LDB-format data first as the default', async () => {
    const run = await runLdb(['bench', '--help']);
    assert.equal(run.code, 0);
    assert.match(
      run.stdout,
      /--dataset NAME\s+how --tests is read \(default ldb\):\n\s+ldb: .*\n\s+humanevalfix-js: /,
    );
  });

  it('names the data sets there are for an unknown one', async () => {
    const line = await badInput([
      'bench',
      '--dataset',
      'humaneval-rs',
      '--tests',
      HUMANEVAL_TESTS,
      '--trace-only',
    ]);
    assert.equal(line, "ldb: --dataset: unknown data set 'humaneval-rs': choose one of ldb, humanevalfix-js");
  });

  it('refuses --seeds for humanevalfix-js, whose tasks file holds the programs', async () => {
    const line = await badInput([
      'bench',
      '--dataset',
      'humanevalfix-js',
      '--tests',
      HUMANEVALFIX_JS,
      '--seeds',
      HUMANEVALFIX_JS,
      '--trace-only',
    ]);
    assert.equal(line, 'ldb: bench: humanevalfix-js holds its programs in the --tests file: drop --seeds');
  });

  it('refuses --replay for humanevalfix-js: LDB published no run on it', async () => {
    const line = await badInput([
      'bench',
      '--dataset',
      'humanevalfix-js',
      '--tests',
      HUMANEVALFIX_JS,
      '--replay',
      HUMANEVALFIX_JS,
    ]);
    assert.equal(
      line,
      'ldb: --replay: LDB published no run on humanevalfix-js data; use --model or --trace-only',
    );
  });

  it('still needs --tests, and --seeds for LDB-format data', async () => {
    assert.equal(
      await badInput(['bench', '--dataset', 'humanevalfix-js', '--trace-only']),
      "ldb: bench: --tests is required (see 'ldb bench --help')",
    );
    assert.equal(
      await badInput(['bench', '--tests', HUMANEVAL_TESTS, '--trace-only']),
      "ldb: bench: --tests and --seeds are required (see 'ldb bench --help')",
    );
  });
});

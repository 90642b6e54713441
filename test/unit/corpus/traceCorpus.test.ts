// Issue #2's corpus check: on every gpt-3.5 program of LDB's HumanEval and MBPP runs that fails a
// visible test, `ldb trace --json` must agree with a plain Python run of the same program and
// test: the same status, the same exception type, and block visits with states whenever the
// entry function ran. Programs that do not parse are bad input for `ldb trace` (exit 2, syntax
// error at line:col), as they are a SyntaxError for Python. The counts are printed.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLdbInProcess } from '../../support/cliInProcess';
import { failingSeedCases, type CorpusCase } from '../../support/ldbCorpus';
import { plainRun, type PlainOutcome } from '../../support/plainRun';

const TIMEOUT_MS = 5000;

/**
 * Disagreements that are right, with the reason. These programs end with a module-level assert
 * that fails; a plain run stops there, before the test. `ldb trace` runs each test on its own and
 * does not run the file's test asserts at load time (one failing assert would hide every other
 * test), so it reaches the given test, which passes.
 */
const EXPLAINED: Record<string, string> = {
  'HumanEval/108':
    'one of its module-level asserts fails at load; the given `assert count_nums([]) == 0` passes',
  'HumanEval/140':
    "one of its module-level asserts fails at load; the given `assert fix_spaces(' Example') == '_Example'` passes",
};

interface Ours {
  code: number;
  status?: string;
  exceptionType?: string;
  exceptionLine?: number;
  visits: number;
  entryVisits: number;
  stderr: string;
}

async function ours(dir: string, c: CorpusCase): Promise<Ours> {
  const file = join(dir, `${c.id.replace('/', '_')}.py`);
  writeFileSync(file, c.program);
  const { code, stdout, stderr } = await runLdbInProcess([
    'trace',
    file,
    '--test',
    c.test,
    '--function',
    c.entryPoint,
    '--timeout-ms',
    String(TIMEOUT_MS),
    '--json',
  ]);
  if (code !== 0) return { code, visits: 0, entryVisits: 0, stderr };
  const json = JSON.parse(stdout) as {
    outcome: { status: string; exception?: { type: string; line?: number } };
    visits: { function: string }[];
  };
  return {
    code,
    status: json.outcome.status,
    ...(json.outcome.exception ? { exceptionType: json.outcome.exception.type } : {}),
    ...(json.outcome.exception?.line !== undefined ? { exceptionLine: json.outcome.exception.line } : {}),
    visits: json.visits.length,
    entryVisits: json.visits.filter((v) => v.function === c.entryPoint).length,
    stderr,
  };
}

/** Our statuses, in plain-run terms: a failed comparison is an AssertionError there. */
function agrees(plain: PlainOutcome, mine: Ours): boolean {
  if (mine.code === 2) return plain.status === 'error' && plain.exceptionType === 'SyntaxError';
  if (mine.status !== plain.status) return false;
  return plain.status !== 'error' || plain.exceptionType === mine.exceptionType;
}

describe('corpus: ldb trace agrees with a plain Python run on LDB’s 145 failing gpt-3.5 programs', function () {
  this.timeout(30 * 60_000);
  it('same status and exception type; block visits whenever the entry function ran', async () => {
    const cases = failingSeedCases();
    assert.equal(cases.length, 145);
    const dir = mkdtempSync(join(tmpdir(), 'ldb-corpus-'));
    const rows: string[] = [];
    const counts = { agree: 0, syntax: 0, withVisits: 0, traceOnError: 0 };
    const byStatus: Record<string, number> = {};
    const disagreements: string[] = [];
    try {
      for (const c of cases) {
        const plain = plainRun('python3', c.program, c.test, TIMEOUT_MS + 1000);
        const mine = await ours(dir, c);
        const ok = agrees(plain, mine);
        const key =
          mine.code === 2
            ? 'syntax error (exit 2)'
            : `${mine.status}${mine.exceptionType ? ` ${mine.exceptionType}` : ''}`;
        byStatus[mine.code === 2 ? 'syntax error' : mine.status!] =
          (byStatus[mine.code === 2 ? 'syntax error' : mine.status!] ?? 0) + 1;
        if (ok) counts.agree++;
        else if (EXPLAINED[c.id] !== undefined) rows.push(`${c.id}: explained: ${EXPLAINED[c.id]}`);
        if (mine.code === 2) counts.syntax++;
        if (mine.entryVisits > 0) counts.withVisits++;
        if (mine.status === 'error' && mine.visits > 0) counts.traceOnError++;
        if (!ok && EXPLAINED[c.id] === undefined)
          disagreements.push(
            `${c.id}: plain ${plain.status} ${plain.exceptionType ?? ''} / ldb ${key} ${mine.stderr.trim()}`,
          );
        // The entry function ran whenever the test got past loading and the exception (if any) is not
        // about the test itself calling something that is not there.
        const entryRan =
          mine.code === 0 &&
          !(mine.status === 'error' && mine.entryVisits === 0 && mine.exceptionLine === undefined);
        if (entryRan)
          assert.ok(mine.entryVisits > 0, `${c.id}: the entry function ran but no visit was recorded`);
        rows.push(
          `${c.id.padEnd(14)} plain ${`${plain.status} ${plain.exceptionType ?? ''}`.padEnd(28)} ldb ${key.padEnd(28)} visits ${mine.visits}`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (process.env.LDB_CORPUS_VERBOSE === '1') console.log(rows.join('\n'));
    console.log(
      `      ${cases.length} cases: ${counts.agree} agree with the plain run (${counts.syntax} syntax errors, exit 2), ` +
        `${Object.keys(EXPLAINED).length} differ as explained (${Object.keys(EXPLAINED).join(', ')}); ` +
        `${counts.withVisits} with block visits of the entry function; ${counts.traceOnError} errors still traced\n` +
        `      by outcome: ${Object.entries(byStatus)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    );
    if (disagreements.length > 0)
      console.log(`      disagreements:\n        ${disagreements.join('\n        ')}`);
    assert.deepEqual(disagreements, []);
  });
});

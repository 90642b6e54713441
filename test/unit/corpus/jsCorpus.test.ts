// Issue 12's corpus check for JavaScript: on each of HumanEvalFix-JS's 164 buggy programs (prompt +
// buggy solution + the task's test harness, one file), `ldb trace FILE --json` (no --test: the
// file's first failing test) must end with the status a plain Node run gives with console.assert
// made to throw, for at least 97% of the tasks, and, when the test did not pass, show visited
// blocks of the entry function (unless the program never loaded). A program Node cannot parse is
// bad input for `ldb trace` (exit 2, syntax error at line:col), as it is a SyntaxError for Node.
// The counts are printed.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLdbInProcess } from '../../support/cliInProcess';
import {
  jsTasks,
  plainNodeRunAsync,
  taskFile,
  type JsTask,
  type PlainNodeOutcome,
} from '../../support/humanevalJs';

const TIMEOUT_MS = 5000;
/** Tasks traced at once: the machine is shared, and each trace is two Node processes in turn. */
const CONCURRENCY = 2;

interface Row {
  task: JsTask;
  plain: PlainNodeOutcome;
  code: number;
  status?: string;
  entryVisits: number;
  /** The runtime could not stop the program itself and the parent killed it (its visits streamed). */
  killed: boolean;
  stderr: string;
}

async function trace(dir: string, task: JsTask): Promise<Row> {
  const file = taskFile(dir, task);
  const plain = await plainNodeRunAsync(file, TIMEOUT_MS + 1000);
  const { code, stdout, stderr } = await runLdbInProcess([
    'trace',
    file,
    '--timeout-ms',
    String(TIMEOUT_MS),
    '--json',
  ]);
  if (code !== 0) return { task, plain, code, entryVisits: 0, killed: false, stderr };
  const json = JSON.parse(stdout) as {
    outcome: { status: string; exception?: { message: string } };
    visits: { function: string }[];
  };
  return {
    task,
    plain,
    code,
    status: json.outcome.status,
    killed: json.outcome.exception?.message.startsWith('killed after') ?? false,
    // The task's entry point (its name in the data differs in case once: minSubarraySum).
    entryVisits: json.visits.filter((v) => v.function.toLowerCase() === task.entryPoint.toLowerCase()).length,
    stderr,
  };
}

function agrees(row: Row): boolean {
  if (row.code === 2) return row.plain.status === 'error' && row.plain.exceptionType === 'SyntaxError';
  return row.status === row.plain.status;
}

describe('corpus: ldb trace agrees with plain Node on HumanEvalFix-JS', function () {
  this.timeout(30 * 60_000);
  it('the same status for >= 97% of the 164 tasks; entry blocks visited when a test fails', async () => {
    const tasks = jsTasks();
    assert.equal(tasks.length, 164);
    const dir = mkdtempSync(join(tmpdir(), 'ldb-js-corpus-'));
    const rows: Row[] = [];
    try {
      const queue = [...tasks];
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let task = queue.shift(); task; task = queue.shift()) rows.push(await trace(dir, task));
        }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const agreeing = rows.filter(agrees);
    const byStatus: Record<string, number> = {};
    for (const r of rows) {
      const key = r.code === 2 ? 'syntax error (exit 2)' : (r.status ?? `exit ${r.code}`);
      byStatus[key] = (byStatus[key] ?? 0) + 1;
    }
    // A program that failed to load (a SyntaxError Node reports at run time) never reached its entry.
    // A run the parent had to kill (a starved machine can delay the runtime's own stop past the
    // grace period) keeps the visits the runtime streamed before: it counts like the others.
    const killed = rows.filter((r) => r.killed);
    const loaded = rows.filter(
      (r) => r.code === 0 && r.status !== 'passed' && r.plain.exceptionType !== 'SyntaxError',
    );
    const withEntry = loaded.filter((r) => r.entryVisits > 0);
    console.log(
      `      ${rows.length} tasks: ${agreeing.length} agree with plain Node; ${withEntry.length} of ${loaded.length} ` +
        `(${killed.length} of them killed by the parent) ` +
        `that loaded and did not pass show blocks of the entry function\n      by outcome: ${Object.entries(
          byStatus,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    );
    for (const r of rows.filter((x) => !agrees(x)))
      console.log(
        `      ${r.task.id}: plain ${r.plain.status} ${r.plain.exceptionType ?? ''} / ldb ${r.status ?? r.stderr.trim()}`,
      );
    assert.ok(agreeing.length >= Math.ceil(0.97 * rows.length), `${agreeing.length} of ${rows.length} agree`);
    for (const r of loaded) assert.ok(r.entryVisits > 0, `${r.task.id}: no visit of ${r.task.entryPoint}`);
  });
});

// Slices of HumanEvalFix-JS (data/humanevalfix-js) for the bench tests, and the reference a
// --trace-only result must agree with: plain Node running the buggy program and the test that was
// traced (a false console.assert made to throw, as test/support/humanevalJs.ts does it).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harnessTests } from '../../../src/core/bench/humanevalfixJs';
import type { TraceTaskResult } from '../../../src/core/bench/results';
import { HUMANEVALFIX_JS, plainNodeRunAsync, type PlainNodeOutcome } from '../../support/humanevalJs';
import { DIST_DIR } from '../../support/paths';

export interface JsRow {
  task_id: string;
  prompt: string;
  buggy_solution: string;
  canonical_solution: string;
  test: string;
  entry_point: string;
}

export function jsRows(): JsRow[] {
  return readFileSync(HUMANEVALFIX_JS, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as JsRow);
}

export function jsRow(taskId: string): JsRow {
  const row = jsRows().find((r) => r.task_id === taskId);
  if (!row) throw new Error(`no task ${taskId} in ${HUMANEVALFIX_JS}`);
  return row;
}

/** The named tasks, unchanged, in a tasks file of a fresh temporary folder. */
export function writeJsSlice(taskIds: readonly string[]): { dir: string; tests: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ldb-bench-js-'));
  const tests = join(dir, 'humanevalpack-js.jsonl');
  writeFileSync(tests, taskIds.map((id) => JSON.stringify(jsRow(id)) + '\n').join(''));
  return { dir, tests };
}

/** `bench --dataset humanevalfix-js --tests … <mode…> --out DIR`. */
export function jsBenchArgs(tests: string, out: string, ...mode: string[]): string[] {
  return ['bench', '--dataset', 'humanevalfix-js', '--tests', tests, ...mode, '--out', out];
}

export interface Agreement {
  taskId: string;
  plain: PlainNodeOutcome;
  /** The bench's outcome: the traced status, or `syntax-error` when the program could not be read. */
  ours: string;
  agrees: boolean;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * Plain Node on the program and the test the bench traced (its first visible test when the
 * program could not be read), against the bench's outcome. A program LDB cannot parse agrees when
 * Node cannot load it either (a SyntaxError).
 */
export async function agreementWithNode(
  row: JsRow,
  result: TraceTaskResult,
  timeoutMs: number,
): Promise<Agreement> {
  const visible = await harnessTests(row.test, 'task.cjs', { dir: DIST_DIR });
  const traced = result.trace ? visible.find((t) => oneLine(t) === result.trace!.test) : visible[0];
  if (traced === undefined) throw new Error(`${row.task_id}: the traced test is not a visible test`);
  const dir = mkdtempSync(join(tmpdir(), 'ldb-plain-js-'));
  let plain: PlainNodeOutcome;
  try {
    const file = join(dir, 'task.cjs');
    writeFileSync(file, `${row.prompt}${row.buggy_solution}\n${traced}\n`);
    plain = await plainNodeRunAsync(file, timeoutMs + 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ours =
    result.trace?.status ?? (/syntax error/.test(result.error ?? '') ? 'syntax-error' : 'not-traced');
  const agrees =
    ours === 'syntax-error'
      ? plain.status === 'error' && plain.exceptionType === 'SyntaxError'
      : ours === plain.status;
  return { taskId: row.task_id, plain, ours, agrees };
}

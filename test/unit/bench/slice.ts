// Small slices of the real LDB data (data/ldb) for the bench tests: the named tasks of
// the tests, seeds and results files, written to a fresh temporary folder.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLdbInProcess, type InProcessRun } from '../../support/cliInProcess';
import { LDB_DATA_DIR } from '../../support/paths';

export interface Slice {
  dir: string;
  tests: string;
  seeds: string;
  results: string;
}

const FILES = { tests: 'tests.jsonl', seeds: 'seed-gpt-3.5.jsonl', results: 'ldb-results-gpt-3.5.jsonl' };

export function dataRows(dataset: 'humaneval' | 'mbpp', file: keyof typeof FILES): Record<string, unknown>[] {
  return readFileSync(join(LDB_DATA_DIR, dataset, FILES[file]), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function writeSlice(dataset: 'humaneval' | 'mbpp', taskIds: readonly string[]): Slice {
  const dir = mkdtempSync(join(tmpdir(), 'ldb-bench-test-'));
  const out = { dir } as Slice;
  for (const key of Object.keys(FILES) as (keyof typeof FILES)[]) {
    const rows = dataRows(dataset, key);
    const byId = new Map(rows.map((r) => [r.task_id as string, r]));
    const path = join(dir, FILES[key]);
    writeFileSync(path, taskIds.map((id) => JSON.stringify(byId.get(id)) + '\n').join(''));
    out[key] = path;
  }
  return out;
}

/** Calls `ldb` in-process, as the binary would run, capturing its output (a bare environment). */
export function runLdb(argv: string[]): Promise<InProcessRun> {
  return runLdbInProcess(argv, { env: { PATH: process.env.PATH ?? '' } });
}

/** `bench --tests … --seeds … <mode…> --out DIR`: the part every bench test's command shares. */
export function benchArgs(slice: Slice, out: string, ...mode: string[]): string[] {
  return ['bench', '--tests', slice.tests, '--seeds', slice.seeds, ...mode, '--out', out];
}

/** The per-task lines a run wrote to DIR/results.jsonl. */
export function readResults<T>(out: string): T[] {
  return readFileSync(join(out, 'results.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as T);
}

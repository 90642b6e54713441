// Benchmark tasks, and LDB-format data (data/ldb): tasks with hidden tests, the seed programs to
// debug, and optionally LDB's own results for --replay. Everything is joined by task_id, in the
// order of the tasks file. Other data sets read their own format into the same BenchTask.
import { readFile } from 'node:fs/promises';
import { badInput } from '../errors';

export interface BenchTask {
  taskId: string;
  prompt: string;
  entryPoint: string;
  /** Hidden tests: LDB's define `check(candidate)` (MBPP's also call it). */
  test: string;
  /** The visible tests as the data holds them (LDB: assert lines, before LDB's clean-up). */
  givenTests: string[];
  /** What the program should do, in words, when the data holds it apart from the program. */
  description?: string;
  /** The program to debug as the data holds it (LDB: the LLM's `solution`, before LDB's preparation). */
  seed: string;
  /** From LDB's results (--replay): what its run did on this task. */
  reference?: ReferenceRun;
}

export interface ReferenceRun {
  /** Every program of LDB's repair loop: [0] the prepared seed, then one per fix. */
  implementations: string[];
  isSolved: boolean;
  isPassing: boolean;
  debugIter: number;
  /** LDB's count of the conversation's tokens (GPT-2 tokenizer). */
  tokenNums: number;
}

type Row = Record<string, unknown>;

export async function readJsonl(path: string, what: string): Promise<Row[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw badInput(`cannot read the ${what} file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const rows: Row[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw badInput(`${path}:${i + 1}: not a JSON line`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw badInput(`${path}:${i + 1}: expected a JSON object`);
    rows.push(value as Row);
  });
  return rows;
}

export function field<T>(row: Row, name: string, kind: 'string' | 'boolean' | 'number', where: string): T {
  const value = row[name];
  if (typeof value !== kind) throw badInput(`${where}: field '${name}' is missing or not a ${kind}`);
  return value as T;
}

function stringList(row: Row, name: string, where: string): string[] {
  const value = row[name];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw badInput(`${where}: field '${name}' is missing or not a list of strings`);
  return value as string[];
}

export function byTaskId(rows: Row[], path: string): Map<string, { row: Row; where: string }> {
  const map = new Map<string, { row: Row; where: string }>();
  rows.forEach((row, i) => {
    const where = `${path}:${i + 1}`;
    const id = field<string>(row, 'task_id', 'string', where);
    if (map.has(id)) throw badInput(`${where}: task_id ${id} appears twice`);
    map.set(id, { row, where });
  });
  return map;
}

export interface BenchFiles {
  tests: string;
  /** Absent for a data set whose tasks file holds the programs. */
  seeds?: string;
  replay?: string;
}

/** The tasks, in the order of the tests file; every task needs a seed (and a result to replay). */
export async function loadBenchTasks(files: BenchFiles): Promise<BenchTask[]> {
  if (files.seeds === undefined) throw badInput('LDB-format data needs --seeds (the programs to debug)');
  const [tests, seeds, replay] = await Promise.all([
    readJsonl(files.tests, 'tests'),
    readJsonl(files.seeds, 'seeds'),
    files.replay === undefined ? Promise.resolve(undefined) : readJsonl(files.replay, 'results'),
  ]);
  const seedMap = byTaskId(seeds, files.seeds);
  const replayMap = replay && files.replay !== undefined ? byTaskId(replay, files.replay) : undefined;
  const taskMap = byTaskId(tests, files.tests);
  const tasks: BenchTask[] = [];
  for (const [taskId, { row, where }] of taskMap) {
    const seed = seedMap.get(taskId);
    if (!seed) throw badInput(`${files.seeds}: no seed for ${taskId}`);
    const task: BenchTask = {
      taskId,
      prompt: field(row, 'prompt', 'string', where),
      entryPoint: field(row, 'entry_point', 'string', where),
      test: field(row, 'test', 'string', where),
      givenTests: stringList(row, 'given_tests', where),
      seed: field(seed.row, 'solution', 'string', seed.where),
    };
    if (replayMap) {
      const ref = replayMap.get(taskId);
      if (!ref) throw badInput(`${files.replay}: no result for ${taskId}`);
      task.reference = referenceRun(ref.row, ref.where);
    }
    tasks.push(task);
  }
  if (tasks.length === 0) throw badInput(`${files.tests}: no tasks`);
  return tasks;
}

function referenceRun(row: Row, where: string): ReferenceRun {
  const implementations = stringList(row, 'implementations', where);
  if (implementations.length === 0) throw badInput(`${where}: 'implementations' is empty`);
  return {
    implementations,
    isSolved: field(row, 'is_solved', 'boolean', where),
    isPassing: field(row, 'is_passing', 'boolean', where),
    debugIter: field(row, 'debug_iter', 'number', where),
    tokenNums: typeof row.token_nums === 'number' ? row.token_nums : 0,
  };
}

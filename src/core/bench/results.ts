// What the benchmark records per task: one JSON line each in DIR/results.jsonl, appended as tasks
// finish, so that --resume can skip the tasks already there; once every task is done the file is
// put in the order of the tests file, so that the same results give the same bytes whatever -j
// and whether the run was one process or merged shards.
import { appendFile, mkdir, readFile, rename, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { badInput } from '../errors';
import type { OutcomeStatus, SessionStatus } from '../model';
import type { HiddenResult } from './hidden';

export type BenchMode = 'replay' | 'model' | 'trace-only';

/** A task of --replay or --model: the LDB loop on its seed, then the hidden tests. */
export interface DebugTaskResult {
  kind: 'debug';
  mode: 'replay' | 'model';
  taskId: string;
  /** The loop's end, or `no-visible-tests` (LDB then judges the seed as it is). */
  status: SessionStatus | 'no-visible-tests';
  visibleTests: number;
  /** The prepared seed passes every visible test (the loop had nothing to do). */
  seedPassesVisible: boolean;
  /** The prepared seed passes the hidden tests (pass@1 before debugging). */
  seedSolved: boolean;
  /** Fixes the loop asked for (LDB's debug_iter). */
  iterations: number;
  /** The final program passes every visible test (LDB's is_passing). */
  passesVisible: boolean;
  /** The final program passes the hidden tests (LDB's is_solved): pass@1 after debugging. */
  solved: boolean;
  hidden: HiddenResult;
  tokens: { prompt: number; completion: number; estimated: boolean };
  ms: number;
  /** The prepared seed, then the program after each fix (LDB's `implementations`). */
  programs: string[];
  error?: string;
  /** --replay: what LDB's run recorded, and why ours differs from it (empty: it does not). */
  reference?: { solved: boolean; passing: boolean; iterations: number; tokenNums: number };
  differences?: string[];
}

/** A task of --trace-only: the first failing visible test of the prepared seed, traced. */
export interface TraceTaskResult {
  kind: 'trace';
  mode: 'trace-only';
  taskId: string;
  visibleTests: number;
  seedPassesVisible: boolean;
  trace?: {
    test: string;
    status: OutcomeStatus;
    exception?: string;
    /** Segments of the trace, all of them and those in the prompt. */
    segments: number;
    shown: number;
    visits: number;
    /** Visits (of those kept) to blocks of the function under test. */
    entryVisits: number;
    limits: string[];
    traceMs: number;
    runMs: number;
    /** Tokens of the trace text, and of the whole verdict request (system prompt included). */
    promptTokens: number;
    requestTokens: number;
  };
  error?: string;
  ms: number;
}

export type TaskResult = DebugTaskResult | TraceTaskResult;

export const RESULTS_FILE = 'results.jsonl';

export class ResultStore {
  readonly path: string;
  private cutAt: number | undefined;

  constructor(readonly dir: string) {
    this.path = join(dir, RESULTS_FILE);
  }

  /** The results already in DIR (none when there is no file yet). */
  async read(mode: BenchMode): Promise<TaskResult[]> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw badInput(`cannot read ${this.path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    // A last line without its newline was cut off by an interrupted run: it is dropped (that task
    // runs again) and the file is cut back to its last whole line before anything is appended.
    const whole = bytes.lastIndexOf(0x0a) + 1;
    if (whole < bytes.length) this.cutAt = whole;
    const out: TaskResult[] = [];
    bytes
      .subarray(0, whole)
      .toString('utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() === '') return;
        let row: TaskResult;
        try {
          row = JSON.parse(line) as TaskResult;
        } catch {
          throw badInput(`${this.path}:${i + 1}: not a JSON line`);
        }
        if (row.mode !== mode)
          throw badInput(`${this.path} holds ${row.mode} results; this run is ${mode}: choose another --out`);
        out.push(row);
      });
    return out;
  }

  async prepare(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    if (this.cutAt !== undefined) await truncate(this.path, this.cutAt);
    this.cutAt = undefined;
  }

  async append(result: TaskResult): Promise<void> {
    await appendFile(this.path, JSON.stringify(result) + '\n');
  }

  /** The whole file again, these results in this order; a crash meanwhile leaves the old file or the new one. */
  async rewrite(results: readonly TaskResult[]): Promise<void> {
    const staged = `${this.path}.${process.pid}.tmp`;
    await writeFile(staged, results.map((r) => JSON.stringify(r) + '\n').join(''));
    await rename(staged, this.path);
  }
}

/** The results of these tasks in their order, then any others (kept, in the order they came). */
export function inTaskOrder(taskIds: readonly string[], results: readonly TaskResult[]): TaskResult[] {
  const position = new Map(taskIds.map((id, i) => [id, i]));
  const known = results.filter((r) => position.has(r.taskId));
  known.sort((a, b) => position.get(a.taskId)! - position.get(b.taskId)!);
  return [...known, ...results.filter((r) => !position.has(r.taskId))];
}

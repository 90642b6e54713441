// What a task needs to run, whichever the mode and the data set: the prepared program, its visible
// tests, the path it runs under (its extension is the data set's, and the language seam says what
// language that is), the hidden tests and the limits.
import { LdbError } from '../errors';
import { languageForPath } from '../languages/registry';
import type { DebugSettings } from '../settings';
import type { Assets } from '../trace/tracing';
import type { BenchTask } from './data';
import type { BenchDataset, PreparedTask } from './dataset';
import type { BenchLimits } from './settings';

export interface TaskContext {
  /** Run limits for visible tests and traces, and the loop's limits (maxIters comes from bench). */
  settings: DebugSettings;
  bench: BenchLimits;
  assets: Assets;
  dataset: BenchDataset;
  signal?: AbortSignal;
}

export async function prepareTask(
  task: BenchTask,
  ctx: Pick<TaskContext, 'dataset' | 'assets'>,
): Promise<PreparedTask> {
  // The task id made a module name (`HumanEval_0.py`, `JavaScript_0.cjs`).
  const path = `${task.taskId.replace(/[^A-Za-z0-9]+/g, '_')}${ctx.dataset.extension}`;
  const language = languageForPath(path);
  if (!language)
    throw new LdbError(
      'internal',
      `data set ${ctx.dataset.name}: no language reads ${ctx.dataset.extension} files`,
    );
  const prepared = await ctx.dataset.prepare(task, { path, assets: ctx.assets });
  return { task, path, language, ...prepared };
}

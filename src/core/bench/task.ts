// What a task needs to run, whichever the mode: the prepared program, its visible tests, the path
// it runs under, and the limits.
import type { DebugSettings } from '../settings';
import type { Assets } from '../trace/tracing';
import type { BenchTask } from './data';
import { ldbVisibleTests, prepareProgram } from './prepare';
import type { BenchLimits } from './settings';
import { languageForPathOrDefault } from '../languages/registry';
import type { LanguageSupport } from '../languages/support';

export interface TaskContext {
  /** Run limits for visible tests and traces, and the loop's limits (maxIters comes from bench). */
  settings: DebugSettings;
  bench: BenchLimits;
  assets: Assets;
  signal?: AbortSignal;
}

export interface PreparedTask {
  task: BenchTask;
  /** The seed as LDB prepares it (import header, prompt helpers, docstring). */
  program: string;
  visibleTests: string[];
  /** The name the program runs under: the task id made a module name (`HumanEval_0.py`). */
  path: string;
}

export function prepareTask(task: BenchTask): PreparedTask {
  return {
    task,
    program: prepareProgram(task.prompt, task.seed, task.entryPoint),
    visibleTests: ldbVisibleTests(task.givenTests, task.entryPoint),
    path: `${task.taskId.replace(/[^A-Za-z0-9]+/g, '_')}${LDB_DATA_EXTENSION}`,
  };
}

/** LDB's HumanEval and MBPP data is Python: its programs run as files of this extension. */
const LDB_DATA_EXTENSION = '.py';

/** The language of LDB's data: how its programs are read, run and prompted for. */
export function benchLanguage(): LanguageSupport {
  return languageForPathOrDefault(`task${LDB_DATA_EXTENSION}`);
}

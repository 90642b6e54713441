// What a benchmark data set is to the bench: how its tasks are read, how a task becomes the program
// to debug with its visible tests, and how its hidden tests run. A data set names the file
// extension its programs run as; the bench asks the language seam (languages/registry.ts) which
// language that is, so the same traceTask / debugTask / hidden-test code serves every language.
import type { LanguageSupport } from '../languages/support';
import type { Assets } from '../trace/tracing';
import type { BenchFiles, BenchTask } from './data';

export interface PreparedTask {
  task: BenchTask;
  /** The program the loop starts from (LDB: the seed as LDB prepares it). */
  program: string;
  /** Visible tests, each a test the language reads as given (`ldb debug --test`). */
  visibleTests: string[];
  /** The function under test, as the program names it. */
  entryPoint: string;
  /** The task in words, for the model, when the program does not carry it (a Python docstring does). */
  description?: string;
  /** The name the program runs under: the task id made a file name with the data set's extension. */
  path: string;
  /** The seam's support for that extension: how the program is read, run and prompted for. */
  language: LanguageSupport;
  hidden: HiddenTests;
}

/** A task's hidden tests: text put after the program, then one statement run as the test. */
export interface HiddenTests {
  definitions: string;
  call: string;
}

/** What a data set's own preparation gets: the path (and so the language) is the bench's choice. */
export interface PrepareContext {
  path: string;
  assets: Assets;
}

export interface BenchDataset {
  /** `--dataset NAME`. */
  name: string;
  /** One line for `ldb bench --help`. */
  description: string;
  /** The extension its programs run as (with the dot): the seam picks the language by it. */
  extension: string;
  /** Its programs come from a --seeds file (else the tasks file holds them). */
  seedsFile: boolean;
  /** LDB published its run on this data: --replay can answer with it. */
  replayable: boolean;
  load(files: BenchFiles): Promise<BenchTask[]>;
  prepare(task: BenchTask, ctx: PrepareContext): Promise<Omit<PreparedTask, 'task' | 'path' | 'language'>>;
  /** The program judged in place of a model's reply the loop could not use (LDB ran its text). */
  programFromReply(task: BenchTask, code: string): string;
}

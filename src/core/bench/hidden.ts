// A program's pass@1 verdict: the task's hidden tests run on it in the sandbox, as the data set's
// evaluation does it (LDB's: the program, the test text defining check(), then `check(<entry>)`;
// HumanEvalFix's: the program, then its test harness). It passes when nothing raises within the
// time limit. Unlike LDB, each run is a fresh process: LDB executes every program in one shared
// namespace, so names could leak from one task into the next.
import type { LanguageSupport } from '../languages/support';
import type { OutcomeStatus, SourceFile, TestCase } from '../model';
import type { Settings } from '../settings';
import { runTest, type Assets } from '../trace/tracing';
import { describeException } from '../trace/render';
import type { HiddenTests } from './dataset';

export interface HiddenResult {
  passed: boolean;
  status: OutcomeStatus;
  /** One line when it did not pass: the exception, or the time limit. */
  detail?: string;
  ms: number;
}

export interface HiddenRequest {
  program: string;
  tests: HiddenTests;
  /** Path the program runs under (its module name); the file is never written there. */
  path: string;
  language: LanguageSupport;
  settings: Settings;
  /** The whole run's time limit. */
  timeoutMs: number;
  assets: Assets;
  signal?: AbortSignal;
}

/** The module the evaluation runs, minus its final call, which runs as the test. */
export function hiddenProgram(program: string, definitions: string): string {
  return `${program}\n\n${definitions}\n`;
}

export async function runHiddenTests(req: HiddenRequest): Promise<HiddenResult> {
  // No tests are listed for the file, so none of its module-level asserts is skipped at load:
  // they run as in LDB's exec of the whole text.
  const source: SourceFile = {
    path: req.path,
    language: req.language.id,
    text: hiddenProgram(req.program, req.tests.definitions),
    functions: [],
    syntaxErrors: [],
    tests: [],
  };
  const check: TestCase = {
    id: 'hidden',
    origin: 'given',
    form: 'call',
    source: req.tests.call,
    label: req.tests.call.split('\n')[0],
    functions: [],
  };
  const run = await runTest({
    source,
    test: check,
    settings: { ...req.settings, timeoutMs: req.timeoutMs },
    assets: req.assets,
    traced: false,
    ...(req.signal ? { signal: req.signal } : {}),
  });
  const { outcome } = run;
  const passed = outcome.status === 'passed';
  const result: HiddenResult = { passed, status: outcome.status, ms: Math.round(run.runMs) };
  if (!passed) {
    result.detail =
      outcome.status === 'timeout'
        ? `time limit of ${req.timeoutMs} ms`
        : outcome.exception
          ? describeException(outcome.exception)
          : outcome.status;
  }
  return result;
}

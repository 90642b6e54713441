// Runs every visible test on one version of the program, untraced (a plain run in the sandbox is
// all verification needs), a few at a time. A collected test runs under its runner (pytest); with
// a fix of several files on trial, every run imports the changed files from copies (`overlay`).
import type { SourceFile, TestCase, TestResult } from '../model';
import type { Settings } from '../settings';
import { runTest, type Assets } from '../trace/tracing';
import { runCollected } from './collectedRun';

export interface VisibleTestsRequest {
  source: SourceFile;
  tests: readonly TestCase[];
  settings: Settings;
  assets: Assets;
  /** How many test processes at once. */
  concurrency: number;
  /** Other files of the program as a fix changed them: see RuntimeRun.overlay. */
  overlay?: ReadonlyMap<string, string>;
  /** The folder the tests run from: see RunRequest.cwd. */
  cwd?: string;
  signal?: AbortSignal;
}

export async function runVisibleTests(req: VisibleTestsRequest): Promise<TestResult[]> {
  const results: TestResult[] = new Array<TestResult>(req.tests.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < req.tests.length) {
      const i = next++;
      const test = req.tests[i];
      const signal = {
        ...(req.signal ? { signal: req.signal } : {}),
        ...(req.cwd !== undefined ? { cwd: req.cwd } : {}),
      };
      const run =
        test.origin === 'collected'
          ? (
              await runCollected({
                path: req.source.path,
                testId: test.id,
                traced: false,
                level: req.settings.level,
                overlay: req.overlay ?? new Map(),
                settings: req.settings,
                assets: req.assets,
                ...signal,
              })
            ).run
          : await runTest({
              source: req.source,
              test,
              settings: req.settings,
              assets: req.assets,
              traced: false,
              ...(req.overlay ? { overlay: req.overlay } : {}),
              ...signal,
            });
      results[i] = { test: test.id, label: test.label, outcome: run.outcome };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(req.concurrency, req.tests.length)) }, worker));
  return results;
}

export function countPassed(results: readonly TestResult[]): number {
  return results.filter((r) => r.outcome.status === 'passed').length;
}

export function firstFailing(results: readonly TestResult[]): TestResult | undefined {
  return results.find((r) => r.outcome.status !== 'passed');
}

/** `2/3 pass` style summary lines, one per test. */
export function resultLines(results: readonly TestResult[]): string[] {
  return results.map(
    (r) => `${r.outcome.status === 'passed' ? 'PASS' : r.outcome.status.toUpperCase()} ${r.label}`,
  );
}

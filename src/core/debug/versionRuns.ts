// Runs of one version of the program (programVersion.ts): every visible test plainly, and the trace
// of the failing one: in the debugged file by its runtime, or, for a collected test, across the
// project's files by its runner. Either way the files a fix changed come from their copies.
import { relative, resolve, sep } from 'node:path';
import type { RunResult, TestCase, TestResult } from '../model';
import type { DebugSettings } from '../settings';
import { assembleTrace, reportAcross, runTest, type Assets, type TraceReport } from '../trace/tracing';
import { runCollected } from './collectedRun';
import { overlayOf, type ProgramVersion } from './programVersion';
import { runVisibleTests } from './visibleTests';

export interface VersionRunContext {
  settings: DebugSettings;
  assets: Assets;
  redact?: (value: string) => string;
  /** The folder the tests run from: see RunRequest.cwd. */
  cwd?: string;
  signal?: AbortSignal;
}

export function runVersionTests(
  version: ProgramVersion,
  tests: readonly TestCase[],
  ctx: VersionRunContext,
): Promise<TestResult[]> {
  return runVisibleTests({
    source: version.main,
    tests,
    settings: ctx.settings,
    assets: ctx.assets,
    concurrency: ctx.settings.testConcurrency,
    overlay: overlayOf(version),
    ...(ctx.cwd !== undefined ? { cwd: ctx.cwd } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
}

/**
 * The trace of `test` on a version; no report when there is nothing to trace: the debugged file
 * does not parse or lacks the entry (then nothing ran), or a collected test reached no function of
 * the project (a fix that breaks an import: `run` says how it ended). `entry` names the function to
 * fix: in the debugged file, or for a collected test `module:function` / `path.py::function`
 * (absent: where the test goes wrong).
 */
export async function traceVersion(
  version: ProgramVersion,
  test: TestCase,
  entry: string | undefined,
  ctx: VersionRunContext,
): Promise<{ report?: TraceReport; run?: RunResult }> {
  const started = performance.now();
  const signal = {
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.cwd !== undefined ? { cwd: ctx.cwd } : {}),
  };
  const redact = ctx.redact ? { redact: ctx.redact } : {};
  const program = version.main;
  if (test.origin === 'collected') {
    const collected = await runCollected({
      path: program.path,
      testId: test.id,
      traced: true,
      level: ctx.settings.level,
      overlay: overlayOf(version),
      settings: ctx.settings,
      assets: ctx.assets,
      ...signal,
    });
    if (collected.run.visits.length === 0) return { run: collected.run };
    const named =
      entry === undefined ? {} : { functionName: entryAcrossName(entry, collected.root, program.path) };
    const report = reportAcross(collected, { settings: ctx.settings, ...redact, ...named }, started);
    return { report, run: report.run };
  }
  if (program.syntaxErrors.length > 0 || entry === undefined) return {};
  const fn = program.functions.find((f) => f.qualifiedName === entry);
  if (!fn) return {};
  const run = await runTest({
    source: program,
    test,
    settings: ctx.settings,
    assets: ctx.assets,
    level: ctx.settings.level,
    overlay: overlayOf(version),
    ...signal,
  });
  return {
    report: assembleTrace({ source: program, entry: fn, test, run, settings: ctx.settings, ...redact }),
    run,
  };
}

/** A function of the debugged file by its plain name becomes `path.py::name` for the trace across modules. */
function entryAcrossName(entry: string, root: string, mainPath: string): string {
  if (entry.includes(':')) return entry;
  return `${relative(root, resolve(mainPath)).split(sep).join('/')}::${entry}`;
}

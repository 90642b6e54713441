// A test the project's runner collects (a pytest item, or a test function it collects) is not the
// function to debug: that is where the test goes wrong in the project's code, as `ldb trace
// --test NODEID` finds it (the deepest project frame of the exception, or the function whose
// result the failing assertion checked). Which runner tests the commands' arguments name, tracing
// them in turn until one does not pass, and drawing that trace in every file it went through.
import * as vscode from 'vscode';
import { badInput } from '../core/errors';
import { traceTest, type TraceReport } from '../core/trace/tracing';
import { collectedFrom } from './collectedTree';
import { readRedactor, readSettings } from './config';
import { runFolderFor } from './runFolder';
import type { LdbContext, RunHandle } from './context';
import { runsPerFile } from './marks/acrossFiles';
import { isRunnerTestId, runnerCollects } from './runnerTests';
import { documentFor, resolveTarget, type TargetArgs } from './target';

export interface RunnerTestTarget {
  /** The test file. */
  document: vscode.TextDocument;
  /** The runner's ids, in the order they are tried. */
  ids: string[];
  /** What the messages call them: the test function, or the one id. */
  name: string;
}

/**
 * The runner's tests the arguments name: runner ids of a test file (the Testing view), or the test
 * function named or at the cursor in one (CodeLens, menus). Undefined for anything else: the
 * function itself is then debugged (a helper in a test file, a function of a module).
 */
export async function runnerTestsOf(
  ctx: LdbContext,
  args: TargetArgs,
): Promise<RunnerTestTarget | undefined> {
  const document = await documentFor(args);
  if (!runnerCollects(document)) return undefined;
  const name = vscode.workspace.asRelativePath(document.uri);
  const given = args.tests ?? [];
  let found: RunnerTestTarget | undefined;
  if (given.length > 0 && given.every((id) => isRunnerTestId(document, id))) {
    found = { document, ids: given, name: given.length === 1 ? given[0] : name };
  } else {
    const target = await resolveTarget(ctx.parse, args);
    const tests = (await ctx.runnerTests.ensure(document.uri)).filter((t) => collectedFrom(t, target.fn));
    if (tests.length === 0) return undefined;
    found = { document, ids: tests.map((t) => t.id), name: target.fn.name };
  }
  if (document.isDirty)
    throw badInput(`${name} has unsaved changes: save it first (the test runner reads it from disk)`);
  return found;
}

export interface TracedRunnerTests {
  /** The first test that did not pass, else the first test: its trace. */
  report: TraceReport;
  /** Whether that test passed (then every one of them did). */
  allPass: boolean;
}

/** Traces the tests in turn, under their runner, until one does not pass. */
export async function traceRunnerTests(
  ctx: LdbContext,
  target: RunnerTestTarget,
  run: RunHandle,
): Promise<TracedRunnerTests> {
  const uri = target.document.uri;
  const settings = await readSettings(uri);
  const redact = readRedactor(uri);
  let first: TraceReport | undefined;
  for (const id of target.ids) {
    run.report(`Tracing ${id}`);
    const report = await traceTest({
      path: uri.fsPath,
      test: id,
      settings,
      assets: ctx.assets,
      cwd: runFolderFor(uri),
      signal: run.signal,
      ...(redact ? { redact } : {}),
    });
    const interpreter = report.run.interpreter;
    ctx.log.info(
      `traced ${id}: ${report.run.outcome.status}, where it goes wrong: ${report.entry.qualifiedName} in ` +
        `${vscode.workspace.asRelativePath(report.source.path)}` +
        (interpreter ? `; ${interpreter.path} (Python ${interpreter.version})` : ''),
    );
    if (report.run.outcome.status !== 'passed') return { report, allPass: false };
    first ??= report;
  }
  if (!first) throw badInput(`no test to run in ${target.name}`);
  return { report: first, allPass: true };
}

/** Draws a runner test's trace in every file it went through; the entry's file is returned (and kept for Show Trace). */
export function showRunnerTrace(ctx: LdbContext, report: TraceReport): vscode.Uri {
  const runs = runsPerFile(report);
  for (const { path, run } of runs) ctx.showRun(vscode.Uri.file(path), run);
  const entry = vscode.Uri.file(report.source.path);
  ctx.setLastTrace({ uri: entry, report, verdicts: [] });
  return entry;
}

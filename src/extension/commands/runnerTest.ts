// Trace Only and Debug with Trace on tests the project's runner collects (runnerTarget.ts): the
// tests are traced under the runner until one does not pass, its trace is drawn in every file it
// went through, and Debug with Trace then runs the LDB loop on the function where it went wrong,
// in its own module, with those tests as the visible tests (each run under the runner again).
import * as vscode from 'vscode';
import { outcomeText } from '../outcome';
import type { LdbContext } from '../context';
import { showRunnerTrace, traceRunnerTests, type RunnerTestTarget } from '../runnerTarget';
import type { DebugResult, TraceOnlyResult } from './results';

export async function traceRunnerTest(ctx: LdbContext, target: RunnerTestTarget): Promise<TraceOnlyResult> {
  const { report, allPass } = await ctx.withRun('trace', `Trace ${target.name}`, (run) =>
    traceRunnerTests(ctx, target, run),
  );
  const entry = showRunnerTrace(ctx, report);
  const { outcome } = report.run;
  ctx.status.traced(`${report.entry.name} ${outcome.status}`);
  const where = `${report.entry.name} (${vscode.workspace.asRelativePath(entry)})`;
  ctx.notify.info(
    allPass
      ? `every test of ${target.name} passes; the trace of ${report.test.label} is shown in ${where}.`
      : `${report.test.label}: ${outcomeText(outcome)}; it goes wrong in ${where}. Hover a block to see every visit.`,
  );
  await vscode.window.showTextDocument(entry, { preview: false, preserveFocus: false });
  return { status: outcome.status, test: report.test.id, blocks: report.segments.length };
}

export async function debugRunnerTest(
  ctx: LdbContext,
  target: RunnerTestTarget,
): Promise<DebugResult | undefined> {
  const { report, allPass } = await ctx.withRun('trace', `Trace ${target.name}`, (run) =>
    traceRunnerTests(ctx, target, run),
  );
  if (allPass) {
    ctx.notify.info(`all ${target.ids.length} tests of ${target.name} pass: nothing to debug.`);
    return { status: 'already-passing' };
  }
  const entry = showRunnerTrace(ctx, report);
  await vscode.window.showTextDocument(entry, { preview: false });
  const failing = report.test.id;
  // The loop traces the first failing test of the list: the one just traced.
  return (await ctx.runCommand('ldb.debugWithTrace', {
    uri: entry,
    function: report.entry.qualifiedName,
    tests: [failing, ...target.ids.filter((id) => id !== failing)],
  })) as DebugResult | undefined;
}

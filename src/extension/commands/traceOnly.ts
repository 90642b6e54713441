// LDB: Trace Only: the core's first step without a model (traceFirstFailing, as `ldb debug` without
// one): the function's first test traced, the others run only when it passes and the first of them
// that fails traced; the values are drawn inline. The marks are drawn from the run as soon as the
// core has chosen it, before the prompt text (for Show Trace) is assembled: counting its tokens is
// slow the first time.
import { traceFirstFailing } from '../../core/debug/debugger';
import type { FirstFailingProgress } from '../../core/debug/request';
import { LdbError } from '../../core/errors';
import type { TraceLevel } from '../../core/model';
import { segmentsOf } from '../../core/trace/tracing';
import { readRedactor, readSettings } from '../config';
import { runFolderFor } from '../runFolder';
import { noticeIsolation } from '../isolationNotice';
import type { LdbContext, RunHandle } from '../context';
import { outcomeText } from '../outcome';
import { asTargetArgs, resolveTarget, type Target } from '../target';
import { visibleTests } from '../tests';
import { runnerTestsOf } from '../runnerTarget';
import type { TraceOnlyResult } from './results';
import { traceRunnerTest } from './runnerTest';

export type { TraceOnlyResult } from './results';

export const traceOnly =
  (ctx: LdbContext) =>
  async (arg?: unknown): Promise<TraceOnlyResult | undefined> => {
    ctx.startTiming();
    ctx.requireTrust('Trace Only');
    ctx.ensureIdle();
    const args = asTargetArgs(arg);
    const runner = await runnerTestsOf(ctx, args);
    if (runner) return traceRunnerTest(ctx, runner);
    const target = await resolveTarget(ctx.parse, args);
    const { document, fn } = target;
    const tests = await visibleTests(ctx.testsDeps, target, args.tests);
    const settings = await readSettings(document.uri);
    noticeIsolation(ctx.notify, settings);
    const redact = readRedactor(document.uri);
    let drawn = false;
    const { report } = await ctx.withRun('trace', `Trace ${fn.name}`, (run) =>
      traceFirstFailing({
        path: document.uri.fsPath,
        text: target.text,
        functionName: fn.qualifiedName,
        tests,
        settings,
        assets: ctx.assets,
        cwd: runFolderFor(document.uri),
        signal: run.signal,
        ...(redact ? { redact } : {}),
        traceWhenAllPass: true,
        onProgress: (e) => {
          if (showProgress(ctx, run, target, settings.level, e)) drawn = true;
        },
      }),
    );
    // The target parses and its function is there, so the core traced a test.
    if (!report) throw new LdbError('internal', `${fn.qualifiedName} in ${target.name} was not traced`);
    if (!drawn) {
      ctx.notify.warn(`${target.name} changed while it was traced: run Trace Only again.`);
      return undefined;
    }
    const { outcome } = report.run;
    ctx.status.traced(`${fn.name} ${outcome.status}`);
    ctx.notify.info(
      `${fn.name} on ${report.test.label}: ${outcomeText(outcome)}. Hover a block to see every visit.`,
    );
    ctx.setLastTrace({ uri: document.uri, report, verdicts: [] });
    ctx.log.info(
      `traced ${fn.qualifiedName} on ${report.test.label}: ${outcomeText(outcome)}; ` +
        `${report.segments.length} segments, ${report.promptTokens} prompt tokens, run ${report.timing.runMs} ms, ` +
        `isolation ${report.run.isolation ?? 'none'}` +
        (report.run.interpreter
          ? `; ${report.run.interpreter.path} (Python ${report.run.interpreter.version})`
          : ''),
    );
    return {
      status: outcome.status,
      test: report.test.id,
      blocks: segmentsOf(report.source, report.run, settings.level).length,
    };
  };

/**
 * The progress notification, and the marks as soon as the run to show is known. True when it drew
 * them: only on the text that ran (an edit before then gets no marks, and the command says so;
 * marks drawn before an edit follow it, as any marks do).
 */
function showProgress(
  ctx: LdbContext,
  run: RunHandle,
  target: Target,
  level: TraceLevel,
  e: FirstFailingProgress,
): boolean {
  switch (e.kind) {
    case 'tracing':
      run.report(`Tracing ${e.test}`);
      return false;
    case 'running-tests':
      run.report(`Running ${e.count} more test${e.count === 1 ? '' : 's'}`);
      return false;
    case 'traced-run':
      if (target.document.version !== target.version) return false;
      ctx.showRun(target.document.uri, {
        source: e.source,
        entry: e.entry,
        test: e.test,
        run: e.run,
        segments: segmentsOf(e.source, e.run, level),
      });
      return true;
  }
}

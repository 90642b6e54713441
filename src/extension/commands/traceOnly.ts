// LDB: Trace Only: the function's tests run in the sandbox until one fails (the first one traced,
// the rest plainly), the failing one (or the only one) is traced, and the values are drawn inline.
// No model is involved. The marks are drawn from the run before the prompt text is assembled: the
// prompt (for Show Trace) counts tokens, which is slow the first time.
import { firstFailing, runVisibleTests } from '../../core/debug/visibleTests';
import type { TestCase } from '../../core/model';
import { assembleTrace, runTest, segmentsOf } from '../../core/trace/tracing';
import { readRedactor, readSettings } from '../config';
import type { LdbContext } from '../context';
import { outcomeText } from '../outcome';
import { asTargetArgs, resolveTarget } from '../target';
import { visibleTests } from '../tests';

export interface TraceOnlyResult {
  status: 'passed' | 'failed' | 'error' | 'timeout';
  test: string;
  blocks: number;
}

export const traceOnly =
  (ctx: LdbContext) =>
  async (arg?: unknown): Promise<TraceOnlyResult | undefined> => {
    ctx.startTiming();
    ctx.requireTrust('Trace Only');
    ctx.ensureIdle();
    const args = asTargetArgs(arg);
    const target = await resolveTarget(ctx.parse, args);
    const { document, fn, source } = target;
    const tests = await visibleTests(ctx.testsDeps, target, args.tests);
    const settings = await readSettings(document.uri);
    const redact = readRedactor(document.uri);
    const traced = await ctx.withRun('trace', `Trace ${fn.name}`, async (run) => {
      const trace = (test: TestCase) => {
        run.report(`Tracing ${test.label}`);
        return runTest({
          source,
          test,
          settings,
          assets: ctx.assets,
          level: settings.level,
          signal: run.signal,
        });
      };
      let test = tests[0];
      let result = await trace(test);
      if (result.outcome.status === 'passed' && tests.length > 1) {
        const rest = tests.slice(1);
        run.report(`Running ${rest.length} more test${rest.length === 1 ? '' : 's'}`);
        const results = await runVisibleTests({
          source,
          tests: rest,
          settings,
          assets: ctx.assets,
          concurrency: settings.testConcurrency,
          signal: run.signal,
        });
        const failing = firstFailing(results);
        const next = failing && rest.find((t) => t.id === failing.test);
        if (next) {
          test = next;
          result = await trace(test);
        }
      }
      return { test, run: result };
    });
    if (document.version !== target.version) {
      ctx.notify.warn(`${target.name} changed while it was traced: run Trace Only again.`);
      return undefined;
    }
    const segments = segmentsOf(source, traced.run, settings.level);
    ctx.showRun(document.uri, { source, entry: fn, test: traced.test, run: traced.run, segments });
    const outcome = outcomeText(traced.run.outcome);
    ctx.status.traced(`${fn.name} ${traced.run.outcome.status}`);
    ctx.notify.info(`${fn.name} on ${traced.test.label}: ${outcome}. Hover a block to see every visit.`);
    // The prompt as the model would read it, for Show Trace (counting its tokens is the slow part).
    const report = assembleTrace({
      source,
      entry: fn,
      test: traced.test,
      run: traced.run,
      settings,
      ...(redact ? { redact } : {}),
    });
    ctx.setLastTrace({ uri: document.uri, report, verdicts: [] });
    ctx.log.info(
      `traced ${fn.qualifiedName} on ${report.test.label}: ${outcome}; ${report.segments.length} segments, ` +
        `${report.promptTokens} prompt tokens, run ${report.timing.runMs} ms`,
    );
    return { status: traced.run.outcome.status, test: traced.test.id, blocks: segments.length };
  };

// One task of --trace-only: the prepared seed's visible tests run plainly; the first failing one is
// traced as the debug loop would trace it, and measured: outcome, time, size of the trace and of
// the first verdict request (both counted with the core's tokenizer).
import { isLdbError } from '../errors';
import { promptCode, shownFunctions } from '../debug/codeView';
import { firstFailing, runVisibleTests } from '../debug/visibleTests';
import { debugRequest, failingTestLine, systemPrompt } from '../llm/prompts/text';
import { countMessageTokens } from '../llm/tokens';
import { describeException } from '../trace/render';
import { loadProgram, resolveTest, traceTest } from '../trace/tracing';
import type { BenchTask } from './data';
import type { TraceTaskResult } from './results';
import { benchLanguage, prepareTask, type TaskContext } from './task';

export async function traceTask(task: BenchTask, ctx: TaskContext): Promise<TraceTaskResult> {
  const started = performance.now();
  const prepared = prepareTask(task);
  const base = {
    kind: 'trace' as const,
    mode: 'trace-only' as const,
    taskId: task.taskId,
    visibleTests: prepared.visibleTests.length,
  };
  const done = (rest: Omit<TraceTaskResult, keyof typeof base | 'ms'>): TraceTaskResult => ({
    ...base,
    ...rest,
    ms: Math.round(performance.now() - started),
  });
  // No visible test (18 MBPP tasks): nothing fails, as in LDB, even if the seed does not parse.
  if (prepared.visibleTests.length === 0) return done({ seedPassesVisible: true });
  const signal = ctx.signal ? { signal: ctx.signal } : {};
  try {
    const source = await loadProgram({ path: prepared.path, text: prepared.program, assets: ctx.assets });
    const tests = await Promise.all(
      prepared.visibleTests.map((t, i) => resolveTest(source, t, i, ctx.assets)),
    );
    const results = await runVisibleTests({
      source,
      tests,
      settings: ctx.settings,
      assets: ctx.assets,
      concurrency: 1,
      ...signal,
    });
    const failing = firstFailing(results);
    if (!failing) return done({ seedPassesVisible: true });
    const test = tests.find((t) => t.id === failing.test)!;
    const report = await traceTest({
      path: prepared.path,
      text: prepared.program,
      test,
      functionName: task.entryPoint,
      settings: ctx.settings,
      assets: ctx.assets,
      ...signal,
    });
    const { run } = report;
    const shown = shownFunctions(
      report.source,
      report.entry,
      run.visits.map((v) => v.function),
    );
    const request = debugRequest({
      code: promptCode(report.source, shown),
      failingTest: failingTestLine(test, run.outcome, ctx.settings.timeoutMs),
      words: benchLanguage().words,
      ...(report.prompt !== '' ? { trace: { text: report.prompt, level: ctx.settings.level } } : {}),
    });
    return done({
      seedPassesVisible: false,
      trace: {
        test: test.label,
        status: run.outcome.status,
        ...(run.outcome.exception ? { exception: describeException(run.outcome.exception) } : {}),
        segments: report.segments.length,
        shown: report.trace.segments.length,
        visits: run.visits.length + run.droppedVisits,
        limits: run.limits.map((l) => l.limit),
        traceMs: report.timing.totalMs,
        runMs: report.timing.runMs,
        promptTokens: report.promptTokens,
        requestTokens: countMessageTokens([
          { role: 'system', content: systemPrompt(benchLanguage().words) },
          { role: 'user', content: request },
        ]),
      },
    });
  } catch (e) {
    if (!isLdbError(e, 'bad-input')) throw e;
    return done({ seedPassesVisible: false, error: e.message });
  }
}

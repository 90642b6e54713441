// One task of --trace-only: the prepared program's visible tests run plainly, in order, until one
// fails; that one is traced as the debug loop would trace it, and measured: outcome, time, whether
// the function under test was visited, size of the trace and of the first verdict request (both
// counted with the core's tokenizer).
import { isLdbError } from '../errors';
import { promptCode, shownFunctions } from '../debug/codeView';
import { firstFailing, runVisibleTests } from '../debug/visibleTests';
import { debugRequest, failingTestLine, systemPrompt } from '../llm/prompts/text';
import { countMessageTokens } from '../llm/tokens';
import type { SourceFile, TestCase, TestResult } from '../model';
import { describeException } from '../trace/render';
import { loadProgram, resolveTest, traceTest } from '../trace/tracing';
import type { BenchTask } from './data';
import type { TraceTaskResult } from './results';
import { prepareTask, type TaskContext } from './task';

export async function traceTask(task: BenchTask, ctx: TaskContext): Promise<TraceTaskResult> {
  const started = performance.now();
  const prepared = await prepareTask(task, ctx);
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
    const failing = await firstFailingOf(source, tests, ctx);
    if (!failing) return done({ seedPassesVisible: true });
    const test = tests.find((t) => t.id === failing.test)!;
    const report = await traceTest({
      path: prepared.path,
      text: prepared.program,
      test,
      functionName: prepared.entryPoint,
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
    const { words } = prepared.language;
    const request = debugRequest({
      code: promptCode(report.source, shown),
      failingTest: failingTestLine(test, run.outcome, ctx.settings.timeoutMs),
      words,
      ...(prepared.description !== undefined ? { task: prepared.description } : {}),
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
        entryVisits: run.visits.filter((v) => v.function === report.entry.qualifiedName).length,
        limits: run.limits.map((l) => l.limit),
        traceMs: report.timing.totalMs,
        runMs: report.timing.runMs,
        promptTokens: report.promptTokens,
        requestTokens: countMessageTokens([
          { role: 'system', content: systemPrompt(words) },
          { role: 'user', content: request },
        ]),
      },
    });
  } catch (e) {
    if (!isLdbError(e, 'bad-input')) throw e;
    return done({ seedPassesVisible: false, error: e.message });
  }
}

/** The visible tests run one at a time until one fails: the tests after it change nothing here. */
async function firstFailingOf(
  source: SourceFile,
  tests: readonly TestCase[],
  ctx: TaskContext,
): Promise<TestResult | undefined> {
  for (const test of tests) {
    const [result] = await runVisibleTests({
      source,
      tests: [test],
      settings: ctx.settings,
      assets: ctx.assets,
      concurrency: 1,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (firstFailing([result])) return result;
  }
  return undefined;
}

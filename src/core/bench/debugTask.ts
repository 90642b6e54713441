// One task of --replay or --model: LDB's loop (debugProgram) on the prepared seed with the
// visible tests, then the hidden tests on the program it ends with. As in LDB, that is the last
// program of the loop whether or not it passes the visible tests, and a task without visible tests
// is judged on its seed. A fix the loop could not use (no code, code that does not parse) failed
// its iteration; it stands for the program LDB would have run in its place: in a replay, LDB's own
// program; with a model, the data set's program for the code the reply held (for LDB's data, LDB's
// preparation of it).
import { debugProgram } from '../debug/debugger';
import { isLdbError, LdbError } from '../errors';
import type { Session, TestResult } from '../model';
import type { LlmClient } from '../llm/port';
import { runHiddenTests, type HiddenResult } from './hidden';
import type { DebugTaskResult } from './results';
import { prepareTask, type TaskContext } from './task';
import type { PreparedTask } from './dataset';
import { ReplayLlmClient } from './replayClient';
import type { BenchTask } from './data';
import { replayDifferences } from './differences';

export type DebugMode = { mode: 'replay' } | { mode: 'model'; llm: LlmClient };

export async function debugTask(task: BenchTask, how: DebugMode, ctx: TaskContext): Promise<DebugTaskResult> {
  const started = performance.now();
  const prepared = await prepareTask(task, ctx);
  const hidden = (program: string): Promise<HiddenResult> =>
    runHiddenTests({
      program,
      tests: prepared.hidden,
      path: prepared.path,
      language: prepared.language,
      settings: ctx.settings,
      timeoutMs: ctx.bench.hiddenTimeoutMs,
      assets: ctx.assets,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  const seedHidden = await hidden(prepared.program);
  const base = {
    kind: 'debug' as const,
    mode: how.mode,
    taskId: task.taskId,
    visibleTests: prepared.visibleTests.length,
    seedSolved: seedHidden.passed,
  };
  let result: DebugTaskResult;
  if (prepared.visibleTests.length === 0) {
    result = {
      ...base,
      status: 'no-visible-tests',
      seedPassesVisible: true,
      iterations: 0,
      passesVisible: true,
      solved: seedHidden.passed,
      hidden: seedHidden,
      tokens: { prompt: 0, completion: 0, estimated: false },
      ms: 0,
      programs: [prepared.program],
    };
  } else {
    const loop = await runLoop(prepared, how, ctx);
    const final = loop.programs[loop.programs.length - 1];
    const finalHidden = final === prepared.program ? seedHidden : await hidden(final);
    result = {
      ...base,
      status: loop.status,
      seedPassesVisible: loop.seedPassesVisible,
      iterations: loop.programs.length - 1,
      passesVisible: loop.passesVisible,
      solved: finalHidden.passed,
      hidden: finalHidden,
      tokens: loop.tokens,
      ms: 0,
      programs: loop.programs,
      ...(loop.error !== undefined ? { error: loop.error } : {}),
    };
  }
  if (task.reference) {
    const ref = task.reference;
    result.reference = {
      solved: ref.isSolved,
      passing: ref.isPassing,
      iterations: ref.debugIter,
      tokenNums: ref.tokenNums,
    };
    result.differences = replayDifferences(result, ref);
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}

interface LoopOutcome {
  status: DebugTaskResult['status'];
  seedPassesVisible: boolean;
  passesVisible: boolean;
  programs: string[];
  tokens: DebugTaskResult['tokens'];
  error?: string;
}

async function runLoop(prepared: PreparedTask, how: DebugMode, ctx: TaskContext): Promise<LoopOutcome> {
  const { task } = prepared;
  let llm: LlmClient;
  let maxIters = ctx.bench.maxIters;
  if (how.mode === 'replay') {
    if (!task.reference) throw new LdbError('internal', `replay of ${task.taskId} without LDB's results`);
    const replay = new ReplayLlmClient(
      task.taskId,
      prepared.entryPoint,
      task.reference.implementations,
      prepared.language.words,
    );
    // The replay cannot answer past the end of LDB's run: its loop stopped there.
    maxIters = Math.min(maxIters, replay.available);
    llm = replay;
  } else {
    llm = how.llm;
  }
  let session: Session;
  try {
    session = await debugProgram({
      path: prepared.path,
      text: prepared.program,
      functionName: prepared.entryPoint,
      tests: prepared.visibleTests,
      ...(prepared.description !== undefined ? { task: prepared.description } : {}),
      settings: { ...ctx.settings, maxIters, testConcurrency: 1 },
      assets: ctx.assets,
      llm,
      // LDB's published runs hold whole programs: each one replaces the last, as in LDB's loop.
      fixReplacesProgram: how.mode === 'replay',
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  } catch (e) {
    // Bad input for this task only (a visible test our parser cannot read): the task is recorded
    // with its seed as the program, and the run goes on.
    if (!isLdbError(e) || e.reason === 'cancelled' || e.reason === 'interpreter') throw e;
    return {
      status: 'error',
      seedPassesVisible: false,
      passesVisible: false,
      programs: [prepared.program],
      tokens: { prompt: 0, completion: 0, estimated: false },
      error: e.message,
    };
  }
  if (session.status === 'cancelled') throw new LdbError('cancelled', 'the benchmark was cancelled');
  // One program per fix asked for (LDB's implementations after the seed), whether usable or not.
  const attempts = session.iterations.flatMap((it) => {
    if (it.fix) return [{ code: it.fix.code, passes: allPass(it.fix.results) }];
    if (!it.unusableFix) return [];
    const code =
      how.mode === 'replay'
        ? (task.reference?.implementations[it.index] ?? '')
        : ctx.dataset.programFromReply(task, it.unusableFix.code ?? '');
    return [{ code, passes: false }];
  });
  const first = session.iterations[0]?.results;
  return {
    status: session.status,
    seedPassesVisible: session.status === 'already-passing',
    passesVisible:
      attempts.length > 0 ? attempts[attempts.length - 1].passes : first !== undefined && allPass(first),
    programs: [prepared.program, ...attempts.map((a) => a.code)],
    tokens: session.tokens,
    ...(session.error !== undefined ? { error: session.error } : {}),
  };
}

function allPass(results: readonly TestResult[]): boolean {
  return results.every((r) => r.outcome.status === 'passed');
}

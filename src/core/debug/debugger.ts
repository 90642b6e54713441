// The LDB loop: run the visible tests; trace the first failing one; ask the model to judge every
// block; ask for a fix; run every visible test on it; repeat until all pass or the iteration limit.
// What the model writes never stops the loop: a fix it cannot use (no code, code that does not
// parse, no function to place) fails its iteration, as in LDB, and the next request says why.
// Both faces call `debugProgram`; progress goes out as events, the whole story comes back as a
// Session (plain JSON) that can be saved and replayed.
import { LdbError, isLdbError } from '../errors';
import type {
  FunctionInfo,
  RunResult,
  Session,
  SessionIteration,
  SourceFile,
  TestCase,
  TestResult,
} from '../model';
import type { DebugSettings } from '../settings';
import {
  fixFailedPreamble,
  fixRequest,
  rejectedFixMessage,
  fixRequestAfterUnreadableVerdicts,
  unusableFixPreamble,
} from '../llm/prompts/text';
import { problemReason } from '../llm/replies';
import {
  assembleTrace,
  loadProgram,
  resolveEntry,
  resolveTest,
  runTest,
  wasmDir,
  type TraceReport,
} from '../trace/tracing';
import { parseSource } from '../source';
import { languageById } from '../languages/registry';
import { countPassed, firstFailing, runVisibleTests } from './visibleTests';
import { shownFunctions } from './codeView';
import { Conversation } from './conversation';
import { fitRequest } from './verdictRequest';
import { placeFix, verdictsFrom } from './replyReading';
import type { DebugProgress, DebugRequest, FirstFailingRequest, ProgramTests } from './request';

export type { DebugProgress, DebugRequest, ProgramTests, Review } from './request';

export type { DebugSettings };

/** The program (syntax errors allowed: the loop debugs them too), its visible tests, and the function to fix. */
async function programAndTests(
  req: Pick<DebugRequest, 'path' | 'text' | 'assets' | 'functionName' | 'tests'> &
    Parameters<typeof visibleTests>[1],
): Promise<{ source: SourceFile; tests: TestCase[]; entryName: string }> {
  const source = await loadProgram({
    path: req.path,
    ...(req.text !== undefined ? { text: req.text } : {}),
    assets: req.assets,
    allowSyntaxErrors: true,
  });
  const tests = await visibleTests(source, req);
  return { source, tests, entryName: entryFunctionName(source, req.functionName, tests) };
}

/**
 * The loop's first step alone, for when there is no model (Trace Only, `ldb debug` without one):
 * the trace of the first failing test. The first test is traced straight away: when it fails (the
 * usual case) nothing else needs to run; when it passes, the others run plainly and the first of
 * them that fails is traced. A program that cannot be traced (it does not parse, or the entry is
 * not among its functions) has every test run plainly and no report.
 */
export async function traceFirstFailing(req: FirstFailingRequest): Promise<{
  source: SourceFile;
  tests: TestCase[];
  /** In the order of `tests`; only the first one's when it failed, as then nothing else ran. */
  results: TestResult[];
  /** The first failing test's trace; with traceWhenAllPass, the first test's when every one passes. */
  report?: TraceReport;
}> {
  const progress = req.onProgress ?? (() => undefined);
  const { source, tests, entryName } = await programAndTests(req);
  const entry =
    source.syntaxErrors.length === 0
      ? source.functions.find((f) => f.qualifiedName === entryName)
      : undefined;
  const runPlainly = (some: TestCase[]): Promise<TestResult[]> => {
    progress({ kind: 'running-tests', count: some.length });
    return runVisibleTests({
      source,
      tests: some,
      settings: req.settings,
      assets: req.assets,
      concurrency: req.settings.testConcurrency,
      ...signalOf(req),
    });
  };
  if (!entry) return { source, tests, results: await runPlainly(tests) };

  const trace = (test: TestCase): Promise<RunResult> => {
    progress({ kind: 'tracing', test: test.label });
    return runTest({
      source,
      test,
      settings: req.settings,
      assets: req.assets,
      level: req.settings.level,
      ...signalOf(req),
    });
  };
  const reportOf = (test: TestCase, run: RunResult): TraceReport => {
    progress({ kind: 'traced-run', source, entry, test, run });
    return assembleTrace({
      source,
      entry,
      test,
      run,
      settings: req.settings,
      ...(req.redact ? { redact: req.redact } : {}),
    });
  };
  const first = tests[0];
  const firstRun = await trace(first);
  const results: TestResult[] = [{ test: first.id, label: first.label, outcome: firstRun.outcome }];
  if (firstRun.outcome.status !== 'passed')
    return { source, tests, results, report: reportOf(first, firstRun) };
  if (tests.length > 1) results.push(...(await runPlainly(tests.slice(1))));
  const failing = firstFailing(results);
  const test = failing && tests.find((t) => t.id === failing.test);
  if (test) return { source, tests, results, report: reportOf(test, await trace(test)) };
  return { source, tests, results, ...(req.traceWhenAllPass ? { report: reportOf(first, firstRun) } : {}) };
}

export async function debugProgram(req: DebugRequest): Promise<Session> {
  const started = performance.now();
  const progress = req.onProgress ?? (() => undefined);
  const { source, tests, entryName } = await programAndTests(req);
  const session: Session = {
    format: 'ldb-session',
    version: 1,
    createdAt: new Date().toISOString(),
    file: req.path,
    function: entryName,
    model: req.llm.description,
    tests,
    originalCode: source.text,
    iterations: [],
    status: 'not-fixed',
    tokens: { prompt: 0, completion: 0, estimated: false },
    ms: 0,
  };
  const words = languageById(source.language).words;
  const conversation = new Conversation(req.llm, req.settings.maxReplyTokens, words, req.signal);
  const finish = (status: Session['status']): Session => {
    session.status = status;
    session.tokens = {
      prompt: conversation.tokens.promptTokens,
      completion: conversation.tokens.completionTokens,
      estimated: conversation.tokens.estimated,
    };
    session.ms = Math.round(performance.now() - started);
    return session;
  };

  let program = source;
  try {
    progress({ kind: 'running-tests', iteration: 1 });
    let results = await runVisibleTests({
      source: program,
      tests,
      settings: req.settings,
      assets: req.assets,
      concurrency: req.settings.testConcurrency,
      ...signalOf(req),
    });
    if (countPassed(results) === tests.length) {
      session.iterations.push({ index: 1, code: program.text, results, exchanges: [], verdicts: [], ms: 0 });
      session.finalCode = program.text;
      return finish('already-passing');
    }
    // What the next verdict request starts with: how the last fix did, or why it could not be used.
    let preamble: string | undefined;
    for (let index = 1; index <= req.settings.maxIters; index++) {
      const iterationStarted = performance.now();
      progress({ kind: 'iteration', iteration: index, of: req.settings.maxIters });
      const failing = firstFailing(results)!;
      const failingTest = tests.find((t) => t.id === failing.test)!;
      const iteration: SessionIteration = {
        index,
        code: program.text,
        results,
        tracedTest: failingTest.id,
        outcome: failing.outcome,
        exchanges: [],
        verdicts: [],
        ms: 0,
      };
      session.iterations.push(iteration);

      const report = await traceIfPossible(program, entryName, failingTest, req, progress);
      const shown = report
        ? shownFunctions(
            program,
            report.entry,
            report.run.visits.map((v) => v.function),
          )
        : entryOnly(program, entryName);
      if (report) {
        iteration.tracePrompt = report.prompt;
        iteration.visits = report.run.visits;
        iteration.segments = report.segments;
        iteration.outcome = report.run.outcome;
      }
      const request = fitRequest(program, shown, failingTest, report, results, req, conversation, preamble);
      progress({ kind: 'asking', what: 'verdicts', model: req.llm.description });
      const blocks = report
        ? report.trace.segments.map((s) => ({ label: s.label, startLine: s.startLine, endLine: s.endLine }))
        : [];
      const verdicts = await conversation.ask(
        'verdicts',
        request,
        (reply) => verdictsFrom(reply, blocks),
        iteration.exchanges,
      );
      let fixAsk = fixRequest(shortName(entryName), words);
      if (verdicts.ok) {
        iteration.verdicts = verdicts.value;
        progress({ kind: 'verdicts', verdicts: iteration.verdicts, ...(report ? { report } : {}) });
      } else {
        // LDB asks for the fix whatever the verdict reply said: so do we, telling the model why.
        iteration.unreadableVerdicts = problemReason(verdicts.problem);
        progress({ kind: 'unusable-reply', what: 'verdicts', reason: iteration.unreadableVerdicts });
        fixAsk = fixRequestAfterUnreadableVerdicts(iteration.unreadableVerdicts, shortName(entryName), words);
      }

      progress({ kind: 'asking', what: 'fix', model: req.llm.description });
      const shownNames = shown.map((f) => f.qualifiedName);
      const placed = await conversation.ask(
        'fix',
        fixAsk,
        (reply) => placeFix(reply, program, entryName, shownNames, req.assets, req.fixReplacesProgram),
        iteration.exchanges,
      );
      if (!placed.ok) {
        // A failed iteration, as in LDB: the program stays, the model hears why, the loop goes on.
        const reason = problemReason(placed.problem);
        const likeliest = placed.problem.kind === 'fix' ? placed.problem.likeliest : undefined;
        iteration.unusableFix = { reason, ...(likeliest !== undefined ? { code: likeliest } : {}) };
        iteration.ms = Math.round(performance.now() - iterationStarted);
        progress({ kind: 'unusable-reply', what: 'fix', reason });
        preamble = unusableFixPreamble(reason);
        continue;
      }
      const fixed = placed.value;
      const fixedSource = await parseSource({ path: req.path, text: fixed, wasmDir: wasmDir(req.assets) });
      const fixResults = await runVisibleTests({
        source: fixedSource,
        tests,
        settings: req.settings,
        assets: req.assets,
        concurrency: req.settings.testConcurrency,
        ...signalOf(req),
      });
      const passed = countPassed(fixResults);
      progress({ kind: 'verifying', passed, total: tests.length });
      iteration.fix = { code: fixed, results: fixResults };
      iteration.ms = Math.round(performance.now() - iterationStarted);
      if (passed === tests.length) {
        progress({ kind: 'proposal', code: fixed, results: fixResults });
        const review = req.review
          ? await req.review({ code: fixed, results: fixResults, session })
          : { accept: true as const };
        if (review.accept) {
          session.finalCode = fixed;
          return finish('fixed');
        }
        iteration.rejected = review.reason ?? '';
        conversation.tell(rejectedFixMessage(review.reason));
        preamble = fixFailedPreamble(countPassed(results), tests.length);
        continue; // the same failing program again, with the user's word in the conversation
      }
      program = fixedSource;
      results = fixResults;
      preamble = fixFailedPreamble(passed, tests.length);
    }
    return finish('not-fixed');
  } catch (e) {
    if (isLdbError(e, 'cancelled') || req.signal?.aborted) return finish('cancelled');
    if (isLdbError(e, 'llm')) {
      session.error = e.message;
      return finish('error');
    }
    throw e;
  }
}

function signalOf(req: ProgramTests): { signal?: AbortSignal } {
  return req.signal ? { signal: req.signal } : {};
}

async function visibleTests(source: SourceFile, req: ProgramTests): Promise<TestCase[]> {
  if (req.tests.length === 0) {
    if (source.tests.length === 0) {
      throw new LdbError(
        'bad-input',
        `${req.path}: no tests found: pass --test "assert f(...) == ..." or add doctests or asserts`,
      );
    }
    const fn = req.functionName;
    const mine =
      fn === undefined
        ? source.tests
        : source.tests.filter((t) => t.functions.some((n) => n === fn || n.endsWith(`.${fn}`)));
    return mine.length > 0 ? mine : source.tests;
  }
  return Promise.all(req.tests.map((t, i) => resolveTest(source, t, i, req.assets)));
}

/** The entry by name; a program that does not parse is still debugged, so fall back on names. */
function entryFunctionName(source: SourceFile, functionName: string | undefined, tests: TestCase[]): string {
  if (source.syntaxErrors.length === 0 || source.functions.length > 0) {
    try {
      return resolveEntry(source, functionName, tests[0]).qualifiedName;
    } catch (e) {
      if (source.syntaxErrors.length === 0) throw e;
    }
  }
  const named = functionName ?? tests.flatMap((t) => t.functions)[0];
  if (named === undefined)
    throw new LdbError(
      'bad-input',
      `${source.path}: cannot tell which function to debug: pass --function NAME`,
    );
  return named;
}

function entryOnly(source: SourceFile, entryName: string): FunctionInfo[] {
  const fn = source.functions.find((f) => f.qualifiedName === entryName);
  return fn ? [fn] : [];
}

function shortName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

async function traceIfPossible(
  program: SourceFile,
  entryName: string,
  test: TestCase,
  req: ProgramTests,
  progress: (e: DebugProgress) => void,
): Promise<TraceReport | undefined> {
  if (program.syntaxErrors.length > 0) return undefined;
  const entry = program.functions.find((f) => f.qualifiedName === entryName);
  if (!entry) return undefined;
  progress({ kind: 'tracing', test: test.label });
  const run = await runTest({
    source: program,
    test,
    settings: req.settings,
    assets: req.assets,
    level: req.settings.level,
    ...signalOf(req),
  });
  const report = assembleTrace({
    source: program,
    entry,
    test,
    run,
    settings: req.settings,
    ...(req.redact ? { redact: req.redact } : {}),
  });
  progress({ kind: 'traced', report });
  return report;
}

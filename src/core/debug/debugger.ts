// The LDB loop: run the visible tests; trace the first failing one; ask the model to judge every
// block; ask for a fix; run every visible test on it; repeat until all pass or the iteration limit.
// What the model writes never stops the loop: a fix it cannot use (no code, code that does not
// parse, no function to place) fails its iteration, as in LDB, and the next request says why.
// When the trace crosses modules (a pytest item), a fix may rewrite functions of several files:
// each version of the program runs on copies of the files it changed, never on the user's.
// Both faces call `debugProgram`; progress goes out as events, the whole story comes back as a
// Session (plain JSON) that can be saved and replayed.
import { readFile } from 'node:fs/promises';
import { LdbError, isLdbError } from '../errors';
import type {
  RunResult,
  Session,
  SessionIteration,
  SourceFile,
  TestCase,
  TestResult,
  TraceSegment,
} from '../model';
import type { DebugSettings } from '../settings';
import {
  afterUnusableReply,
  fixFailedPreamble,
  rejectedFixMessage,
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
import { countPassed, firstFailing } from './visibleTests';
import { Conversation } from './conversation';
import { fitRequest } from './verdictRequest';
import { verdictsFrom } from './replyReading';
import { fixRound, readFix, roundCode, roundFixRequest } from './fixRound';
import { fileEdits, firstVersion, withFix } from './programVersion';
import { runVersionTests, traceVersion, type VersionRunContext } from './versionRuns';
import type { DebugRequest, FirstFailingRequest, ProgramTests } from './request';

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
  const version = firstVersion(source, await textOnDisk(req.path));
  const ctx = runContext(req);
  const runPlainly = (some: TestCase[]): Promise<TestResult[]> => {
    progress({ kind: 'running-tests', count: some.length });
    return runVersionTests(version, some, ctx);
  };
  // A collected test is traced across the project's files; any other needs the entry in the file.
  const traceable = (test: TestCase): boolean => test.origin === 'collected' || entry !== undefined;
  if (!tests.some(traceable)) return { source, tests, results: await runPlainly(tests) };

  // The report is assembled (its prompt's tokens counted) only when it is wanted.
  type Traced = { run?: RunResult; report: () => { report?: TraceReport } };
  const trace = async (test: TestCase): Promise<Traced> => {
    progress({ kind: 'tracing', test: test.label });
    if (test.origin === 'collected') {
      const { run, report } = await traceVersion(version, test, req.functionName, ctx);
      return {
        ...(run ? { run } : {}),
        report: () => {
          if (!report) return {};
          progress({ kind: 'traced-run', source: report.source, entry: report.entry, test, run: report.run });
          return { report };
        },
      };
    }
    const run = await runTest({
      source,
      test,
      settings: req.settings,
      assets: req.assets,
      level: req.settings.level,
      ...(req.cwd !== undefined ? { cwd: req.cwd } : {}),
      ...signalOf(req),
    });
    return {
      run,
      report: () => {
        progress({ kind: 'traced-run', source, entry: entry!, test, run });
        const report = assembleTrace({
          source,
          entry: entry!,
          test,
          run,
          settings: req.settings,
          ...(req.redact ? { redact: req.redact } : {}),
        });
        return { report };
      },
    };
  };
  const first = tests[0];
  const firstTrace: Traced = traceable(first) ? await trace(first) : { report: () => ({}) };
  const results: TestResult[] = firstTrace.run
    ? [{ test: first.id, label: first.label, outcome: firstTrace.run.outcome }]
    : await runPlainly([first]);
  if (results[0].outcome.status !== 'passed') return { source, tests, results, ...firstTrace.report() };
  if (tests.length > 1) results.push(...(await runPlainly(tests.slice(1))));
  const failing = firstFailing(results);
  const test = failing && tests.find((t) => t.id === failing.test);
  if (test) return { source, tests, results, ...(traceable(test) ? (await trace(test)).report() : {}) };
  return { source, tests, results, ...(req.traceWhenAllPass ? firstTrace.report() : {}) };
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
  const ctx = runContext(req);
  const parse = (path: string, text: string) => parseSource({ path, text, wasmDir: wasmDir(req.assets) });

  let version = firstVersion(source, await textOnDisk(req.path));
  try {
    progress({ kind: 'running-tests', iteration: 1 });
    let results = await runVersionTests(version, tests, ctx);
    if (countPassed(results) === tests.length) {
      session.iterations.push({ index: 1, code: source.text, results, exchanges: [], verdicts: [], ms: 0 });
      session.finalCode = source.text;
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
        code: version.main.text,
        results,
        tracedTest: failingTest.id,
        outcome: failing.outcome,
        exchanges: [],
        verdicts: [],
        ms: 0,
      };
      session.iterations.push(iteration);

      // A collected test is traced across the project's files; where it goes wrong is the entry,
      // unless the user named one.
      const collected = failingTest.origin === 'collected';
      progress({ kind: 'tracing', test: failingTest.label });
      const { report } = await traceVersion(
        version,
        failingTest,
        collected ? req.functionName : entryName,
        ctx,
      );
      if (report) {
        progress({ kind: 'traced', report });
        iteration.tracePrompt = report.prompt;
        iteration.visits = report.run.visits;
        iteration.segments = report.segments;
        iteration.outcome = report.run.outcome;
        if (collected && index === 1) session.function = report.entry.qualifiedName;
      }
      const round = fixRound(version, report, entryName, req.path);
      const request = fitRequest(
        report?.source ?? version.main,
        roundCode(round, words),
        failingTest,
        report,
        results,
        req,
        conversation,
        preamble,
      );
      progress({ kind: 'asking', what: 'verdicts', model: req.llm.description });
      const blocks = report ? report.trace.segments.map(blockOf) : [];
      const verdicts = await conversation.ask(
        'verdicts',
        request,
        (reply) => verdictsFrom(reply, blocks),
        iteration.exchanges,
      );
      let fixAsk = roundFixRequest(round, words);
      if (verdicts.ok) {
        iteration.verdicts = verdicts.value;
        progress({ kind: 'verdicts', verdicts: iteration.verdicts, ...(report ? { report } : {}) });
      } else {
        // LDB asks for the fix whatever the verdict reply said: so do we, telling the model why.
        iteration.unreadableVerdicts = problemReason(verdicts.problem);
        progress({ kind: 'unusable-reply', what: 'verdicts', reason: iteration.unreadableVerdicts });
        fixAsk = afterUnusableReply(iteration.unreadableVerdicts, fixAsk);
      }

      progress({ kind: 'asking', what: 'fix', model: req.llm.description });
      const placed = await conversation.ask(
        'fix',
        fixAsk,
        (reply) => readFix(reply, round, req.assets, req.fixReplacesProgram),
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
      // The fix runs on copies of the files it changes: the user's files stay as they are.
      const next = await withFix(version, placed.value, parse);
      const fixResults = await runVersionTests(next, tests, ctx);
      const passed = countPassed(fixResults);
      progress({ kind: 'verifying', passed, total: tests.length });
      const code = next.main.text;
      const files = fileEdits(next);
      iteration.fix = { code, results: fixResults, files };
      iteration.ms = Math.round(performance.now() - iterationStarted);
      if (passed === tests.length) {
        progress({ kind: 'proposal', code, results: fixResults, files });
        const review = req.review
          ? await req.review({ code, results: fixResults, session, files })
          : { accept: true as const };
        if (review.accept) {
          session.finalCode = code;
          session.finalFiles = files;
          return finish('fixed');
        }
        iteration.rejected = review.reason ?? '';
        conversation.tell(rejectedFixMessage(review.reason));
        preamble = fixFailedPreamble(countPassed(results), tests.length);
        continue; // the same failing program again, with the user's word in the conversation
      }
      version = next;
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

/** A traced segment as a verdict's target; one of another file than the entry's says which. */
function blockOf(s: TraceSegment): { label: string; startLine: number; endLine: number; file?: string } {
  const at = s.function.lastIndexOf('::');
  return {
    label: s.label,
    startLine: s.startLine,
    endLine: s.endLine,
    ...(at >= 0 ? { file: s.function.slice(0, at) } : {}),
  };
}

function runContext(req: ProgramTests): VersionRunContext {
  return {
    settings: req.settings,
    assets: req.assets,
    ...(req.redact ? { redact: req.redact } : {}),
    ...(req.cwd !== undefined ? { cwd: req.cwd } : {}),
    ...signalOf(req),
  };
}

/** The file as it is on disk (BOM removed, as a program's text is): a buffer's text may differ. */
async function textOnDisk(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').then(
    (text) => text.replace(/^\uFEFF/, ''),
    () => undefined,
  );
}

function signalOf(req: Pick<ProgramTests, 'signal'>): { signal?: AbortSignal } {
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

/**
 * The entry by name; a program that does not parse is still debugged, so fall back on names. A
 * collected test's trace names its own entry (where it goes wrong, or `module:function`), so with
 * one the name given is kept as it is and a file without functions is no problem.
 */
function entryFunctionName(source: SourceFile, functionName: string | undefined, tests: TestCase[]): string {
  if (tests.some((t) => t.origin === 'collected')) {
    if (functionName?.includes(':')) return functionName;
    try {
      return resolveEntry(
        source,
        functionName,
        tests.find((t) => t.origin !== 'collected'),
      ).qualifiedName;
    } catch (e) {
      if (functionName !== undefined) throw e;
      return '';
    }
  }
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

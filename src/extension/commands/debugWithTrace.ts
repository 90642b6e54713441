// LDB: Debug with Trace: the LDB loop (core debugProgram) on the function at the cursor. The values
// are drawn as soon as the trace is there, the verdicts when the model answers; a fix that passes
// every visible test waits for Accept or Reject (fix/review.ts), and Reject goes back to the model.
import * as vscode from 'vscode';
import { debugProgram, type DebugProgress } from '../../core/debug/debugger';
import type { Session } from '../../core/model';
import type { TraceReport } from '../../core/trace/tracing';
import { readRedactor, readSettings } from '../config';
import { runFolderFor } from '../runFolder';
import { noticeIsolation } from '../isolationNotice';
import type { LdbContext, RunHandle } from '../context';
import { selectLlm } from '../llm/select';
import { sessionSummary } from '../statusBar';
import { asTargetArgs, resolveTarget, type Target, type TargetArgs } from '../target';
import { askForTest, visibleTests } from '../tests';
import type { DebugResult } from './results';
import { debugRunnerTest } from './runnerTest';
import { runnerTestsOf } from '../runnerTarget';

export type { DebugResult } from './results';

function progressText(e: DebugProgress, iteration: { n: number; of: number }): string | undefined {
  const prefix = iteration.n > 1 ? `Iteration ${iteration.n} of ${iteration.of}: ` : '';
  switch (e.kind) {
    case 'running-tests':
      return 'Running the tests';
    case 'iteration':
      return e.iteration > 1 ? `Iteration ${e.iteration} of ${e.of}` : undefined;
    case 'tracing':
      return `${prefix}Tracing ${e.test}`;
    case 'asking':
      return `${prefix}Asking ${e.model}${e.what === 'fix' ? ' for a fix' : ' to judge each block'}`;
    case 'verifying':
      return `${prefix}Verifying fix: ${e.passed}/${e.total} tests pass`;
    case 'unusable-reply':
      return `${prefix}The model's ${e.what === 'fix' ? 'fix' : 'verdicts'} could not be used: ${e.reason}`;
    default:
      return undefined;
  }
}

export const debugWithTrace =
  (ctx: LdbContext) =>
  async (arg?: unknown): Promise<DebugResult | undefined> => {
    ctx.startTiming();
    ctx.requireTrust('Debug with Trace');
    ctx.ensureIdle();
    const args = asTargetArgs(arg);
    const runner = await runnerTestsOf(ctx, args);
    if (runner) return debugRunnerTest(ctx, runner);
    const target = await resolveTarget(ctx.parse, args);
    const tests = await visibleTests(ctx.testsDeps, target, args.tests);
    const { document, fn } = target;
    const settings = await readSettings(document.uri);
    noticeIsolation(ctx.notify, settings);
    const redact = readRedactor(document.uri);
    const selected = await selectLlm(ctx.extension.secrets, (e) => {
      ctx.log.warn(`model call failed (${e.reason}); retry ${e.retry} in ${e.delayMs} ms`);
      ctx.current?.report(`The model failed (${e.reason}); retrying in ${Math.ceil(e.delayMs / 1000)} s`);
    });
    const llm = selected;
    ctx.log.info(
      `Debug with Trace: ${target.name} ${fn.qualifiedName}, ${tests.length} test(s), model ${llm.description}`,
    );

    const session = await ctx.withRun('debug', `Debug ${fn.name} with Trace`, (run) =>
      runSession(ctx, run, target, {
        text: target.text,
        version: target.version,
        tests,
        settings,
        llm,
        ...(redact ? { redact } : {}),
      }),
    );
    ctx.setLastSession(session);
    ctx.status.session(session);
    ctx.log.info(
      `session ${session.status}: ${fn.qualifiedName} in ${target.name}; model ${session.model ?? '-'}; ` +
        `${session.iterations.length} iteration(s); tokens ${session.tokens.prompt} prompt + ` +
        `${session.tokens.completion} completion${session.tokens.estimated ? ' (estimated)' : ''}; ${session.ms} ms`,
    );
    for (const it of session.iterations)
      for (const x of it.exchanges) ctx.log.trace(`[iteration ${it.index}, ${x.purpose}] reply:\n${x.reply}`);
    tellOutcome(ctx, target, session, args);
    return { status: session.status };
  };

async function runSession(
  ctx: LdbContext,
  run: RunHandle,
  target: Target,
  p: {
    text: string;
    version: number;
    tests: Parameters<typeof debugProgram>[0]['tests'];
    settings: Parameters<typeof debugProgram>[0]['settings'];
    llm: Parameters<typeof debugProgram>[0]['llm'];
    redact?: (value: string) => string;
  },
): Promise<Session> {
  const { document, fn } = target;
  const iteration = { n: 1, of: p.settings.maxIters };
  return debugProgram({
    path: document.uri.fsPath,
    text: p.text,
    functionName: fn.qualifiedName,
    tests: p.tests,
    settings: p.settings,
    assets: ctx.assets,
    cwd: runFolderFor(document.uri),
    llm: p.llm,
    ...(p.redact ? { redact: p.redact } : {}),
    signal: run.signal,
    onProgress: (e) => {
      if (e.kind === 'iteration') Object.assign(iteration, { n: e.iteration, of: e.of });
      const message = progressText(e, iteration);
      if (message) run.report(message);
      // Only a trace of the document's own text can be drawn on it (later iterations trace a fix),
      // and only while the document is still that text.
      const current = document.version === p.version;
      if (e.kind === 'traced') {
        const ran = e.report.run.interpreter;
        if (ran) ctx.log.info(`traced ${e.report.test.label} with ${ran.path} (Python ${ran.version})`);
        if (current && e.report.source.text === p.text) ctx.showTrace(document.uri, ownVisits(e.report));
        else ctx.setLastTrace({ uri: document.uri, report: e.report, verdicts: [] });
      }
      if (e.kind === 'verdicts') {
        if (e.report && ctx.lastTrace?.report === e.report) ctx.lastTrace.verdicts = e.verdicts;
        // Verdicts on blocks of other modules (a trace across them) say their file: not this one's lines.
        const own = e.verdicts.filter((v) => v.file === undefined);
        if (current && e.report?.source.text === p.text) ctx.marks.setVerdicts(document.uri, own);
      }
    },
    review: ({ code, results, files }) => {
      const passed = results.filter((r) => r.outcome.status === 'passed').length;
      run.report(`The fix passes ${passed}/${results.length} tests: Accept or Reject it`);
      const here = document.uri.fsPath;
      return ctx.fixes.propose({
        document,
        version: p.version,
        baseText: p.text,
        code,
        results,
        functionName: fn.qualifiedName,
        others: files
          .filter((f) => f.path !== here)
          .map((f) => ({ uri: vscode.Uri.file(f.path), baseText: f.original, code: f.code })),
      });
    },
  });
}

/** A trace across modules drawn on the entry's document: only the visits of that file. */
function ownVisits(report: TraceReport): TraceReport {
  if (report.entryFile === undefined) return report;
  const visits = report.run.visits.filter((v) => v.file === undefined || v.file === report.entryFile);
  return { ...report, run: { ...report.run, visits } };
}

function tellOutcome(ctx: LdbContext, target: Target, session: Session, args: TargetArgs): void {
  const { fn, name } = target;
  const summary = sessionSummary(session);
  const showTrace = { title: 'Show Trace', run: () => ctx.runCommand('ldb.showTrace') };
  switch (session.status) {
    case 'fixed': {
      const last = session.iterations[session.iterations.length - 1];
      const results = last?.fix?.results ?? [];
      const passed = results.filter((r) => r.outcome.status === 'passed').length;
      const files = session.finalFiles?.map((f) => vscode.workspace.asRelativePath(f.path)).join(', ');
      ctx.notify.info(
        `fixed ${fn.name}: the fix passes ${passed}/${results.length} tests and was applied to ${files || name} (Undo reverts it). ${summary}.`,
      );
      return;
    }
    case 'not-fixed':
      ctx.notify.warn(
        `no fix for ${fn.name} passed every test in ${session.iterations.length} iteration(s); ${name} was not changed. ${summary}.`,
        showTrace,
        { title: 'Export Session', run: () => ctx.runCommand('ldb.exportSession') },
      );
      return;
    case 'already-passing':
      ctx.notify.info(`all ${session.tests.length} tests of ${fn.name} pass: nothing to debug.`, {
        title: 'Type a Failing Test',
        run: async () => {
          const typed = await askForTest(ctx.testsDeps, target, `Every test of ${fn.name} passes.`);
          if (typed !== undefined)
            await ctx.runCommand('ldb.debugWithTrace', {
              ...args,
              uri: target.document.uri,
              function: fn.qualifiedName,
              tests: ['given:0'],
            });
        },
      });
      return;
    case 'cancelled':
      if (!ctx.fixes.takeRefusedStale())
        ctx.notify.info(`Debug with Trace cancelled; ${name} was not changed.`);
      return;
    case 'error':
      ctx.notify.error(
        `the model failed: ${session.error ?? 'no answer'}; ${name} was not changed.`,
        showTrace,
      );
      return;
  }
}

// Every command of package.json, by id, as a factory over the context. Each handler runs inside
// one error boundary: a command that cannot work says why in one line (report.ts) and resolves to
// undefined; it never throws into VS Code.
import * as vscode from 'vscode';
import type { LdbContext } from '../context';
import { reportError } from '../report';
import type { TraceDocuments } from '../traceDocument';
import { debugWithTrace } from './debugWithTrace';
import { selectModel, setApiKey } from './models';
import { acceptFix, clear, exportSession, rejectFix, showTrace } from './small';
import { traceOnly } from './traceOnly';

type Handler = (...args: unknown[]) => unknown;

export function commandTable(
  ctx: LdbContext,
  docs: TraceDocuments,
): Record<string, { title: string; run: Handler }> {
  return {
    'ldb.debugWithTrace': { title: 'Debug with Trace', run: debugWithTrace(ctx) },
    'ldb.traceOnly': { title: 'Trace Only', run: traceOnly(ctx) },
    'ldb.showTrace': { title: 'Show Trace', run: showTrace(ctx, docs) },
    'ldb.acceptFix': { title: 'Accept Fix', run: acceptFix(ctx) },
    'ldb.rejectFix': { title: 'Reject Fix', run: rejectFix(ctx) },
    'ldb.clear': { title: 'Clear', run: clear(ctx) },
    'ldb.setApiKey': { title: 'Set API Key', run: setApiKey(ctx) },
    'ldb.selectModel': { title: 'Select Model', run: selectModel(ctx) },
    'ldb.exportSession': { title: 'Export Session', run: exportSession(ctx) },
  };
}

export function registerCommands(ctx: LdbContext, docs: TraceDocuments): vscode.Disposable[] {
  return Object.entries(commandTable(ctx, docs)).map(([id, { title, run }]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (error) {
        reportError(ctx.notify, ctx.log, error, title);
        return undefined;
      }
    }),
  );
}

// The small commands: Show Trace, Accept / Reject Fix, Clear, Export Session.
import * as vscode from 'vscode';
import { badInput } from '../../core/errors';
import type { LdbContext } from '../context';
import type { TraceDocuments } from '../traceDocument';

export const showTrace = (ctx: LdbContext, docs: TraceDocuments) => async (): Promise<string | undefined> => {
  const last = ctx.lastTrace;
  if (!last) throw badInput('there is no trace yet: run Trace Only or Debug with Trace first');
  const editor = await docs.open(last.uri, last.report, last.verdicts);
  return editor.document.uri.toString();
};

export const acceptFix = (ctx: LdbContext) => (): Promise<boolean> => ctx.fixes.accept();

/** From a lens or menu: asks for a reason. With a string (keybinding args, tests): that reason. */
export const rejectFix =
  (ctx: LdbContext) =>
  (arg?: unknown): Promise<boolean> =>
    ctx.fixes.reject(
      typeof arg === 'string'
        ? arg
        : arg && typeof arg === 'object' && typeof (arg as { reason?: unknown }).reason === 'string'
          ? (arg as { reason: string }).reason
          : undefined,
    );

/** Stops the current run (it then says it was cancelled) and removes every mark. */
export const clear = (ctx: LdbContext) => (): void => ctx.clear();

/** Saves the last session as JSON (`ldb replay FILE` prints it). A Uri argument skips the dialog. */
export const exportSession =
  (ctx: LdbContext) =>
  async (arg?: unknown): Promise<string | undefined> => {
    const session = ctx.lastSession;
    if (!session) throw badInput('there is no session to export yet: run Debug with Trace first');
    const name = session.file.slice(session.file.lastIndexOf('/') + 1).replace(/\.[^./\\]+$/, '');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target =
      arg instanceof vscode.Uri
        ? arg
        : typeof arg === 'string'
          ? vscode.Uri.file(arg)
          : await vscode.window.showSaveDialog({
              title: 'LDB: Export Session',
              ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${name}.ldb-session.json`) } : {}),
              filters: { 'LDB session': ['json'] },
            });
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(
      target,
      new TextEncoder().encode(JSON.stringify(session, null, 1) + '\n'),
    );
    ctx.notify.info(`session saved to ${vscode.workspace.asRelativePath(target)} (ldb replay reads it).`);
    return target.fsPath;
  };

// Every failure a command meets ends here and becomes one line for the user: LdbError reasons map
// to a message and, where one helps, a button; anything else is a bug of ours, shown in one line
// with its stack in the log. Never a stack trace in a message, never a modal.
import * as vscode from 'vscode';
import { isLdbError } from '../core/errors';
import type { Notifier } from './notify';

/** Absolute paths of the workspace in core messages, made relative (what the user sees in the explorer). */
export function relativePaths(text: string): string {
  let out = text;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    out = out.split(`${folder.uri.fsPath}/`).join('');
  }
  return out;
}

export const openSettings = (query: string) => (): Thenable<unknown> =>
  vscode.commands.executeCommand('workbench.action.openSettings', query);

export function reportError(
  notify: Notifier,
  log: vscode.LogOutputChannel,
  error: unknown,
  what: string,
): void {
  if (isLdbError(error)) {
    const text = relativePaths(error.message.replace(/\s+/g, ' ').trim());
    switch (error.reason) {
      case 'cancelled':
        notify.info(`${what} cancelled; nothing was changed.`);
        return;
      case 'no-llm':
        notify.warn(text, { title: 'Configure', run: openSettings('ldb.llm') });
        return;
      case 'interpreter':
        notify.error(text, { title: 'Configure', run: openSettings('ldb.python') });
        return;
      case 'bad-input':
        notify.warn(text);
        return;
      case 'llm':
        notify.error(`the model failed: ${text}`, { title: 'Show Log', run: () => log.show(true) });
        return;
      default:
        break;
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  log.error(`${what} failed:`, error instanceof Error ? (error.stack ?? message) : message);
  notify.error(`${what} failed: ${message.split('\n')[0]} (details in the LDB log)`, {
    title: 'Show Log',
    run: () => log.show(true),
  });
}

// Where the code LDB runs cannot be isolated (no bubblewrap, or no user namespaces) and
// `ldb.run.isolation` is `auto`, the user is told once per window, with the way to change it.
import * as vscode from 'vscode';
import { isolationWarning } from '../core/run/isolation';
import type { DebugSettings } from '../core/settings';
import type { Notifier } from './notify';

let told = false;

export function noticeIsolation(notify: Notifier, settings: Pick<DebugSettings, 'isolation'>): void {
  const warning = isolationWarning(settings.isolation);
  if (warning === undefined || told) return;
  told = true;
  notify.warn(`${warning.charAt(0).toUpperCase()}${warning.slice(1)}.`, {
    title: 'Isolation Setting',
    run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'ldb.run.isolation'),
  });
}

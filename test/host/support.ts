// Helpers shared by the host test files: the extension's internal test API, the fixture workspace,
// settings, and waiting for what the extension shows.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import manifest from '../../package.json';
import type { LdbExtensionApi, TestingState } from '../../src/extension/testApi';

export const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

export async function ldb(): Promise<LdbExtensionApi> {
  const ext = vscode.extensions.getExtension<LdbExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  return ext.isActive ? ext.exports : ext.activate();
}

export async function state(): Promise<TestingState> {
  return (await ldb()).testing.state();
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder.uri.fsPath;
}

export function fixtureUri(name: string): vscode.Uri {
  return vscode.Uri.file(join(workspaceDir(), name));
}

export function diskText(name: string): string {
  return readFileSync(join(workspaceDir(), name), 'utf8');
}

/** Opens a workspace file in the active editor with the cursor on `line` (1-based). */
export async function openAt(name: string, line: number): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
  const editor = await vscode.window.showTextDocument(doc, {
    preview: false,
    viewColumn: vscode.ViewColumn.One,
  });
  const pos = new vscode.Position(line - 1, 0);
  editor.selection = new vscode.Selection(pos, pos);
  return editor;
}

/** Polls until `probe` returns something truthy (its value), or fails with `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) {
      const why = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sets `ldb.*` settings in the workspace (undefined removes one). */
export async function configure(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('ldb');
  for (const [key, value] of Object.entries(values)) {
    await config.update(key, value, vscode.ConfigurationTarget.Workspace);
  }
}

/** Messages shown since `from` (a count of messageCount()'s). */
export async function messagesSince(from: number): Promise<TestingState['messages']> {
  const { messages, messagesShown } = await state();
  // The extension keeps only the last few: those shown since `from` are the list's last ones.
  const since = messagesShown - from;
  return since <= 0 ? [] : messages.slice(-since);
}

/** Messages shown so far in this window (the extension keeps only the last few of them). */
export async function messageCount(): Promise<number> {
  return (await state()).messagesShown;
}

/**
 * Puts a document's original text back, on disk too: code-server saves edits after a second
 * (files.autoSave afterDelay), so a test whose edit lives that long must undo it itself.
 */
export async function restoreText(document: vscode.TextDocument, original: string): Promise<void> {
  if (document.getText() !== original) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
  }
  if (document.isDirty || readFileSync(document.uri.fsPath, 'utf8') !== original) await document.save();
}

/** Back to a clean window: no run, no marks, no editors, files as on disk. */
export async function reset(): Promise<void> {
  await vscode.commands.executeCommand('ldb.clear');
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file')) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitFor('no LDB run', async () => !(await state()).busy);
}

/**
 * Tracer processes this extension host started (children running ldb_tracer.py). Only children of
 * this process count: other test suites on the machine run the same runtime.
 */
export function tracerProcesses(): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('ldb_tracer.py')) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export function drawnOn(
  s: TestingState,
  uri: vscode.Uri,
): NonNullable<TestingState['documents'][number]['drawn']> {
  const doc = s.documents.find((d) => d.uri === uri.toString());
  assert.ok(
    doc,
    `no marks on ${uri.fsPath}; marks on: ${s.documents.map((d) => d.uri).join(', ') || 'nothing'}`,
  );
  assert.ok(doc.drawn, `marks on ${uri.fsPath} were not drawn in an editor`);
  return doc.drawn;
}

// The folder LDB runs a file's tests from, as a terminal the editor opens for it would be: the
// workspace folder that holds it, else (a file of no folder) the file's own folder. Never this
// process's working folder: the extension host's is wherever the editor was started (a home
// folder, a code-server's), so pytest's rootdir and node ids would depend on how VS Code was opened.
import { dirname } from 'node:path';
import * as vscode from 'vscode';

/** `kind` says what `uri` names: for a folder of no workspace folder, the folder itself. */
export function runFolderFor(uri: vscode.Uri, kind: 'file' | 'folder' = 'file'): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder !== undefined && folder.uri.scheme === 'file') return folder.uri.fsPath;
  return kind === 'folder' ? uri.fsPath : dirname(uri.fsPath);
}

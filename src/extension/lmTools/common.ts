// What the two language model tools share: the folders they may read (the workspace's), trust, the
// chat's cancellation as an AbortSignal, and failures as errors whose one line the model reads.
import * as vscode from 'vscode';
import { isLdbError } from '../../core/errors';

export function workspaceFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => f.uri.fsPath);
}

/** The untrusted-workspace refusal, in the words the commands use. */
export const UNTRUSTED =
  'LDB runs the code it traces, so it works only in a trusted workspace (Workspace Trust); this workspace is not trusted.';

export function abortOn(token: vscode.CancellationToken): { signal: AbortSignal; dispose: () => void } {
  const abort = new AbortController();
  if (token.isCancellationRequested) abort.abort();
  const listener = token.onCancellationRequested(() => {
    abort.abort();
  });
  return {
    signal: abort.signal,
    dispose: () => {
      listener.dispose();
    },
  };
}

/** A failure the model can act on: the one-line message (bad input), never a stack trace. */
export function toolError(e: unknown): Error {
  if (isLdbError(e)) return new Error(e.message);
  const message = e instanceof Error ? e.message : String(e);
  return new Error(`LDB internal error: ${message.split('\n')[0]}`);
}

export function textResult(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

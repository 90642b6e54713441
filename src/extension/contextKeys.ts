// The `when`-clause context keys package.json uses, set only when they change.
import * as vscode from 'vscode';

export type ContextKey = 'ldb.busy' | 'ldb.fixPending' | 'ldb.hasTrace' | 'ldb.hasSession' | 'ldb.hasMarks';

export class ContextKeys {
  private readonly values = new Map<ContextKey, boolean>();

  set(key: ContextKey, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }

  get(key: ContextKey): boolean {
    return this.values.get(key) ?? false;
  }
}

// The `when`-clause context keys package.json uses, set only when they change.
import * as vscode from 'vscode';

export type ContextKey = 'ldb.busy' | 'ldb.fixPending' | 'ldb.hasTrace' | 'ldb.hasSession' | 'ldb.hasMarks';

/**
 * The editor language ids LDB reads (the core's registry), set once at activation: menus say
 * `editorLangId in ldb.languageIds`, so a language added to the core needs no edit of their `when`.
 */
export const LANGUAGE_IDS_KEY = 'ldb.languageIds';

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

  /** Sets the list of language ids the menus test (see LANGUAGE_IDS_KEY). */
  setLanguageIds(ids: readonly string[]): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', LANGUAGE_IDS_KEY, [...ids]);
  }
}

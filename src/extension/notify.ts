// Messages to the user: one line, prefixed "LDB:", never modal, never awaited (a command must not
// hang until a toast is dismissed); buttons run their action when clicked. What was shown is kept
// (the last few) for the test API and written to the log.
import * as vscode from 'vscode';

export type Severity = 'info' | 'warning' | 'error';

export interface Action {
  title: string;
  run: () => unknown;
}

export interface ShownMessage {
  severity: Severity;
  text: string;
  actions: string[];
}

const KEEP = 50;

export class Notifier {
  /** The last KEEP messages shown. */
  readonly shown: ShownMessage[] = [];
  /** Every message shown since activation, those no longer kept included. */
  total = 0;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  info(text: string, ...actions: Action[]): void {
    this.show('info', text, actions);
  }

  warn(text: string, ...actions: Action[]): void {
    this.show('warning', text, actions);
  }

  error(text: string, ...actions: Action[]): void {
    this.show('error', text, actions);
  }

  private show(severity: Severity, raw: string, actions: Action[]): void {
    const text = raw.startsWith('LDB: ') ? raw : `LDB: ${raw}`;
    this.shown.push({ severity, text, actions: actions.map((a) => a.title) });
    this.total++;
    if (this.shown.length > KEEP) this.shown.splice(0, this.shown.length - KEEP);
    if (severity === 'error') this.log.error(text);
    else if (severity === 'warning') this.log.warn(text);
    else this.log.info(text);
    const titles = actions.map((a) => a.title);
    const shown =
      severity === 'error'
        ? vscode.window.showErrorMessage(text, ...titles)
        : severity === 'warning'
          ? vscode.window.showWarningMessage(text, ...titles)
          : vscode.window.showInformationMessage(text, ...titles);
    void Promise.resolve(shown).then(
      (picked) => actions.find((a) => a.title === picked)?.run(),
      () => undefined,
    );
  }
}

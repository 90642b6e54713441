// One status bar item: what LDB is doing now, then the tokens and time of the last session (its
// tooltip has the details; clicking it shows the trace).
import * as vscode from 'vscode';
import type { Session } from '../core/model';

function kilo(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

export function sessionSummary(session: Session): string {
  const tokens = session.tokens.prompt + session.tokens.completion;
  return `${kilo(tokens)}${session.tokens.estimated ? '~' : ''} tokens · ${(session.ms / 1000).toFixed(1)} s`;
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ldb.status', vscode.StatusBarAlignment.Left, 10);
  /** What the item showed before the run that made it spin (idle() puts it back). */
  private beforeBusy:
    { text: string; tooltip: string | vscode.MarkdownString | undefined; shown: boolean } | undefined;
  private shown = false;

  constructor() {
    this.item.name = 'LDB';
    this.item.command = 'ldb.showTrace';
  }

  busy(text: string): void {
    this.beforeBusy ??= { text: this.item.text, tooltip: this.item.tooltip, shown: this.shown };
    this.item.text = `$(loading~spin) LDB: ${text}`;
    this.item.tooltip = 'LDB is working: the notification has a Cancel button';
    this.show();
  }

  /** A run ended without a result to show (cancelled, failed, stale): back to what was shown before it. */
  idle(): void {
    const before = this.beforeBusy;
    if (!before) return;
    this.beforeBusy = undefined;
    this.item.text = before.text;
    this.item.tooltip = before.tooltip;
    if (before.shown) this.show();
    else this.hide();
  }

  traced(summary: string): void {
    this.beforeBusy = undefined;
    this.item.text = `$(debug-alt) LDB: ${summary}`;
    this.item.tooltip = 'LDB: Show Trace';
    this.show();
  }

  session(session: Session): void {
    this.beforeBusy = undefined;
    this.item.text = `$(debug-alt) LDB: ${sessionSummary(session)}`;
    const md = new vscode.MarkdownString(
      [
        `**LDB** · ${session.function} · ${session.status}`,
        '',
        `model: ${session.model ?? 'none'}`,
        '',
        `tokens: ${session.tokens.prompt} prompt + ${session.tokens.completion} completion${session.tokens.estimated ? ' (estimated)' : ''}`,
        '',
        `time: ${session.ms} ms · ${session.iterations.length} iteration(s)`,
        '',
        'Click: LDB: Show Trace',
      ].join('\n'),
    );
    this.item.tooltip = md;
    this.show();
  }

  get text(): string {
    return this.item.text;
  }

  get visible(): boolean {
    return this.shown;
  }

  /** True while the item shows a run in progress. */
  get spinning(): boolean {
    return this.beforeBusy !== undefined;
  }

  private show(): void {
    this.shown = true;
    this.item.show();
  }

  hide(): void {
    this.beforeBusy = undefined;
    this.shown = false;
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}

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

  constructor() {
    this.item.name = 'LDB';
    this.item.command = 'ldb.showTrace';
  }

  busy(text: string): void {
    this.item.text = `$(loading~spin) LDB: ${text}`;
    this.item.tooltip = 'LDB is working: the notification has a Cancel button';
    this.item.show();
  }

  traced(summary: string): void {
    this.item.text = `$(debug-alt) LDB: ${summary}`;
    this.item.tooltip = 'LDB: Show Trace';
    this.item.show();
  }

  session(session: Session): void {
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
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}

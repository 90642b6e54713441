// CodeLens: "Debug with Trace | Trace" above each Python function (not nested ones), and, while a
// verified fix waits, "Accept fix (passes n/m) | Reject | Show diff" above the lines it replaces.
import * as vscode from 'vscode';
import { codeLensEnabled } from './config';
import type { LdbContext } from './context';

export class LdbCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly ctx: LdbContext) {
    this.subscriptions = [
      this.changed,
      ctx.fixes.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ldb.codeLens')) this.changed.fire();
      }),
    ];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const lenses: vscode.CodeLens[] = [];
    const pending = this.ctx.fixes.pending;
    const fix =
      pending && pending.uri.toString() === document.uri.toString()
        ? this.ctx.marks.get(document.uri)?.fix
        : undefined;
    if (pending && fix) {
      const at = new vscode.Range(fix.anchorLine - 1, 0, fix.anchorLine - 1, 0);
      lenses.push(
        new vscode.CodeLens(at, {
          title: `$(check) Accept LDB fix (${pending.summary})`,
          command: 'ldb.acceptFix',
        }),
        new vscode.CodeLens(at, { title: '$(close) Reject', command: 'ldb.rejectFix' }),
        new vscode.CodeLens(at, {
          title: 'Show diff',
          command: 'vscode.diff',
          arguments: [pending.uri, pending.fixUri, `LDB fix (${pending.summary})`, { preview: true }],
        }),
      );
    }
    if (!codeLensEnabled()) return lenses;
    let source;
    try {
      source = await this.ctx.parse.source(document);
    } catch {
      return lenses; // not a file LDB can read: no lenses, and nothing to say until a command runs
    }
    const names = new Set(source.functions.map((f) => f.qualifiedName));
    for (const fn of source.functions) {
      if (fn.parent !== undefined && names.has(fn.parent)) continue; // nested in a function
      const at = new vscode.Range(fn.defLine - 1, 0, fn.defLine - 1, 0);
      const args = [{ uri: document.uri.toString(), function: fn.qualifiedName }];
      lenses.push(
        new vscode.CodeLens(at, {
          title: '$(debug-alt) Debug with Trace',
          command: 'ldb.debugWithTrace',
          arguments: args,
        }),
        new vscode.CodeLens(at, { title: 'Trace', command: 'ldb.traceOnly', arguments: args }),
      );
    }
    return lenses;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

// CodeLens: "Debug with Trace | Trace" above each function of a file LDB reads (not nested ones);
// above a test the project's runner collects (a pytest test function), "Debug with Trace | Trace
// this test", which trace into the project's code (runnerTarget.ts); while a verified fix waits,
// "Accept fix (passes n/m) | Reject | Show diff" above the lines it replaces.
import * as vscode from 'vscode';
import { collectedFrom } from './collectedTree';
import { codeLensEnabled } from './config';
import type { LdbContext } from './context';
import { runnerCollects } from './runnerTests';

export class LdbCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly ctx: LdbContext) {
    this.subscriptions = [
      this.changed,
      ctx.fixes.onDidChange(() => this.changed.fire()),
      ctx.runnerTests.onDidChange(() => this.changed.fire()),
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
    // A test file's collected tests: listed in the background when they never were (the lenses follow).
    const collected = runnerCollects(document) ? this.ctx.runnerTests.of(document.uri) : [];
    if (collected === undefined) this.ctx.runnerTests.schedule(document.uri);
    const names = new Set(source.functions.map((f) => f.qualifiedName));
    for (const fn of source.functions) {
      if (fn.parent !== undefined && names.has(fn.parent)) continue; // nested in a function
      const at = new vscode.Range(fn.defLine - 1, 0, fn.defLine - 1, 0);
      const args = [{ uri: document.uri.toString(), function: fn.qualifiedName }];
      const isTest = collected?.some((t) => collectedFrom(t, fn)) === true;
      lenses.push(
        new vscode.CodeLens(at, {
          title: '$(debug-alt) Debug with Trace',
          command: 'ldb.debugWithTrace',
          arguments: args,
        }),
        new vscode.CodeLens(at, {
          title: isTest ? 'Trace this test' : 'Trace',
          command: 'ldb.traceOnly',
          arguments: args,
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

// The marks of every document, kept current as documents change: an edit inside a traced function
// clears that document's marks (the code under them changed), an edit above them moves them, an
// edit below leaves them. Decorations, diagnostics, hovers, lenses and the test API listen here.
import * as vscode from 'vscode';
import type { Verdict } from '../../core/model';
import { shiftMarks, withVerdicts, type DocMarks, type FixMark } from './model';

export class MarksStore implements vscode.Disposable {
  private readonly byUri = new Map<string, DocMarks>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires with the document whose marks changed (undefined: all of them). */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      this.changed,
      vscode.workspace.onDidChangeTextDocument((e) => this.edited(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.delete(d.uri)),
    ];
  }

  get(uri: vscode.Uri): DocMarks | undefined {
    return this.byUri.get(uri.toString());
  }

  entries(): [vscode.Uri, DocMarks][] {
    return [...this.byUri].map(([k, v]) => [vscode.Uri.parse(k), v]);
  }

  get size(): number {
    return this.byUri.size;
  }

  set(uri: vscode.Uri, marks: DocMarks): void {
    this.byUri.set(uri.toString(), marks);
    this.changed.fire(uri);
  }

  setVerdicts(uri: vscode.Uri, verdicts: readonly Verdict[]): void {
    const marks = this.get(uri);
    if (marks) this.set(uri, withVerdicts(marks, verdicts));
  }

  setFix(uri: vscode.Uri, fix: FixMark | undefined): void {
    const marks = this.get(uri);
    if (!marks) return;
    const next: DocMarks = { ...marks };
    if (fix) next.fix = fix;
    else delete next.fix;
    this.set(uri, next);
  }

  delete(uri: vscode.Uri): void {
    if (this.byUri.delete(uri.toString())) this.changed.fire(uri);
  }

  clear(): void {
    if (this.byUri.size === 0) return;
    this.byUri.clear();
    this.changed.fire(undefined);
  }

  private edited(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const before = this.byUri.get(key);
    let marks = before;
    if (!marks || e.contentChanges.length === 0) return;
    // The changes of one event come bottom-up, each in the coordinates the previous ones left.
    for (const c of e.contentChanges) {
      marks = shiftMarks(marks, {
        startLine: c.range.start.line + 1,
        endLine: c.range.end.line + 1,
        removedBreaks: c.range.end.line - c.range.start.line,
        addedBreaks: (c.text.match(/\n/g) ?? []).length,
      });
      if (!marks) break;
    }
    if (marks === before) return; // an edit below every mark: nothing moved, nothing to redraw
    if (marks) this.byUri.set(key, marks);
    else this.byUri.delete(key);
    this.changed.fire(e.document.uri);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

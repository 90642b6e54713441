// A block the model judged wrong becomes a diagnostic (Problems panel, source "LDB") with the
// model's explanation, kept in step with the marks (moved or cleared with them).
import * as vscode from 'vscode';
import type { DocMarks } from './marks/model';
import type { MarksStore } from './marks/store';

export const DIAGNOSTIC_SOURCE = 'LDB';

function blockRange(doc: vscode.TextDocument | undefined, startLine: number, endLine: number): vscode.Range {
  if (!doc) return new vscode.Range(startLine - 1, 0, endLine - 1, Number.MAX_SAFE_INTEGER);
  const first = doc.lineAt(Math.min(startLine, doc.lineCount) - 1);
  const last = doc.lineAt(Math.min(endLine, doc.lineCount) - 1);
  return new vscode.Range(
    first.range.start.translate(0, first.firstNonWhitespaceCharacterIndex),
    last.range.end,
  );
}

export function diagnosticsFor(doc: vscode.TextDocument | undefined, marks: DocMarks): vscode.Diagnostic[] {
  return marks.blocks
    .filter((b) => b.state === 'wrong')
    .map((b) => {
      const explanation = b.explanations.join(' ') || 'the model judged this block wrong';
      const d = new vscode.Diagnostic(
        blockRange(doc, b.startLine, b.endLine),
        `${explanation} (${b.visits
          .map((v) => v.label)
          .slice(0, 3)
          .join(', ')}${b.visits.length > 3 ? ', …' : ''} on ${marks.testLabel})`,
        vscode.DiagnosticSeverity.Warning,
      );
      d.source = DIAGNOSTIC_SOURCE;
      d.code = 'wrong-block';
      return d;
    });
}

export function registerDiagnostics(marks: MarksStore): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('ldb');
  const update = (uri: vscode.Uri | undefined): void => {
    const targets = uri ? [uri] : [...marks.entries().map(([u]) => u)];
    if (!uri) collection.clear();
    for (const u of targets) {
      const m = marks.get(u);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === u.toString());
      if (m) collection.set(u, diagnosticsFor(doc, m));
      else collection.delete(u);
    }
  };
  return vscode.Disposable.from(collection, marks.onDidChange(update));
}

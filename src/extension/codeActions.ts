// "Apply LDB fix" as a quick fix on the faulty block (and on the lines the fix replaces) while a
// verified fix waits for review.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import type { LdbContext } from './context';
import { SOURCE_FILES } from './target';

export function registerCodeActions(ctx: LdbContext): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    SOURCE_FILES,
    {
      provideCodeActions(document, range) {
        const pending = ctx.fixes.pending;
        if (!pending?.files.some((f) => f.uri.toString() === document.uri.toString())) return [];
        const marks = ctx.marks.get(document.uri);
        const lines = new Set<number>([
          ...(marks?.fix?.lines ?? []),
          ...(marks?.fix?.proposed.map((p) => p.line) ?? []),
        ]);
        for (const b of marks?.blocks ?? [])
          if (b.state === 'wrong') for (let l = b.startLine; l <= b.endLine; l++) lines.add(l);
        let hit = false;
        for (let l = range.start.line + 1; l <= range.end.line + 1; l++) if (lines.has(l)) hit = true;
        if (!hit) return [];
        const action = new vscode.CodeAction(
          `Apply LDB fix (${pending.summary})`,
          vscode.CodeActionKind.QuickFix,
        );
        action.command = { title: 'Apply LDB fix', command: 'ldb.acceptFix' };
        // It resolves every LDB diagnostic of the document, not only those under the cursor.
        action.diagnostics = vscode.languages
          .getDiagnostics(document.uri)
          .filter((d) => d.source === DIAGNOSTIC_SOURCE);
        action.isPreferred = true;
        return [action];
      },
    },
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );
}

// Hovering a traced block shows every visit of it (loop iterations, recursion depths) as a table
// of the state before and after, with the model's verdict when there is one.
import * as vscode from 'vscode';
import { hoverMarkdown } from './marks/layout';
import type { MarksStore } from './marks/store';
import { SOURCE_FILES } from './target';

export function registerHovers(marks: MarksStore): vscode.Disposable {
  return vscode.languages.registerHoverProvider(SOURCE_FILES, {
    provideHover(document, position) {
      const m = marks.get(document.uri);
      if (!m) return undefined;
      const line = position.line + 1;
      const here = m.blocks.filter((b) => b.startLine <= line && line <= b.endLine);
      if (here.length === 0) return undefined;
      const contents = here.map((b) => {
        const md = new vscode.MarkdownString(hoverMarkdown(b));
        md.supportHtml = false;
        return md;
      });
      const start = Math.min(...here.map((b) => b.startLine));
      const end = Math.max(...here.map((b) => b.endLine));
      return new vscode.Hover(
        contents,
        new vscode.Range(start - 1, 0, end - 1, document.lineAt(end - 1).text.length),
      );
    },
  });
}

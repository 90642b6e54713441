// The drawing step: a document's Layout (marks/layout.ts) onto every visible editor of it. Redrawn
// when the marks change and when editors become visible; what was last drawn is kept per document
// for the test API.
import * as vscode from 'vscode';
import { layout, type Layout } from '../marks/layout';
import type { MarksStore } from '../marks/store';
import {
  createDecorationTypes,
  disposeDecorationTypes,
  type DecorationKind,
  type DecorationTypes,
} from './types';

export interface Drawn {
  /** Per decoration kind, the lines (1-based) and texts drawn. */
  kinds: Partial<Record<DecorationKind, { line: number; text?: string }[]>>;
  /** When it was drawn (performance.now()). */
  at: number;
}

const GUTTER_KINDS: DecorationKind[] = [
  'gutter.traced',
  'gutter.correct',
  'gutter.unknown',
  'gutter.wrong',
  'gutter.raised',
];

export class DecorationRenderer implements vscode.Disposable {
  private types: DecorationTypes | undefined;
  private readonly drawn = new Map<string, Drawn>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly marks: MarksStore,
  ) {
    this.subscriptions = [
      marks.onDidChange((uri) => this.redraw(uri)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.redraw(undefined)),
    ];
  }

  /** What was last drawn for a document (undefined: nothing). */
  drawnFor(uri: vscode.Uri): Drawn | undefined {
    return this.drawn.get(uri.toString());
  }

  private redraw(uri: vscode.Uri | undefined): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (uri && editor.document.uri.toString() !== uri.toString()) continue;
      this.draw(editor);
    }
    if (uri && !this.marks.get(uri)) this.drawn.delete(uri.toString());
    if (!uri)
      for (const key of [...this.drawn.keys()])
        if (!this.marks.get(vscode.Uri.parse(key))) this.drawn.delete(key);
  }

  private draw(editor: vscode.TextEditor): void {
    const marks = this.marks.get(editor.document.uri);
    if (!marks && !this.types) return;
    this.types ??= createDecorationTypes(this.extensionUri);
    const plan = marks ? layout(marks) : undefined;
    const doc = editor.document;
    const lineRange = (line: number): vscode.Range | undefined => {
      if (line < 1 || line > doc.lineCount) return undefined;
      return doc.lineAt(line - 1).range;
    };
    const atEnd = (line: number): vscode.Range | undefined => {
      const r = lineRange(line);
      return r ? new vscode.Range(r.end, r.end) : undefined;
    };
    const kinds: Drawn['kinds'] = {};
    /** The line's text without its indentation (what a strike-through should cross). */
    const textRange = (line: number): vscode.Range | undefined => {
      const r = lineRange(line);
      if (!r) return undefined;
      const indent = doc.lineAt(line - 1).firstNonWhitespaceCharacterIndex;
      return new vscode.Range(r.start.translate(0, Math.min(indent, r.end.character)), r.end);
    };
    const set = (
      kind: DecorationKind,
      items: { line: number; text?: string }[],
      where: 'eol' | 'line' | 'text',
    ): void => {
      const options: vscode.DecorationOptions[] = [];
      const shown: { line: number; text?: string }[] = [];
      for (const item of items) {
        const range =
          where === 'eol' ? atEnd(item.line) : where === 'text' ? textRange(item.line) : lineRange(item.line);
        if (!range) continue;
        options.push(
          item.text !== undefined
            ? { range, renderOptions: { after: { contentText: item.text } } }
            : { range },
        );
        shown.push(item);
      }
      editor.setDecorations(this.types![kind], options);
      if (shown.length > 0) kinds[kind] = shown;
    };
    const p: Layout = plan ?? { gutter: [], values: [], wrongLines: [], fixLines: [], fixText: [] };
    for (const kind of GUTTER_KINDS) {
      const state = kind.slice('gutter.'.length);
      set(
        kind,
        p.gutter.filter((g) => g.state === state).map((g) => ({ line: g.line })),
        'line',
      );
    }
    set('values', p.values, 'eol');
    set(
      'wrongLine',
      p.wrongLines.map((line) => ({ line })),
      'line',
    );
    set('raisedLine', p.raised ? [{ line: p.raised.line, text: p.raised.text }] : [], 'eol');
    set(
      'fixLine',
      p.fixLines.map((line) => ({ line })),
      'line',
    );
    set(
      'fixStrike',
      p.fixLines.map((line) => ({ line })),
      'text',
    );
    set('fixText', p.fixText, 'eol');
    if (marks) this.drawn.set(doc.uri.toString(), { kinds, at: performance.now() });
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    if (this.types) disposeDecorationTypes(this.types);
    this.types = undefined;
  }
}

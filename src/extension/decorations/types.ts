// The decoration types, created once (on first use), kept in one typed record and disposed
// together. Colours are the theme colours package.json contributes (`ldb.*`), so themes and high
// contrast can change them; gutter icons have a light and a dark variant.
import * as vscode from 'vscode';
import type { GutterState } from '../marks/layout';

export type DecorationKind =
  `gutter.${GutterState}` | 'values' | 'wrongLine' | 'raisedLine' | 'fixLine' | 'fixStrike' | 'fixText';

export type DecorationTypes = Record<DecorationKind, vscode.TextEditorDecorationType>;

const color = (id: string): vscode.ThemeColor => new vscode.ThemeColor(id);

function gutter(media: vscode.Uri, state: GutterState, ruler: string): vscode.TextEditorDecorationType {
  return vscode.window.createTextEditorDecorationType({
    light: { gutterIconPath: vscode.Uri.joinPath(media, 'gutter', `${state}-light.svg`) },
    dark: { gutterIconPath: vscode.Uri.joinPath(media, 'gutter', `${state}-dark.svg`) },
    gutterIconSize: '70%',
    overviewRulerColor: color(ruler),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
}

/** End-of-line text: the text itself is set per range (renderOptions.after.contentText). */
function eolText(foreground: string, fontStyle?: string): vscode.TextEditorDecorationType {
  return vscode.window.createTextEditorDecorationType({
    after: { color: color(foreground), margin: '0 0 0 2.5em', ...(fontStyle ? { fontStyle } : {}) },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
}

export function createDecorationTypes(extensionUri: vscode.Uri): DecorationTypes {
  const media = vscode.Uri.joinPath(extensionUri, 'media');
  return {
    'gutter.traced': gutter(media, 'traced', 'ldb.blockTraced'),
    'gutter.correct': gutter(media, 'correct', 'ldb.blockCorrect'),
    'gutter.unknown': gutter(media, 'unknown', 'ldb.blockTraced'),
    'gutter.wrong': gutter(media, 'wrong', 'ldb.blockWrong'),
    'gutter.raised': gutter(media, 'raised', 'ldb.raised'),
    values: eolText('ldb.blockValues', 'italic'),
    wrongLine: vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: color('ldb.blockWrongBackground'),
    }),
    raisedLine: vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: color('ldb.raisedBackground'),
      after: { color: color('ldb.raised'), margin: '0 0 0 2.5em', fontWeight: 'bold' },
    }),
    fixLine: vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: color('ldb.fixBackground'),
    }),
    // The old text the fix replaces, struck through (a range over the text, not the indentation).
    fixStrike: vscode.window.createTextEditorDecorationType({ textDecoration: 'line-through' }),
    fixText: eolText('ldb.fixProposed'),
  };
}

export function disposeDecorationTypes(types: DecorationTypes): void {
  for (const t of Object.values(types)) t.dispose();
}

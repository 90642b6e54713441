// LDB: Show Trace: the last trace as a read-only document in the `ldb-trace` language (grammar in
// syntaxes/ldb-trace.tmLanguage.json): the trace exactly as the model reads it, with each block's
// verdict written under its header when there is one.
import * as vscode from 'vscode';
import type { Verdict } from '../core/model';
import type { TraceReport } from '../core/trace/tracing';
import { outcomeText } from './outcome';

export const TRACE_SCHEME = 'ldb-trace';
/** Trace documents whose text is kept (older ones say they are gone). */
const KEEP = 5;

export function traceText(report: TraceReport, verdicts: readonly Verdict[]): string {
  const byLabel = new Map(verdicts.map((v) => [v.block, v]));
  const omitted = report.trace.omitted + report.run.droppedVisits;
  const unit = report.trace.level === 'function' ? 'calls' : `${report.trace.level}s`;
  const head = [
    `# LDB trace of ${report.entry.qualifiedName} on: ${report.test.label}`,
    `# ${outcomeText(report.run.outcome)}`,
    `# ${report.trace.segments.length + omitted} ${unit} traced` +
      (omitted > 0 ? ` (${report.trace.segments.length} shown, ${omitted} omitted)` : '') +
      ` · ${report.promptTokens} prompt tokens · ${report.timing.totalMs} ms (run ${report.timing.runMs} ms)`,
    '',
  ];
  const body: string[] = [];
  for (const line of report.prompt.split('\n')) {
    body.push(line);
    const label = /^\[((?:BLOCK|LINE|FUNCTION)-\d+)\]/.exec(line)?.[1];
    const v = label ? byLabel.get(label) : undefined;
    if (v) {
      const mark = v.correct === true ? '# ✓ correct' : v.correct === false ? '# ✗ wrong' : '# ? unknown';
      body.push(v.explanation.trim() ? `${mark}: ${v.explanation.trim().replace(/\s*\n\s*/g, ' ')}` : mark);
    }
  }
  if (report.prompt === '') body.push('# (no block of the traced functions ran)');
  return [...head, ...body, ''].join('\n');
}

export class TraceDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private counter = 0;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(TRACE_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.texts.get(uri.toString()) ??
      '# this trace is gone (LDB keeps the last one): run Trace Only again\n'
    );
  }

  async open(
    source: vscode.Uri,
    report: TraceReport,
    verdicts: readonly Verdict[],
  ): Promise<vscode.TextEditor> {
    const base = source.path.slice(source.path.lastIndexOf('/') + 1);
    // A new document per trace: VS Code may still hold the previous one's text.
    const uri = vscode.Uri.from({
      scheme: TRACE_SCHEME,
      path: `/${base}.ldbtrace`,
      query: String(++this.counter),
    });
    this.texts.set(uri.toString(), traceText(report, verdicts));
    for (const key of [...this.texts.keys()].slice(0, -KEEP)) this.texts.delete(key);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'ldb-trace')
      doc = await vscode.languages.setTextDocumentLanguage(doc, 'ldb-trace');
    return vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    this.registration.dispose();
  }
}

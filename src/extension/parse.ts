// Parsed documents (the core's SourceFile), one per document version. tree-sitter loads on the
// first parse, not at activation.
import type * as vscode from 'vscode';
import { loadProgram, type Assets } from '../core/trace/tracing';
import type { SourceFile } from '../core/model';

export class ParseCache {
  private readonly cache = new Map<string, { version: number; source: Promise<SourceFile> }>();

  constructor(private readonly assets: Assets) {}

  /** The document as the core sees it; syntax errors are reported in it, not thrown. */
  source(document: vscode.TextDocument): Promise<SourceFile> {
    const key = document.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === document.version) return hit.source;
    const source = loadProgram({
      path: document.uri.fsPath,
      text: document.getText(),
      assets: this.assets,
      allowSyntaxErrors: true,
    });
    this.cache.set(key, { version: document.version, source });
    source.catch(() => this.cache.delete(key));
    return source;
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
  }
}

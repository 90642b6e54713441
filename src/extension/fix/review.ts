// A verified fix waiting for the user: shown beside the lines it replaces (marks + CodeLens), as a
// diff editor (current document vs the proposal, served by the `ldb-fix:` document provider; one
// multi-file diff when the fix spans files) and as a code action. Accept applies one undoable edit
// of the changed lines only, across every file the fix changes, and only if none of those
// documents changed since the trace; Reject hands the user's reason back to the loop.
import * as vscode from 'vscode';
import { LdbError } from '../../core/errors';
import type { Review } from '../../core/debug/debugger';
import type { TestResult } from '../../core/model';
import type { Notifier } from '../notify';
import type { MarksStore } from '../marks/store';
import { lineHunks, proposalMark, type LineHunk } from './hunks';

export const FIX_SCHEME = 'ldb-fix';

/** One file of a pending fix. */
export interface PendingFile {
  uri: vscode.Uri;
  /** The proposal as a document (the diff's right side). */
  fixUri: vscode.Uri;
  /**
   * The document's text when it was traced (and its version, for the debugged document, whose
   * text the session started from): Accept needs them unchanged.
   */
  version?: number;
  baseText: string;
  code: string;
  hunks: LineHunk[];
}

/**
 * The fix waiting for review. Its own fields are those of its first changed file (the debugged
 * document, unless the fix leaves it as it is); `files` are all of them, the debugged one first.
 */
export interface PendingFix extends PendingFile {
  files: PendingFile[];
  passed: number;
  total: number;
  summary: string;
  resolve: (review: Review) => void;
  reject: (error: unknown) => void;
}

export interface Proposal {
  document: vscode.TextDocument;
  version: number;
  baseText: string;
  code: string;
  results: TestResult[];
  functionName: string;
  /** The other files a fix across modules changes: each against its text when it was traced. */
  others?: { uri: vscode.Uri; baseText: string; code: string }[];
}

export class FixReview implements vscode.Disposable {
  private current: PendingFix | undefined;
  private counter = 0;
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly docChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[];
  /** Set while the reason box is open (test API). */
  prompting = false;
  private refusedStale = false;
  /** Listens for edits and the closing of the pending fix's document. */
  private watch: vscode.Disposable | undefined;
  /** Set while Accept applies the fix (its own edit must not withdraw it). */
  private applying = false;

  constructor(
    private readonly marks: MarksStore,
    private readonly notify: Notifier,
    private readonly onPendingChange: (pending: boolean) => void,
  ) {
    this.subscriptions = [
      this.changed,
      this.docChanged,
      vscode.workspace.registerTextDocumentContentProvider(FIX_SCHEME, {
        onDidChange: this.docChanged.event,
        provideTextDocumentContent: (uri) => this.contents.get(uri.toString()) ?? '',
      }),
    ];
  }

  get pending(): PendingFix | undefined {
    return this.current;
  }

  /** Shows a passing fix and resolves when the user accepts or rejects it. */
  propose(p: Proposal): Promise<Review> {
    this.dismiss('a newer fix replaced this one');
    const passed = p.results.filter((r) => r.outcome.status === 'passed').length;
    const total = p.results.length;
    const summary = `passes ${passed}/${total} test${total === 1 ? '' : 's'}`;
    const counter = ++this.counter;
    const file = (uri: vscode.Uri, baseText: string, code: string, index: number): PendingFile => {
      const fixUri = vscode.Uri.from({
        scheme: FIX_SCHEME,
        path: uri.path,
        query: `fix=${counter}&file=${index}`,
      });
      this.contents.set(fixUri.toString(), code);
      return { uri, fixUri, baseText, code, hunks: lineHunks(baseText, code) };
    };
    const files = [
      { ...file(p.document.uri, p.baseText, p.code, 0), version: p.version },
      ...(p.others ?? []).map((o, i) => file(o.uri, o.baseText, o.code, i + 1)),
    ];
    const first = files.find((f) => f.hunks.length > 0) ?? files[0];
    const review = new Promise<Review>((resolve, reject) => {
      this.current = { ...first, files, passed, total, summary, resolve, reject };
    });
    this.watch = this.watchDocuments(files);
    for (const f of files) this.marks.setFix(f.uri, proposalMark(f.hunks, summary));
    this.onPendingChange(true);
    this.changed.fire();
    void this.showDiff();
    return review;
  }

  /**
   * A fix applies only to the texts it was made for: editing one of its documents, or closing the
   * debugged one, withdraws it. (Another file's document may close when its diff does: it is read
   * again on Accept.)
   */
  private watchDocuments(files: readonly PendingFile[]): vscode.Disposable {
    const keys = new Set(files.map((f) => f.uri.toString()));
    const main = files[0].uri.toString();
    const withdraw = (uri: vscode.Uri, what: string): void => {
      const name = vscode.workspace.asRelativePath(uri);
      this.notify.warn(
        `${name} ${what} while its fix waited for review: the fix was withdrawn. Run Debug with Trace again.`,
      );
      this.refusedStale = true;
      this.dismiss(`${name} ${what}`);
    };
    return vscode.Disposable.from(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.applying || e.contentChanges.length === 0 || !keys.has(e.document.uri.toString())) return;
        withdraw(e.document.uri, 'changed');
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.toString() === main) withdraw(d.uri, 'was closed');
      }),
    );
  }

  /** Opens the diff of the pending fix beside the document: one multi-file diff when it spans files. */
  async showDiff(): Promise<void> {
    const p = this.current;
    if (!p) return;
    const changed = p.files.filter((f) => f.hunks.length > 0);
    if (changed.length > 1) {
      await vscode.commands.executeCommand(
        'vscode.changes',
        `LDB fix of ${changed.length} files (${p.summary})`,
        changed.map((f) => [f.uri, f.uri, f.fixUri]),
      );
      return;
    }
    const name = p.uri.path.slice(p.uri.path.lastIndexOf('/') + 1);
    await vscode.commands.executeCommand('vscode.diff', p.uri, p.fixUri, `${name} ↔ LDB fix (${p.summary})`, {
      preview: true,
      preserveFocus: true,
      viewColumn: vscode.ViewColumn.Beside,
    });
  }

  async accept(): Promise<boolean> {
    const p = this.current;
    if (!p) {
      this.notify.info('there is no fix to accept.');
      return false;
    }
    const documents = await Promise.all(p.files.map((f) => vscode.workspace.openTextDocument(f.uri)));
    const stale = p.files
      .filter(
        (f, i) =>
          (f.version !== undefined && documents[i].version !== f.version) ||
          documents[i].getText() !== f.baseText,
      )
      .map((f) => vscode.workspace.asRelativePath(f.uri));
    if (stale.length > 0) {
      const names = stale.join(', ');
      this.notify.warn(
        `${names} changed since ${stale.length === 1 ? 'it was' : 'they were'} traced: the fix was not applied. Run Debug with Trace again.`,
      );
      this.refusedStale = true;
      this.dismiss(`${names} changed since ${stale.length === 1 ? 'it was' : 'they were'} traced`);
      return false;
    }
    // One edit across the files: one step to undo.
    const edit = new vscode.WorkspaceEdit();
    p.files.forEach((f, i) => {
      for (const h of f.hunks) {
        const document = documents[i];
        edit.replace(
          f.uri,
          new vscode.Range(document.positionAt(h.startOffset), document.positionAt(h.endOffset)),
          h.newText,
        );
      }
    });
    const name = p.files
      .filter((f) => f.hunks.length > 0)
      .map((f) => vscode.workspace.asRelativePath(f.uri))
      .join(', ');
    this.applying = true;
    let applied: boolean;
    try {
      applied = await vscode.workspace.applyEdit(edit);
    } finally {
      this.applying = false;
    }
    if (!applied) {
      this.notify.error(`VS Code did not apply the fix to ${name}; nothing was changed.`);
      return false;
    }
    this.finish();
    p.resolve({ accept: true });
    return true;
  }

  /** `reason` undefined: ask for one (Escape keeps the fix pending; an empty answer rejects without one). */
  async reject(reason?: string): Promise<boolean> {
    const p = this.current;
    if (!p) {
      this.notify.info('there is no fix to reject.');
      return false;
    }
    let why = reason;
    if (why === undefined) {
      this.prompting = true;
      try {
        why = await vscode.window.showInputBox({
          title: 'LDB: reject the fix',
          prompt: 'Why? The model gets your answer and tries again (optional; Escape keeps the fix).',
          placeHolder: 'e.g. it must not change the signature',
        });
      } finally {
        this.prompting = false;
      }
      if (why === undefined || this.current !== p) return false;
    }
    this.finish();
    p.resolve(why.trim() === '' ? { accept: false } : { accept: false, reason: why.trim() });
    return true;
  }

  /** Ends a pending review without an answer (session cancelled, document changed): the loop stops. */
  dismiss(why: string): void {
    const p = this.current;
    if (!p) return;
    this.finish();
    p.reject(new LdbError('cancelled', why));
  }

  /** True once after Accept refused a fix because the document changed (the user was told why). */
  takeRefusedStale(): boolean {
    const was = this.refusedStale;
    this.refusedStale = false;
    return was;
  }

  private finish(): void {
    const p = this.current;
    if (!p) return;
    this.current = undefined;
    this.watch?.dispose();
    this.watch = undefined;
    for (const f of p.files) {
      this.contents.delete(f.fixUri.toString());
      this.marks.setFix(f.uri, undefined);
    }
    this.onPendingChange(false);
    this.changed.fire();
    void closeFixTabs();
  }

  dispose(): void {
    this.dismiss('LDB was deactivated');
    for (const d of this.subscriptions) d.dispose();
  }
}

/** Closes the diff editors of fixes (accepted, rejected or gone), the multi-file ones too. */
async function closeFixTabs(): Promise<void> {
  const isFixDiff = (input: unknown): boolean =>
    input instanceof vscode.TabInputTextDiff && input.modified.scheme === FIX_SCHEME;
  // The multi-file diff's tab input (TabInputTextMultiDiff) is newer than the API this builds on.
  const diffsOf = (input: unknown): unknown[] => {
    const diffs = (input as { textDiffs?: unknown } | undefined)?.textDiffs;
    return Array.isArray(diffs) ? diffs : [];
  };
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter(
      (t) =>
        isFixDiff(t.input) ||
        diffsOf(t.input).some(isFixDiff) ||
        (t.input instanceof vscode.TabInputText && t.input.uri.scheme === FIX_SCHEME),
    );
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
}

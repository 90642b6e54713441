// A verified fix waiting for the user: shown beside the lines it replaces (marks + CodeLens), as a
// diff editor (current document vs the proposal, served by the `ldb-fix:` document provider) and as
// a code action. Accept applies one undoable edit of the changed lines only, and only if the
// document is as it was traced; Reject hands the user's reason back to the loop.
import * as vscode from 'vscode';
import { LdbError } from '../../core/errors';
import type { Review } from '../../core/debug/debugger';
import type { TestResult } from '../../core/model';
import type { Notifier } from '../notify';
import type { MarksStore } from '../marks/store';
import { lineHunks, proposalMark, type LineHunk } from './hunks';

export const FIX_SCHEME = 'ldb-fix';

export interface PendingFix {
  uri: vscode.Uri;
  /** The proposal as a document (the diff's right side). */
  fixUri: vscode.Uri;
  /** Document version and text when the session started: Accept needs both unchanged. */
  version: number;
  baseText: string;
  code: string;
  hunks: LineHunk[];
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
    const hunks = lineHunks(p.baseText, p.code);
    const fixUri = vscode.Uri.from({
      scheme: FIX_SCHEME,
      path: p.document.uri.path,
      query: `fix=${++this.counter}`,
    });
    this.contents.set(fixUri.toString(), p.code);
    const review = new Promise<Review>((resolve, reject) => {
      this.current = {
        uri: p.document.uri,
        fixUri,
        version: p.version,
        baseText: p.baseText,
        code: p.code,
        hunks,
        passed,
        total,
        summary,
        resolve,
        reject,
      };
    });
    this.watch = this.watchDocument(p.document.uri);
    this.marks.setFix(p.document.uri, proposalMark(hunks, summary));
    this.onPendingChange(true);
    this.changed.fire();
    void this.showDiff();
    return review;
  }

  /** A fix applies only to the text it was made for: editing or closing its document withdraws it. */
  private watchDocument(uri: vscode.Uri): vscode.Disposable {
    const key = uri.toString();
    const withdraw = (what: string): void => {
      const name = vscode.workspace.asRelativePath(uri);
      this.notify.warn(
        `${name} ${what} while its fix waited for review: the fix was withdrawn. Run Debug with Trace again.`,
      );
      this.refusedStale = true;
      this.dismiss(`${name} ${what}`);
    };
    return vscode.Disposable.from(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.applying || e.contentChanges.length === 0 || e.document.uri.toString() !== key) return;
        withdraw('changed');
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.toString() === key) withdraw('was closed');
      }),
    );
  }

  /** Opens the diff of the pending fix beside the document. */
  async showDiff(): Promise<void> {
    const p = this.current;
    if (!p) return;
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
    const document = await vscode.workspace.openTextDocument(p.uri);
    const name = vscode.workspace.asRelativePath(p.uri);
    if (document.version !== p.version || document.getText() !== p.baseText) {
      this.notify.warn(
        `${name} changed since it was traced: the fix was not applied. Run Debug with Trace again.`,
      );
      this.refusedStale = true;
      this.dismiss(`${name} changed since it was traced`);
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const h of p.hunks) {
      edit.replace(
        p.uri,
        new vscode.Range(document.positionAt(h.startOffset), document.positionAt(h.endOffset)),
        h.newText,
      );
    }
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
    this.contents.delete(p.fixUri.toString());
    this.marks.setFix(p.uri, undefined);
    this.onPendingChange(false);
    this.changed.fire();
    void closeFixTabs();
  }

  dispose(): void {
    this.dismiss('LDB was deactivated');
    for (const d of this.subscriptions) d.dispose();
  }
}

/** Closes the diff editors of fixes (accepted, rejected or gone). */
async function closeFixTabs(): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter(
      (t) =>
        (t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === FIX_SCHEME) ||
        (t.input instanceof vscode.TabInputText && t.input.uri.scheme === FIX_SCHEME),
    );
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
}

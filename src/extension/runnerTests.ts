// The tests the project's test runner collects (pytest items), listed by the core's listTests in
// the interpreter the editor names (python.ts): per folder of test files (one runner start for a
// tests/ folder, not one per file), again when a test file is saved and when the interpreter
// changes. Kept per file for the Testing view and the CodeLens; which interpreter ran is logged.
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import * as vscode from 'vscode';
import { languageForEditor } from '../core/languages/registry';
import type { TestCase } from '../core/model';
import type { Assets } from '../core/trace/tracing';
import { listTests } from '../core/tests/listTests';
import { readSettings } from './config';
import { runFolderFor } from './runFolder';
import { interpreterText, type EditorInterpreters } from './python';

/** How long a burst of opened or saved test files is waited for before their folders are listed. */
const SETTLE_MS = 300;

export interface RunnerTestsDeps {
  assets: Assets;
  log: vscode.LogOutputChannel;
  interpreters: EditorInterpreters;
}

/** Whether the project's test runner reads tests from this document (the core's language says). */
export function runnerCollects(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== 'file') return false;
  const support = languageForEditor(document.languageId);
  return support?.collectsFrom?.(document.uri.fsPath, document.getText()) === true;
}

/** Whether `text` is a test id of the runner of this document's language (`tests/x.py::test_y[1]`). */
export function isRunnerTestId(document: vscode.TextDocument, text: string): boolean {
  return languageForEditor(document.languageId)?.isTestId?.(text) === true;
}

/** Whether `path` is `folder` or lies under it. */
export function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return !isAbsolute(rel) && rel.split(sep)[0] !== '..';
}

export class RunnerTests implements vscode.Disposable {
  /** Absolute path of a test file -> what the runner collected there, in its order. */
  private readonly byFile = new Map<string, TestCase[]>();
  /** Absolute path of a folder listed -> why its last listing failed (one line), when it did. */
  private readonly failed = new Map<string, string>();
  private readonly listed = new Set<string>();
  private readonly pending = new Set<string>();
  /** Folders whose listing is on (a file in one of them is not scheduled again meanwhile). */
  private readonly listing = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();
  private readonly changed = new vscode.EventEmitter<string>();
  /** A folder was listed (or its listing failed): the collected tests of files in it may have changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: RunnerTestsDeps) {
    this.subscriptions = [
      this.changed,
      deps.interpreters.onDidChange(() => this.relistAll()),
      // Collecting imports the test modules and conftest (runs the project's code): only once trusted.
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const d of vscode.workspace.textDocuments) if (runnerCollects(d)) this.schedule(d.uri);
      }),
    ];
  }

  /** What the runner collected in a file at its last listing; undefined when it was never listed. */
  of(uri: vscode.Uri): TestCase[] | undefined {
    return this.byFile.get(uri.fsPath) ?? (this.coveredBy(uri.fsPath) ? [] : undefined);
  }

  /** Why the listing of this file's folder failed, when it did. */
  errorOf(uri: vscode.Uri): string | undefined {
    for (const [folder, message] of this.failed) if (inside(folder, uri.fsPath)) return message;
    return undefined;
  }

  /**
   * Lists the folder of this test file soon (a burst of files is one listing per folder): `again`
   * when the file changed on disk; else only when it was never listed and is not being listed.
   */
  schedule(uri: vscode.Uri, again = false): void {
    if (!vscode.workspace.isTrusted) return;
    const folder = dirname(uri.fsPath);
    if (!again && (this.of(uri) !== undefined || this.pending.has(folder) || this.listing.has(folder)))
      return;
    this.pending.add(folder);
    this.later(SETTLE_MS);
  }

  /** The file's collected tests, listed now when they never were (a command needs them). */
  async ensure(uri: vscode.Uri): Promise<TestCase[]> {
    if (this.of(uri) === undefined && vscode.workspace.isTrusted) {
      // Being listed: the listing on is awaited, not started again.
      const folder = dirname(uri.fsPath);
      if (!this.listing.has(folder)) this.pending.add(folder);
      await this.flush();
    }
    return this.of(uri) ?? [];
  }

  /** Every folder again (the interpreter changed: another pytest, other packages). */
  relistAll(): void {
    if (!vscode.workspace.isTrusted) return;
    for (const folder of this.listed) this.pending.add(folder);
    if (this.pending.size > 0) this.later(0);
  }

  /** Test files under a folder with collected tests (absolute paths). */
  filesIn(folder: string): string[] {
    return [...this.byFile.keys()].filter((f) => inside(folder, f));
  }

  private later(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
  }

  private coveredBy(path: string): boolean {
    for (const folder of this.listed) if (inside(folder, path) && !this.failed.has(folder)) return true;
    return false;
  }

  /** Lists the pending folders one at a time; a folder inside another pending one is covered by it. */
  private flush(): Promise<void> {
    this.running = this.running.then(async () => {
      const folders = [...this.pending].sort();
      this.pending.clear();
      const cover = folders.filter((f) => !folders.some((o) => o !== f && inside(o, f)));
      cover.forEach((f) => this.listing.add(f));
      try {
        for (const folder of cover) {
          if (this.abort.signal.aborted) return;
          await this.listFolder(folder);
          this.listing.delete(folder);
        }
      } finally {
        cover.forEach((f) => this.listing.delete(f));
      }
    });
    return this.running;
  }

  private async listFolder(folder: string): Promise<void> {
    const uri = vscode.Uri.file(folder);
    const where = vscode.workspace.asRelativePath(uri);
    try {
      const settings = await readSettings(uri);
      const { origin } = await this.deps.interpreters.for(uri);
      const { collection } = await listTests({
        target: folder,
        settings,
        assets: this.deps.assets,
        cwd: runFolderFor(uri, 'folder'),
        signal: this.abort.signal,
      });
      for (const f of this.filesIn(folder)) this.byFile.delete(f);
      for (const f of [...this.listed]) if (inside(folder, f)) this.listed.delete(f);
      for (const f of [...this.failed.keys()]) if (inside(folder, f)) this.failed.delete(f);
      this.listed.add(folder);
      if (!collection) return;
      for (const test of collection.tests) {
        const file = resolve(collection.root, test.item?.file ?? '');
        this.byFile.set(file, [...(this.byFile.get(file) ?? []), test]);
      }
      const ran =
        collection.interpreterName === 'Python'
          ? interpreterText(collection.interpreter, origin)
          : `${collection.interpreter.path} (${collection.interpreterName} ${collection.interpreter.version})`;
      this.deps.log.info(
        `Testing view: ${collection.runner} collected ${collection.tests.length} test(s) in ${where} with ${ran}`,
      );
    } catch (e) {
      if (this.abort.signal.aborted) return;
      const message = (e as Error).message.split('\n')[0];
      this.listed.add(folder);
      this.failed.set(folder, message);
      this.deps.log.warn(`Testing view: the tests in ${where} were not listed: ${message}`);
    } finally {
      if (!this.abort.signal.aborted) this.changed.fire(folder);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.abort.abort();
    for (const d of this.subscriptions) d.dispose();
  }
}

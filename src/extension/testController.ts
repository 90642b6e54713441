// The Testing view: the tests LDB finds in the files it reads (doctests, asserts, test functions,
// node:test tests, and the test the user typed for a function) under the function they call, and
// the tests the project's runner collects (pytest items: classes, functions, parametrized cases;
// runnerTests.ts). "Run" runs them in the sandbox (failures show expected and actual); "Debug
// with Trace" runs the LDB loop on their function with exactly those tests, or, for a runner's
// test, on the function of the project where it goes wrong (runnerTarget.ts).
import * as vscode from 'vscode';
import { runVisibleTests } from '../core/debug/visibleTests';
import { supportedExtensions } from '../core/languages/registry';
import type { SourceFile, TestCase, TestResult } from '../core/model';
import type { DebugResult } from './commands/debugWithTrace';
import { readSettings } from './config';
import { runFolderFor } from './runFolder';
import type { CurrentRun, LdbContext } from './context';
import { outcomeText } from './outcome';
import type { ItemTree, RecordedResult, RecordedRun } from './testRecords';
import { foundTests, typedTestCase } from './tests';
import { isSourceDocument } from './target';
import { collectedTree, testFunctionId, type CollectedNode } from './collectedTree';
import { inside, runnerCollects } from './runnerTests';

const EXCLUDE = '**/{node_modules,.git,.venv,venv,env,.tox,__pycache__,site-packages,dist,build}/**';
/** Files the first listing reads (the rest appear as they are opened). */
const MAX_FILES = 500;

interface TestData {
  uri: vscode.Uri;
  /** The function the test calls; for a runner's test, the runner's id of its test function. */
  function: string;
  test: TestCase;
  /** Collected by the project's test runner (run under it; debugged where it goes wrong). */
  collected?: boolean;
}

export class LdbTestController implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('ldb', 'LDB');
  private readonly data = new WeakMap<vscode.TestItem, TestData>();
  private readonly pendingUpdates = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];
  /** The last runs, newest last (test API). */
  readonly runs: RecordedRun[] = [];

  constructor(private readonly ctx: LdbContext) {
    const c = this.controller;
    c.resolveHandler = async (item) => {
      if (!item) await this.discoverWorkspace();
    };
    c.refreshHandler = () => this.discoverWorkspace();
    c.createRunProfile('Run', vscode.TestRunProfileKind.Run, (req, token) => this.run(req, token), true);
    c.createRunProfile(
      'Debug with Trace',
      vscode.TestRunProfileKind.Debug,
      (req, token) => this.debug(req, token),
      true,
    );
    this.subscriptions = [
      c,
      vscode.workspace.onDidOpenTextDocument((d) => {
        this.schedule(d);
        if (runnerCollects(d)) ctx.runnerTests.schedule(d.uri);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      // The runner reads test files from disk: they are listed again when saved.
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (runnerCollects(d)) ctx.runnerTests.schedule(d.uri, true);
      }),
      ctx.runnerTests.onDidChange((folder) => void this.updateFolder(folder)),
      ctx.typedTestChanged.event((uri) =>
        vscode.workspace.textDocuments
          .filter((d) => d.uri.toString() === uri.toString())
          .forEach((d) => this.schedule(d, 0)),
      ),
    ];
    for (const d of vscode.workspace.textDocuments) {
      this.schedule(d);
      if (runnerCollects(d)) ctx.runnerTests.schedule(d.uri);
    }
  }

  /** The files of a folder the runner listed again: their items are rebuilt. */
  private async updateFolder(folder: string): Promise<void> {
    const paths = new Set(this.ctx.runnerTests.filesIn(folder));
    this.controller.items.forEach((item) => {
      if (item.uri && inside(folder, item.uri.fsPath)) paths.add(item.uri.fsPath);
    });
    for (const d of vscode.workspace.textDocuments)
      if (d.uri.scheme === 'file' && inside(folder, d.uri.fsPath)) paths.add(d.uri.fsPath);
    for (const path of paths) {
      const document = await vscode.workspace
        .openTextDocument(vscode.Uri.file(path))
        .then(undefined, () => undefined);
      if (document && isSourceDocument(document)) await this.updateFromDocument(document);
    }
  }

  /** Re-reads a document's tests a moment after it stops changing. */
  private schedule(document: vscode.TextDocument, delayMs = 400): void {
    if (!isSourceDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.pendingUpdates.get(key));
    this.pendingUpdates.set(
      key,
      setTimeout(() => {
        this.pendingUpdates.delete(key);
        void this.updateFromDocument(document);
      }, delayMs),
    );
  }

  async updateFromDocument(document: vscode.TextDocument): Promise<void> {
    try {
      this.setFile(document.uri, await this.ctx.parse.source(document), document);
    } catch (e) {
      this.ctx.log.debug(`Testing view: ${document.uri.fsPath} not read: ${(e as Error).message}`);
    }
  }

  private async discoverWorkspace(): Promise<void> {
    const files = await vscode.workspace.findFiles(
      `**/*{${supportedExtensions().join(',')}}`,
      EXCLUDE,
      MAX_FILES,
    );
    for (const uri of files) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const document =
        open ?? (await vscode.workspace.openTextDocument(uri).then(undefined, () => undefined));
      if (!document) continue;
      await this.updateFromDocument(document);
      if (runnerCollects(document)) this.ctx.runnerTests.schedule(document.uri);
    }
  }

  /**
   * Replaces a file's items with what the parse found and what the runner collected there (its
   * test functions then come from the runner only); a file without tests has no item.
   */
  private setFile(uri: vscode.Uri, source: SourceFile, document: vscode.TextDocument): void {
    const runner = runnerCollects(document);
    const collected = (runner ? this.ctx.runnerTests.of(uri) : undefined) ?? [];
    const byFunction = new Map<string, TestCase[]>();
    for (const fn of source.functions) {
      const tests = foundTests(source, fn).filter(
        (t) =>
          (t.functions[0] === fn.qualifiedName || t.functions[0] === fn.name) &&
          !(collected.length > 0 && t.origin === 'test-function'),
      );
      if (tests.length > 0) byFunction.set(fn.qualifiedName, tests);
    }
    const fileId = uri.toString();
    const build = async (): Promise<void> => {
      // The typed tests live in workspaceState, per function.
      for (const fn of source.functions) {
        const typed = await typedTestCase(this.ctx.testsDeps, uri, source, fn);
        if (typed) byFunction.set(fn.qualifiedName, [...(byFunction.get(fn.qualifiedName) ?? []), typed]);
      }
      const error = runner ? this.ctx.runnerTests.errorOf(uri) : undefined;
      if (byFunction.size === 0 && collected.length === 0 && error === undefined) {
        this.controller.items.delete(fileId);
        return;
      }
      const file =
        this.controller.items.get(fileId) ??
        this.controller.createTestItem(fileId, vscode.workspace.asRelativePath(uri), uri);
      file.error = error;
      const fnItems: vscode.TestItem[] = [];
      for (const [name, tests] of byFunction) {
        const fn = source.functions.find((f) => f.qualifiedName === name)!;
        const fnItem = this.controller.createTestItem(`${fileId}#${name}`, `${name}()`, uri);
        fnItem.range = new vscode.Range(fn.defLine - 1, 0, fn.defLine - 1, 0);
        fnItem.children.replace(
          tests.map((t) => {
            const label = t.origin === 'given' ? `typed: ${t.label}` : t.label;
            const item = this.controller.createTestItem(`${fileId}#${name}#${t.id}`, label, uri);
            if (t.line !== undefined) item.range = new vscode.Range(t.line - 1, 0, t.line - 1, 0);
            item.description = t.origin === 'given' ? undefined : t.origin;
            this.data.set(item, { uri, function: name, test: t });
            return item;
          }),
        );
        fnItems.push(fnItem);
      }
      file.children.replace([...fnItems, ...this.collectedItems(uri, collected)]);
      this.controller.items.add(file);
    };
    void build().catch((e: unknown) => this.ctx.log.debug(`Testing view: ${String(e)}`));
  }

  /** The runner's tests of a file as items: classes, functions, parametrized cases (collectedTree.ts). */
  private collectedItems(uri: vscode.Uri, tests: readonly TestCase[]): vscode.TestItem[] {
    const fileId = uri.toString();
    const toItem = (node: CollectedNode): vscode.TestItem => {
      const item = this.controller.createTestItem(`${fileId}@${node.id}`, node.label, uri);
      if (node.line !== undefined) item.range = new vscode.Range(node.line - 1, 0, node.line - 1, 0);
      if (node.test) {
        // The cases of one test function are debugged together.
        this.data.set(item, { uri, function: testFunctionId(node.test), test: node.test, collected: true });
        item.description = node.test.item?.markers.join(' ') || undefined;
      }
      item.children.replace(node.children.map(toItem));
      return item;
    };
    return collectedTree(tests).map(toItem);
  }

  /** The items as a tree of ids and labels (test API). */
  tree(): ItemTree[] {
    const walk = (item: vscode.TestItem): ItemTree => {
      const children: ItemTree[] = [];
      item.children.forEach((c) => children.push(walk(c)));
      return {
        id: item.id,
        label: item.label,
        ...(item.range ? { line: item.range.start.line + 1 } : {}),
        ...(item.error !== undefined
          ? { error: typeof item.error === 'string' ? item.error : item.error.value }
          : {}),
        children,
      };
    };
    const out: ItemTree[] = [];
    this.controller.items.forEach((i) => out.push(walk(i)));
    return out;
  }

  private startRecord(profile: RecordedRun['profile']): RecordedRun {
    const record: RecordedRun = { profile, results: [] };
    this.runs.push(record);
    if (this.runs.length > 10) this.runs.shift();
    return record;
  }

  private leaves(request: vscode.TestRunRequest): vscode.TestItem[] {
    const out: vscode.TestItem[] = [];
    const excluded = new Set(request.exclude ?? []);
    const walk = (item: vscode.TestItem): void => {
      if (excluded.has(item)) return;
      if (this.data.has(item)) out.push(item);
      item.children.forEach(walk);
    };
    if (request.include) request.include.forEach(walk);
    else this.controller.items.forEach(walk);
    return out;
  }

  private untrusted(run: vscode.TestRun, items: vscode.TestItem[], record: RecordedRun): boolean {
    if (vscode.workspace.isTrusted) return false;
    const text = 'LDB runs the code it tests, so it works only in a trusted workspace (Workspace Trust).';
    for (const item of items) {
      run.skipped(item);
      record.results.push({ id: item.id, state: 'skipped', message: text });
    }
    run.appendOutput(`${text}\r\n`);
    this.ctx.notify.warn(text);
    return true;
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const items = this.leaves(request);
    const run = this.controller.createTestRun(request);
    const record = this.startRecord('Run');
    try {
      if (this.untrusted(run, items, record)) return;
      // One LDB run at a time: the tests run as one (LDB: Clear and the notification cancel them).
      await this.ctx
        .withRun('test', `Run ${items.length} test${items.length === 1 ? '' : 's'}`, (handle) =>
          this.runFiles(run, items, record, token, handle.signal),
        )
        .catch((e: unknown) => {
          // Refused before anything ran (another LDB run is on).
          for (const item of items) {
            run.errored(item, new vscode.TestMessage((e as Error).message));
            record.results.push({ id: item.id, state: 'errored', message: (e as Error).message });
          }
        });
    } finally {
      run.end();
    }
  }

  private async runFiles(
    run: vscode.TestRun,
    items: vscode.TestItem[],
    record: RecordedRun,
    token: vscode.CancellationToken,
    signal: AbortSignal,
  ): Promise<void> {
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    signal.addEventListener('abort', () => abort.abort(), { once: true });
    const byFile = new Map<string, vscode.TestItem[]>();
    for (const item of items) {
      const key = this.data.get(item)!.uri.toString();
      byFile.set(key, [...(byFile.get(key) ?? []), item]);
    }
    try {
      for (const [key, fileItems] of byFile) {
        if (abort.signal.aborted) break;
        // A file that cannot run errors its own tests only; the files before it keep their results.
        try {
          const uri = vscode.Uri.parse(key);
          const document = await vscode.workspace.openTextDocument(uri);
          const source = await this.ctx.parse.source(document);
          const settings = await readSettings(uri);
          for (const item of fileItems) run.started(item);
          const started = performance.now();
          const results = await runVisibleTests({
            source,
            tests: fileItems.map((i) => this.data.get(i)!.test),
            settings,
            assets: this.ctx.assets,
            cwd: runFolderFor(uri),
            concurrency: settings.testConcurrency,
            signal: abort.signal,
          });
          const ms = Math.round(performance.now() - started);
          results.forEach((r, i) => record.results.push(this.report(run, fileItems[i], r, document, ms)));
        } catch (e) {
          for (const item of fileItems) {
            run.errored(item, new vscode.TestMessage((e as Error).message));
            record.results.push({ id: item.id, state: 'errored', message: (e as Error).message });
          }
        }
      }
    } finally {
      cancelled.dispose();
    }
  }

  private report(
    run: vscode.TestRun,
    item: vscode.TestItem,
    result: TestResult,
    document: vscode.TextDocument,
    ms: number,
  ): RecordedResult {
    const { outcome } = result;
    if (outcome.status === 'passed') {
      run.passed(item, ms);
      return { id: item.id, state: 'passed' };
    }
    const text = `${result.label}: ${outcomeText(outcome)}`;
    const message =
      outcome.expected !== undefined && outcome.actual !== undefined
        ? vscode.TestMessage.diff(text, outcome.expected, outcome.actual)
        : new vscode.TestMessage(text);
    const line = outcome.exception?.line ?? this.data.get(item)?.test.line;
    if (line !== undefined && line >= 1 && line <= document.lineCount) {
      message.location = new vscode.Location(document.uri, document.lineAt(line - 1).range);
    }
    if (outcome.status === 'timeout') run.errored(item, message, ms);
    else run.failed(item, message, ms);
    return {
      id: item.id,
      state: outcome.status === 'timeout' ? 'errored' : 'failed',
      message: text,
      ...(outcome.expected !== undefined && outcome.actual !== undefined
        ? { expected: outcome.expected, actual: outcome.actual }
        : {}),
    };
  }

  private async debug(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const items = this.leaves(request);
    const run = this.controller.createTestRun(request);
    const record = this.startRecord('Debug with Trace');
    try {
      if (this.untrusted(run, items, record)) return;
      // Cancelling this request cancels the LDB runs it started, not whatever else LDB is doing.
      let inFlight = false;
      let ours: CurrentRun | undefined;
      const started = this.ctx.onDidStartRun((r) => {
        if (!inFlight) return;
        ours = r;
        if (token.isCancellationRequested) r.abort.abort();
      });
      const cancelled = vscode.Disposable.from(
        started,
        token.onCancellationRequested(() => {
          if (ours && this.ctx.current === ours) this.ctx.cancel();
        }),
      );
      const byFunction = new Map<string, vscode.TestItem[]>();
      for (const item of items) {
        const d = this.data.get(item)!;
        const key = `${d.uri.toString()}#${d.function}`;
        byFunction.set(key, [...(byFunction.get(key) ?? []), item]);
      }
      try {
        for (const fnItems of byFunction.values()) {
          if (token.isCancellationRequested) break;
          const d = this.data.get(fnItems[0])!;
          for (const item of fnItems) run.started(item);
          inFlight = true;
          ours = undefined;
          let result: DebugResult | undefined;
          try {
            // A runner's tests are debugged where they go wrong (the command finds the function).
            result = (await this.ctx.runCommand('ldb.debugWithTrace', {
              uri: d.uri.toString(),
              ...(d.collected ? {} : { function: d.function }),
              tests: fnItems.map((i) => this.data.get(i)!.test.id),
            })) as DebugResult | undefined;
          } finally {
            inFlight = false;
          }
          for (const item of fnItems) {
            if (!result) {
              const text = 'Debug with Trace did not run: see its message';
              run.errored(item, new vscode.TestMessage(text));
              record.results.push({ id: item.id, state: 'errored', message: text });
            } else if (result.status === 'fixed' || result.status === 'already-passing') {
              run.passed(item);
              record.results.push({ id: item.id, state: 'passed', message: result.status });
            } else if (result.status === 'cancelled') {
              run.skipped(item);
              record.results.push({ id: item.id, state: 'skipped', message: result.status });
            } else {
              const text = `Debug with Trace: ${result.status}`;
              run.failed(item, new vscode.TestMessage(text));
              record.results.push({ id: item.id, state: 'failed', message: text });
            }
          }
        }
      } finally {
        cancelled.dispose();
      }
    } finally {
      run.end();
    }
  }

  dispose(): void {
    for (const t of this.pendingUpdates.values()) clearTimeout(t);
    for (const d of this.subscriptions) d.dispose();
  }
}

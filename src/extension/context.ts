// The one object every command, provider and the test API get: the extension's services and the
// state of the current run. Commands are factories over it (commands/*.ts).
import * as vscode from 'vscode';
import { badInput, LdbError } from '../core/errors';
import type { Session, Verdict } from '../core/model';
import type { Assets, TraceReport } from '../core/trace/tracing';
import { ContextKeys } from './contextKeys';
import { DecorationRenderer } from './decorations/render';
import { FixReview } from './fix/review';
import { marksFromReport, type TracedRun } from './marks/model';
import { MarksStore } from './marks/store';
import { Notifier } from './notify';
import { ParseCache } from './parse';
import { EditorInterpreters } from './python';
import { RunnerTests } from './runnerTests';
import { StatusBar } from './statusBar';
import type { TestsDeps } from './tests';
import type { ItemTree, RecordedRun } from './testRecords';

export interface RunHandle {
  signal: AbortSignal;
  /** The progress notification's message (and the status bar's). */
  report(message: string): void;
}

export interface CurrentRun {
  kind: 'trace' | 'debug' | 'test';
  title: string;
  phase: string;
  abort: AbortController;
  started: number;
  report: (message: string) => void;
}

export interface LastTrace {
  uri: vscode.Uri;
  report: TraceReport;
  verdicts: Verdict[];
}

export class LdbContext implements vscode.Disposable {
  readonly assets: Assets;
  readonly log: vscode.LogOutputChannel;
  readonly notify: Notifier;
  readonly marks = new MarksStore();
  readonly renderer: DecorationRenderer;
  readonly keys = new ContextKeys();
  readonly status = new StatusBar();
  readonly parse: ParseCache;
  readonly fixes: FixReview;
  /** The interpreter the editor names per folder (python.ts). */
  readonly interpreters: EditorInterpreters;
  /** What the project's test runner collected, per test file. */
  readonly runnerTests: RunnerTests;
  /** The last lines written to the output channel (test API). */
  readonly logLines: readonly string[];
  current: CurrentRun | undefined;
  /** The Testing view's controller, once created (test API). */
  testController: { runs: RecordedRun[]; tree(): ItemTree[] } | undefined;
  lastSession: Session | undefined;
  lastTrace: LastTrace | undefined;
  /** What input box is open, if any (test API). */
  prompting: string | undefined;
  readonly timings: { activationMs?: number; commandToMarksMs?: number; commandStarted?: number } = {};
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires when the user typed (and LDB remembered) a test for a function of this document. */
  readonly typedTestChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly runStarted = new vscode.EventEmitter<CurrentRun>();
  /** Fires when withRun starts a run (the Testing view tells its own runs apart). */
  readonly onDidStartRun = this.runStarted.event;

  constructor(
    readonly extension: vscode.ExtensionContext,
    log: vscode.LogOutputChannel,
    logLines: readonly string[] = [],
  ) {
    // The bundle's folder: wasm files and python/ (scripts/build.mjs puts them there).
    this.assets = { dir: vscode.Uri.joinPath(extension.extensionUri, 'dist').fsPath };
    this.log = log;
    this.logLines = logLines;
    this.interpreters = new EditorInterpreters(log);
    this.runnerTests = new RunnerTests({ assets: this.assets, log, interpreters: this.interpreters });
    this.notify = new Notifier(log);
    this.parse = new ParseCache(this.assets);
    this.renderer = new DecorationRenderer(extension.extensionUri, this.marks);
    this.fixes = new FixReview(this.marks, this.notify, (pending) =>
      this.keys.set('ldb.fixPending', pending),
    );
    this.disposables.push(
      this.interpreters,
      this.runnerTests,
      this.typedTestChanged,
      this.runStarted,
      this.marks,
      this.renderer,
      this.fixes,
      this.status,
      this.marks.onDidChange(() => this.keys.set('ldb.hasMarks', this.marks.size > 0)),
    );
  }

  get testsDeps(): TestsDeps {
    return {
      state: this.extension.workspaceState,
      assets: this.assets,
      prompting: (what) => (this.prompting = what),
      remembered: (uri) => this.typedTestChanged.fire(uri),
    };
  }

  /** Nothing that runs code works in a workspace the user has not trusted. */
  requireTrust(what: string): void {
    if (vscode.workspace.isTrusted) return;
    throw new LdbError(
      'bad-input',
      `${what} is off in this workspace: LDB runs the code it traces, so it works only in a trusted workspace (Workspace Trust).`,
    );
  }

  ensureIdle(): void {
    if (this.current) {
      throw badInput(`${this.current.title} is still running: wait for it, or cancel it (LDB: Clear)`);
    }
  }

  /** Runs `body` with a progress notification that can cancel it; one run at a time. */
  async withRun<T>(
    kind: CurrentRun['kind'],
    title: string,
    body: (run: RunHandle) => Promise<T>,
  ): Promise<T> {
    this.ensureIdle();
    const run: CurrentRun = {
      kind,
      title,
      phase: 'starting',
      abort: new AbortController(),
      started: performance.now(),
      report: () => undefined,
    };
    this.current = run;
    this.keys.set('ldb.busy', true);
    this.status.busy(title);
    this.runStarted.fire(run);
    try {
      return await vscode.window.withProgress<T>(
        { location: vscode.ProgressLocation.Notification, title: `LDB: ${title}`, cancellable: true },
        (progress, token) => {
          const cancelled = token.onCancellationRequested(() => this.cancel());
          run.report = (message) => {
            run.phase = message;
            progress.report({ message });
            this.status.busy(message);
            this.log.debug(`${title}: ${message}`);
          };
          const handle: RunHandle = { signal: run.abort.signal, report: run.report };
          return body(handle).finally(() => {
            cancelled.dispose();
          });
        },
      );
    } finally {
      if (this.current === run) this.current = undefined;
      this.keys.set('ldb.busy', false);
      // The caller shows the result (status.traced / status.session) once this returns; a run that
      // threw, was cancelled or had nothing to show must not leave the spinner behind.
      this.status.idle();
    }
  }

  /** Cancels the current run (test processes are killed, a pending fix is withdrawn). */
  cancel(): boolean {
    const run = this.current;
    if (!run) return false;
    this.log.info(`${run.title}: cancelled by the user`);
    run.abort.abort();
    this.fixes.dismiss('cancelled');
    return true;
  }

  /** Draws a trace of a document's own text (values, gutter marks) and keeps it for Show Trace. */
  showTrace(uri: vscode.Uri, report: TraceReport): void {
    this.showRun(uri, report);
    this.setLastTrace({ uri, report, verdicts: [] });
  }

  /** Draws a traced run of a document's own text. */
  showRun(uri: vscode.Uri, run: TracedRun): void {
    this.marks.set(uri, marksFromReport(run));
    const started = this.timings.commandStarted;
    if (started !== undefined && this.timings.commandToMarksMs === undefined) {
      const drawn = this.renderer.drawnFor(uri);
      if (drawn) this.timings.commandToMarksMs = Math.round(drawn.at - started);
    }
  }

  setLastTrace(trace: LastTrace): void {
    this.lastTrace = trace;
    this.keys.set('ldb.hasTrace', true);
  }

  setLastSession(session: Session): void {
    this.lastSession = session;
    this.keys.set('ldb.hasSession', true);
  }

  /** Marks the start of a command for the command-to-first-marks figure. */
  startTiming(): void {
    this.timings.commandStarted = performance.now();
    this.timings.commandToMarksMs = undefined;
  }

  /** LDB: Clear: stops the current run (it then says it was cancelled), removes every mark, hides the status. */
  clear(): void {
    this.cancel();
    this.marks.clear();
    this.status.hide();
  }

  runCommand(id: string, ...args: unknown[]): Thenable<unknown> {
    return vscode.commands.executeCommand<unknown>(id, ...args);
  }

  push(...disposables: vscode.Disposable[]): void {
    this.disposables.push(...disposables);
  }

  dispose(): void {
    this.current?.abort.abort();
    const all = this.disposables.splice(0).reverse();
    for (const d of all) d.dispose();
  }
}

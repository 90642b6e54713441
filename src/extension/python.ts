// Which Python interpreter the editor names for a file, in this order: `ldb.python` when the user
// set it; else the Python extension's active environment for the file's workspace folder (through
// its API facade, @vscode/python-extension); else none, and the core takes the project's .venv /
// venv, else python3 (core/languages/python/interpreterChoice.ts). Each folder's choice is written
// to the output channel when it is first made and whenever it changes; a change of the active
// environment fires onDidChange (the Testing view lists the project's tests again).
import { PVSC_EXTENSION_ID, PythonExtension } from '@vscode/python-extension';
import * as vscode from 'vscode';
import type { InterpreterInfo } from '../core/model';
import { pythonSetting } from './config';

/** Its activation can take a while on a cold start; LDB then goes on without it (the fallbacks). */
const WAIT_MS = 3000;

export type InterpreterOrigin = 'ldb.python' | 'python-extension' | 'project';

export interface EditorInterpreter {
  /** Absent: the core chooses (the project's .venv / venv, else python3). */
  command?: string;
  origin: InterpreterOrigin;
}

/** In words, for the output channel. */
const ORIGIN_WORDS: Record<InterpreterOrigin, string> = {
  'ldb.python': 'the ldb.python setting',
  'python-extension': "the Python extension's active environment",
  project: "the project's .venv / venv, else python3 on PATH",
};

function within<T>(ms: number, work: Thenable<T>): Promise<T | undefined> {
  return Promise.race([
    Promise.resolve(work),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms)),
  ]);
}

export class EditorInterpreters implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** The active environment of the Python extension changed, or `ldb.python` did. */
  readonly onDidChange = this.changed.event;
  private api: Promise<PythonExtension | undefined> | undefined;
  private readonly said = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ldb.python')) this.changed.fire();
      }),
    );
  }

  /** The interpreter for a file (or folder), the choice logged when it is new for its folder. */
  async for(scope: vscode.Uri | undefined): Promise<EditorInterpreter> {
    const choice = await this.choose(scope);
    const folder = scope && vscode.workspace.getWorkspaceFolder(scope);
    const where = folder?.name ?? 'the window';
    const installed = vscode.extensions.getExtension(PVSC_EXTENSION_ID) !== undefined;
    const text = choice.command
      ? `${choice.command} (${ORIGIN_WORDS[choice.origin]})`
      : `none named in the editor (ldb.python is empty and ${installed ? 'the Python extension names none' : 'the Python extension is not installed'}): ${ORIGIN_WORDS.project}`;
    if (this.said.get(where) !== text) {
      this.said.set(where, text);
      this.log.info(`Python for ${where}: ${text}`);
    }
    return choice;
  }

  private async choose(scope: vscode.Uri | undefined): Promise<EditorInterpreter> {
    const setting = pythonSetting(scope);
    if (setting !== undefined) return { command: setting, origin: 'ldb.python' };
    const active = await this.fromPythonExtension(scope);
    if (active !== undefined) return { command: active, origin: 'python-extension' };
    return { origin: 'project' };
  }

  /** The executable of the Python extension's active environment for this file's folder, if it has one. */
  private async fromPythonExtension(scope: vscode.Uri | undefined): Promise<string | undefined> {
    if (!vscode.extensions.getExtension(PVSC_EXTENSION_ID)) return undefined;
    this.api ??= this.connect();
    const api = await this.api;
    if (!api) return undefined;
    try {
      const active = api.environments.getActiveEnvironmentPath(scope);
      const resolved = await within(WAIT_MS, api.environments.resolveEnvironment(active));
      return resolved?.executable.uri?.fsPath ?? active.path;
    } catch (e) {
      this.log.debug(`the Python extension named no interpreter: ${(e as Error).message}`);
      return undefined;
    }
  }

  private async connect(): Promise<PythonExtension | undefined> {
    try {
      const api = await within(WAIT_MS, PythonExtension.api());
      if (!api) {
        this.api = undefined; // ask again next time: it may have finished starting
        return undefined;
      }
      this.subscriptions.push(api.environments.onDidChangeActiveEnvironmentPath(() => this.changed.fire()));
      return api;
    } catch (e) {
      this.log.debug(`the Python extension's API is not available: ${(e as Error).message}`);
      return undefined;
    }
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}

/** What ran a collection or a trace, for the output channel: `/usr/bin/python3.11 (Python 3.11.2, ...)`. */
export function interpreterText(info: InterpreterInfo, origin: InterpreterOrigin): string {
  const why =
    info.source === 'venv'
      ? "the project's venv"
      : info.source === 'default'
        ? 'python3 on PATH'
        : ORIGIN_WORDS[origin];
  return `${info.path} (Python ${info.version}; ${why})`;
}

// `ldb.*` settings -> the core's DebugSettings, the redaction function, and the model settings.
// Every setting in package.json is read here (test/unit/extension/manifest.test.ts checks it).
import * as vscode from 'vscode';
import { redactorFrom } from '../core/redaction';
import { ISOLATION_MODES, type IsolationMode } from '../core/run/isolation';
import { DEFAULT_AGENT_LIMITS, withDebugDefaults, type DebugSettings } from '../core/settings';
import type { TraceLevel } from '../core/model';

export const SECTION = 'ldb';

export type ProviderSetting = 'auto' | 'vscode-lm' | 'openai-compatible';

export interface LlmSettings {
  provider: ProviderSetting;
  vscodeModel: string;
  baseUrl: string;
  model: string;
}

function cfg(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION, scope);
}

/** `value` when it is a whole number of at least `min`, else undefined (the core's default). */
function wholeAtLeast(value: unknown, min: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min ? value : undefined;
}

/** A whole number from a setting, or undefined (the core's default) when it is not one. */
function intSetting(c: vscode.WorkspaceConfiguration, key: string, min: number): number | undefined {
  return wholeAtLeast(c.get<unknown>(key), min);
}

const LEVELS: readonly TraceLevel[] = ['block', 'line', 'function'];

/** Names the interpreter for a file (python.ts: `ldb.python`, else the Python extension's); set at activation. */
let interpreterFor: (scope: vscode.Uri | undefined) => Promise<string | undefined> = (scope) =>
  Promise.resolve(pythonSetting(scope));

export function useInterpreterLookup(lookup: typeof interpreterFor): void {
  interpreterFor = lookup;
}

/** The run and debug limits for a file, with the interpreter resolved (see python.ts). */
export async function readSettings(scope: vscode.Uri | undefined): Promise<DebugSettings> {
  const c = cfg(scope);
  const level = c.get<string>('level');
  const memoryMb = intSetting(c, 'memoryMb', 16);
  return withDebugDefaults({
    python: await interpreterFor(scope),
    node: nodeSetting(scope),
    level: LEVELS.includes(level as TraceLevel) ? (level as TraceLevel) : undefined,
    maxBlocks: intSetting(c, 'maxBlocks', 0),
    maxIters: intSetting(c, 'maxIters', 1),
    timeoutMs: intSetting(c, 'timeoutMs', 1),
    maxValueLength: intSetting(c, 'valueLength', 8),
    memoryBytes: memoryMb === undefined ? undefined : memoryMb * 1024 * 1024,
    contextBudget: intSetting(c, 'contextBudget', 256),
    isolation: isolationSetting(),
    ...runLimitSettings(),
  });
}

/**
 * `ldb.run.isolation` from the user's own settings only: a workspace (a repository someone else
 * wrote) must not be able to switch off the isolation of the code it makes LDB run.
 */
function isolationSetting(): IsolationMode | undefined {
  const value = cfg().inspect<string>('run.isolation')?.globalValue;
  return ISOLATION_MODES.find((m) => m === value);
}

/**
 * `ldb.run.maxProcesses` and `ldb.run.maxFileMb` from the user's own settings only, as the
 * isolation: they bound what the code LDB runs can do to the machine (a fork bomb, a disk filled),
 * so a workspace must not be able to raise them. The minimums are the CLI's (settingsFlags.ts).
 */
function runLimitSettings(): Pick<Partial<DebugSettings>, 'maxProcesses' | 'maxFileBytes'> {
  const c = cfg();
  const fileMb = wholeAtLeast(c.inspect<unknown>('run.maxFileMb')?.globalValue, 1);
  return {
    maxProcesses: wholeAtLeast(c.inspect<unknown>('run.maxProcesses')?.globalValue, 16),
    maxFileBytes: fileMb === undefined ? undefined : fileMb * 1024 * 1024,
  };
}

/** `ldb.python` as the user, the workspace or the folder set it; undefined when it is empty. */
export function pythonSetting(scope: vscode.Uri | undefined): string | undefined {
  return explicitText(cfg(scope).inspect<string>('python'));
}

/** `ldb.node` as the user, the workspace or the folder set it; undefined when it is empty. */
function nodeSetting(scope: vscode.Uri | undefined): string | undefined {
  return explicitText(cfg(scope).inspect<string>('node'));
}

/** The innermost value a text setting was given, trimmed; undefined when none or empty. */
function explicitText(
  inspected: { workspaceFolderValue?: string; workspaceValue?: string; globalValue?: string } | undefined,
): string | undefined {
  const explicit =
    inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue ?? undefined;
  return typeof explicit === 'string' && explicit.trim() !== '' ? explicit.trim() : undefined;
}

/**
 * `ldb.redactPatterns` as one function: every match becomes `***`. Undefined when there are none.
 * The patterns of the user, the workspace and the folder all apply: a workspace can add patterns
 * but never switch off the user's. An invalid pattern is bad input: nothing may leave the machine
 * unredacted by mistake.
 */
export function readRedactor(scope?: vscode.Uri): ((text: string) => string) | undefined {
  const inspected = cfg(scope).inspect<unknown>('redactPatterns');
  const strings = (raw: unknown): string[] =>
    Array.isArray(raw) ? raw.filter((p): p is string => typeof p === 'string' && p !== '') : [];
  const patterns = [
    ...new Set([
      ...strings(inspected?.globalValue),
      ...strings(inspected?.workspaceValue),
      ...strings(inspected?.workspaceFolderValue),
    ]),
  ];
  return redactorFrom(patterns, (i) => `ldb.redactPatterns[${i}]`);
}

export function readLlmSettings(): LlmSettings {
  const c = cfg();
  const provider = c.get<string>('llm.provider');
  return {
    provider:
      provider === 'vscode-lm' || provider === 'openai-compatible' || provider === 'auto' ? provider : 'auto',
    vscodeModel: (c.get<string>('llm.vscodeModel') ?? '').trim(),
    baseUrl: (c.get<string>('llm.baseUrl') ?? '').trim(),
    model: (c.get<string>('llm.model') ?? '').trim(),
  };
}

export function codeLensEnabled(): boolean {
  return cfg().get<boolean>('codeLens') !== false;
}

export interface ToolSettings {
  /** Ask the user before a language model tool runs code. */
  confirmRuns: boolean;
  maxResultChars: number;
}

/**
 * The language model tools' settings. Only the user's own setting can stop the confirmation of
 * runs: a workspace must not be able to let an agent run code unasked.
 */
export function readToolSettings(): ToolSettings {
  const c = cfg();
  const confirm = c.inspect<unknown>('tools.confirmRuns');
  return {
    confirmRuns: confirm?.globalValue !== false,
    maxResultChars: intSetting(c, 'tools.maxResultChars', 1000) ?? DEFAULT_AGENT_LIMITS.maxResultChars,
  };
}

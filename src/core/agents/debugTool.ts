// The debug tool of the MCP face: the same debugProgram `ldb debug` calls, on a file held to the
// allowed folders, with the model the server was configured with. It never writes the file.
import { debugProgram } from '../debug/debugger';
import type { DebugProgress } from '../debug/request';
import { badInput } from '../errors';
import type { LlmClient } from '../llm/port';
import type { Session } from '../model';
import type { DebugSettings } from '../settings';
import type { Assets } from '../trace/tracing';
import { folderHolding, resolveInFolders } from './allowedPaths';

export interface DebugToolInput {
  file: string;
  function?: string;
  tests: string[];
  task?: string;
  maxIters?: number;
}

export function readDebugInput(raw: unknown): DebugToolInput {
  if (typeof raw !== 'object' || raw === null) throw badInput('debug: the input must be an object');
  const r = raw as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const v = r[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw badInput(`debug: ${key} must be a string`);
    return v;
  };
  const file = text('file');
  if (file === undefined) throw badInput('debug: file is required (a Python file)');
  const tests = r.tests ?? [];
  if (!Array.isArray(tests) || tests.some((t) => typeof t !== 'string' || t.trim() === '')) {
    throw badInput('debug: tests must be a list of tests as code, e.g. ["assert f(1) == 2"]');
  }
  const maxIters = r.maxIters;
  if (
    maxIters !== undefined &&
    (typeof maxIters !== 'number' || !Number.isInteger(maxIters) || maxIters < 1)
  ) {
    throw badInput(`debug: maxIters must be a whole number >= 1, got ${JSON.stringify(maxIters)}`);
  }
  const fn = text('function');
  const task = text('task');
  return {
    file,
    tests: tests as string[],
    ...(fn !== undefined ? { function: fn } : {}),
    ...(task !== undefined ? { task } : {}),
    ...(typeof maxIters === 'number' ? { maxIters } : {}),
  };
}

export async function runDebugTool(
  input: DebugToolInput,
  run: {
    folders: readonly string[];
    settings: DebugSettings;
    assets: Assets;
    llm: LlmClient;
    signal?: AbortSignal;
    onProgress?: (event: DebugProgress) => void;
    redact?: (value: string) => string;
  },
): Promise<Session> {
  const path = resolveInFolders(input.file, run.folders);
  return debugProgram({
    path,
    tests: input.tests,
    ...(input.function !== undefined ? { functionName: input.function } : {}),
    ...(input.task !== undefined ? { task: input.task } : {}),
    settings: { ...run.settings, ...(input.maxIters !== undefined ? { maxIters: input.maxIters } : {}) },
    assets: run.assets,
    llm: run.llm,
    cwd: folderHolding(path, run.folders),
    ...(run.signal ? { signal: run.signal } : {}),
    ...(run.onProgress ? { onProgress: run.onProgress } : {}),
    ...(run.redact ? { redact: run.redact } : {}),
  });
}

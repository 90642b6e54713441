// The trace tool of the agent faces (MCP, VS Code language model tool): its input checked, the file
// held to the allowed folders, a test id looked up, then the same traceTest `ldb trace` calls.
import { badInput } from '../errors';
import type { TestCase, TraceLevel } from '../model';
import type { Settings } from '../settings';
import { loadProgram, traceTest, type Assets, type TraceReport } from '../trace/tracing';
import { folderHolding, resolveInFolders } from './allowedPaths';

export interface TraceToolInput {
  file: string;
  test?: string;
  testId?: string;
  function?: string;
  level?: TraceLevel;
  maxBlocks?: number;
}

const LEVELS: readonly TraceLevel[] = ['block', 'line', 'function'];

function optionalString(raw: Record<string, unknown>, key: string): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badInput(`trace: ${key} must be a string`);
  return v;
}

/** The input an agent sent, checked; anything wrong is one line that says what to send instead. */
export function readTraceInput(raw: unknown): TraceToolInput {
  if (typeof raw !== 'object' || raw === null) throw badInput('trace: the input must be an object');
  const r = raw as Record<string, unknown>;
  const file = optionalString(r, 'file');
  if (file === undefined || file.trim() === '') throw badInput('trace: file is required (a Python file)');
  const test = optionalString(r, 'test');
  const testId = optionalString(r, 'testId');
  if ((test === undefined || test.trim() === '') && (testId === undefined || testId === '')) {
    throw badInput('trace: give test (code, e.g. "assert f(1) == 2") or testId (from the tests tool)');
  }
  if (test !== undefined && test.trim() !== '' && testId !== undefined && testId !== '') {
    throw badInput('trace: give test or testId, not both');
  }
  const fn = optionalString(r, 'function');
  const level = optionalString(r, 'level');
  if (level !== undefined && !LEVELS.includes(level as TraceLevel)) {
    throw badInput(`trace: level must be one of ${LEVELS.join(', ')}, got '${level}'`);
  }
  const maxBlocks = r.maxBlocks;
  if (
    maxBlocks !== undefined &&
    (typeof maxBlocks !== 'number' || !Number.isInteger(maxBlocks) || maxBlocks < 0)
  ) {
    throw badInput(`trace: maxBlocks must be a whole number >= 0, got ${JSON.stringify(maxBlocks)}`);
  }
  return {
    file,
    ...(test !== undefined && test.trim() !== '' ? { test } : {}),
    ...(testId !== undefined && testId !== '' ? { testId } : {}),
    ...(fn !== undefined && fn !== '' ? { function: fn } : {}),
    ...(level !== undefined ? { level: level as TraceLevel } : {}),
    ...(typeof maxBlocks === 'number' ? { maxBlocks } : {}),
  };
}

export interface TraceToolRun {
  folders: readonly string[];
  settings: Settings;
  assets: Assets;
  signal?: AbortSignal;
  redact?: (value: string) => string;
}

async function findTest(path: string, testId: string, assets: Assets): Promise<TestCase> {
  const source = await loadProgram({ path, assets });
  const found = source.tests.find((t) => t.id === testId);
  if (found) return found;
  const ids = source.tests.map((t) => t.id);
  throw badInput(
    ids.length === 0
      ? `unknown test id '${testId}': ${path} has no tests; give the test as code instead`
      : `unknown test id '${testId}': the tests of ${path} are ${ids.join(', ')}`,
  );
}

export async function runTraceTool(input: TraceToolInput, run: TraceToolRun): Promise<TraceReport> {
  const path = resolveInFolders(input.file, run.folders);
  const test =
    input.testId !== undefined ? await findTest(path, input.testId, run.assets) : (input.test ?? '');
  return traceTest({
    path,
    test,
    ...(input.function !== undefined ? { functionName: input.function } : {}),
    settings: {
      ...run.settings,
      ...(input.level !== undefined ? { level: input.level } : {}),
      ...(input.maxBlocks !== undefined ? { maxBlocks: input.maxBlocks } : {}),
    },
    assets: run.assets,
    cwd: folderHolding(path, run.folders),
    ...(run.signal ? { signal: run.signal } : {}),
    ...(run.redact ? { redact: run.redact } : {}),
    oneShot: true,
  });
}

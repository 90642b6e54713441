// Shared by the runtime's tests: running a fixture under the tracer, the interpreters installed,
// and a normal form of results for golden files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPythonTest } from '../../../src/core/languages/python/runTest';
import type { RunResult, SourceFile, TestCase, TestForm } from '../../../src/core/model';
import { DEFAULT_SETTINGS, type RunLimits } from '../../../src/core/settings';
import { DIST_DIR, PYTHON_FIXTURES } from '../../support/paths';
import { fixtureMap } from './fixtureMap';

export const RUNTIME_FIXTURES = join(PYTHON_FIXTURES, 'runtime');
export const RUNTIME_DIR = join(DIST_DIR, 'python');

export const DEFAULT_LIMITS: RunLimits = {
  timeoutMs: DEFAULT_SETTINGS.timeoutMs,
  killGraceMs: DEFAULT_SETTINGS.killGraceMs,
  memoryBytes: DEFAULT_SETTINGS.memoryBytes,
  maxStdoutBytes: DEFAULT_SETTINGS.maxStdoutBytes,
  maxStderrBytes: DEFAULT_SETTINGS.maxStderrBytes,
  maxValueLength: DEFAULT_SETTINGS.maxValueLength,
  maxVisits: DEFAULT_SETTINGS.maxVisits,
  maxEvents: DEFAULT_SETTINGS.maxEvents,
  maxTraceBytes: DEFAULT_SETTINGS.maxTraceBytes,
  reprTimeoutMs: DEFAULT_SETTINGS.reprTimeoutMs,
  isolation: DEFAULT_SETTINGS.isolation,
  maxFileBytes: DEFAULT_SETTINGS.maxFileBytes,
  maxOpenFiles: DEFAULT_SETTINGS.maxOpenFiles,
  maxProcesses: DEFAULT_SETTINGS.maxProcesses,
};

/** A TestCase from its source; `assert a == b` becomes an assert-compare with both sides. */
export function makeTest(source: string, form?: TestForm, extra: Partial<TestCase> = {}): TestCase {
  const compare = /^assert\s+(.+?)\s+==\s+(.+)$/s.exec(source);
  const inferred: TestForm =
    form ?? (compare ? 'assert-compare' : source.startsWith('assert') ? 'assert' : 'call');
  return {
    id: 'given:0',
    origin: 'given',
    form: inferred,
    source,
    label: source,
    functions: [],
    ...(inferred === 'assert-compare' && compare
      ? { actualSource: compare[1], expectedSource: compare[2] }
      : {}),
    ...extra,
  };
}

export interface FixtureRun {
  python?: string;
  tracer?: 'settrace' | 'monitoring';
  limits?: Partial<RunLimits>;
  skipLines?: number[];
  signal?: AbortSignal;
}

export function fixtureSource(name: string): SourceFile {
  const path = join(RUNTIME_FIXTURES, `${name}.py`);
  return {
    path,
    language: 'python',
    text: readFileSync(path, 'utf8'),
    functions: [],
    syntaxErrors: [],
    tests: [],
  };
}

export async function runFixture(
  name: string,
  test: TestCase | string,
  opts: FixtureRun = {},
): Promise<RunResult> {
  const source = fixtureSource(name);
  const map = fixtureMap(source.text);
  return runPythonTest({
    source,
    test: typeof test === 'string' ? makeTest(test) : test,
    lineToBlock: map.lineToBlock,
    functions: map.functions,
    skipLines: opts.skipLines ?? [],
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    python: opts.python ?? 'python3',
    runtimeDir: RUNTIME_DIR,
    ...(opts.tracer ? { tracer: opts.tracer } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}

/** What a golden file keeps of a run: no times, versions or paths; long output only by length. */
export function goldenView(run: RunResult): Record<string, unknown> {
  return {
    outcome: run.outcome,
    visits: run.visits,
    droppedVisits: run.droppedVisits,
    limits: run.limits.map((l) => ({ limit: l.limit, value: l.value })),
    stdout: run.stdout.length <= 500 ? run.stdout : `<${run.stdout.length} chars>`,
  };
}

export interface InstalledPython {
  version: string;
  executable: string;
}

/** pyenv's interpreters from 3.8 on; none where pyenv is not installed. */
export function installedPythons(): InstalledPython[] {
  const root = join(process.env.PYENV_ROOT ?? '/root/.pyenv', 'versions');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((v) => /^3\.(\d+)\.\d+$/.test(v) && Number(v.split('.')[1]) >= 8)
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .map((version) => ({ version, executable: join(root, version, 'bin', 'python3') }))
    .filter((p) => existsSync(p.executable));
}

/** A killed process whose parent is gone stays a zombie until init reaps it: that is dead too. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) is all we have
  }
}

/** Killed processes are reaped by init a moment later: poll instead of sleeping blindly. */
export async function waitGone(pid: number, ms = 2000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !alive(pid);
}

// From a file and a test to a block-wise trace: the one API that `ldb trace`, the debug loop and
// the extension's "Trace Only" all call.
import { badInput } from '../errors';
import type {
  FunctionInfo,
  RunResult,
  SourceFile,
  TestCase,
  Trace,
  TraceLevel,
  TraceSegment,
} from '../model';
import type { Settings } from '../settings';
import { parseSource, preloadParser, readSource, readSourceText } from '../source';
import {
  allLanguageIds,
  languageById,
  languageForPathOrDefault,
  supportedExtensions,
} from '../languages/registry';
import type { CollectedRun, LanguageSupport, StartedCollected, StartedRuntime } from '../languages/support';
import { runtimeStartFor } from '../languages/starters';
import { entryAcross, segmentsAcross } from './acrossModules';
import { buildSegments } from './segments';
import { sampleTrace } from './sample';
import { renderTrace } from './render';
import { indexUnits } from './units';
import { countTokens, warmTokenizer } from '../llm/tokens';
import { describeLimits } from './limits';

/** Where the bundle keeps what it loads at run time: the wasm files, and each language's runtime. */
export interface Assets {
  dir: string;
}

export function wasmDir(assets: Assets): string {
  return assets.dir;
}

export interface ProgramRequest {
  path: string;
  /** The text to use instead of the file on disk (an editor's unsaved buffer). */
  text?: string;
  assets: Assets;
}

/** Reads and segments a program; a syntax error is bad input here (the debug loop handles it itself). */
export async function loadProgram(
  req: ProgramRequest & { allowSyntaxErrors?: boolean },
): Promise<SourceFile> {
  const source =
    req.text === undefined
      ? await readSource(req.path, wasmDir(req.assets))
      : await parseSource({ path: req.path, text: req.text, wasmDir: wasmDir(req.assets) });
  if (!allLanguageIds().includes(source.language)) {
    throw badInput(
      `${req.path}: LDB cannot trace ${source.language} yet; it traces ${supportedExtensions().join(', ')} files`,
    );
  }
  const first = source.syntaxErrors[0];
  if (first && !req.allowSyntaxErrors) {
    throw badInput(`${req.path}: ${first.message}`);
  }
  return source;
}

/**
 * The function a test exercises: the one named, else the first file function the test calls, else
 * a method it calls by name, else the first top-level function, else the first method.
 */
export function resolveEntry(
  source: SourceFile,
  functionName: string | undefined,
  test?: TestCase,
): FunctionInfo {
  const known = source.functions.map((f) => f.qualifiedName);
  if (functionName !== undefined) {
    const fn = source.functions.find((f) => f.qualifiedName === functionName || f.name === functionName);
    if (fn) return fn;
    throw badInput(
      known.length === 0
        ? `unknown function '${functionName}': ${source.path} defines no function`
        : `unknown function '${functionName}': known functions are ${known.join(', ')}`,
    );
  }
  const called = test?.functions.map((name) => source.functions.find((f) => f.qualifiedName === name));
  const fromTest = called?.find((f) => f !== undefined);
  if (fromTest) return fromTest;
  // A method the test calls through an object (`new Rect(2, 3).area()`): by its name in the test.
  const method = source.functions.find(
    (f) => f.parent !== undefined && test?.source.includes(`.${f.name}(`) === true,
  );
  if (method) return method;
  const topLevel = source.functions.filter((f) => f.parent === undefined);
  if (topLevel.length >= 1) return topLevel[0];
  // Classes only: their first method (every function is traced; this one leads the prompt).
  const first = source.functions[0];
  if (first) return first;
  throw badInput(`${source.path} defines no function to trace`);
}

/** A test given as text: a collected test's id (its runner runs it), else code of the language. */
export async function resolveTest(
  source: SourceFile,
  test: string | TestCase,
  index: number,
  assets: Assets,
): Promise<TestCase> {
  if (typeof test !== 'string') return test;
  // An id `ldb tests` gave for a test of this file (`assert:12`, `test-function:20`).
  const own = source.tests.find((t) => t.id === test.trim());
  if (own) return own;
  const language = languageById(source.language);
  if (language.isTestId?.(test)) {
    const id = test.trim();
    return { id, origin: 'collected', form: 'collected', source: id, label: id, functions: [] };
  }
  return language.parseGivenTest(test, index, source, wasmDir(assets));
}

export interface RunRequest {
  source: SourceFile;
  test: TestCase;
  settings: Settings;
  assets: Assets;
  /** Granularity the runtime records at: line level runs with one unit per statement. */
  level?: TraceLevel;
  /** False runs the test plainly (verification): the runtime then traces no function. */
  traced?: boolean;
  /** This process runs one test and exits: see RuntimeStart.oneShot. */
  oneShot?: boolean;
  /** Other files of the program as a fix changed them: see RuntimeRun.overlay. */
  overlay?: ReadonlyMap<string, string>;
  /**
   * The folder the run is started from, as a shell's working folder (see workingFolder.ts): the
   * CLI's own, the editor's workspace folder holding the file. Absent: this process's.
   */
  cwd?: string;
  signal?: AbortSignal;
}

/** Starts the runtime of the language `path` is written in; it waits for its program. */
export function startRuntime(
  req: Pick<RunRequest, 'settings' | 'assets' | 'signal' | 'oneShot' | 'cwd'> & { path: string },
): Promise<StartedRuntime> {
  return languageForPathOrDefault(req.path).startRuntime(
    runtimeStartFor({
      settings: req.settings,
      path: req.path,
      assetsDir: req.assets.dir,
      ...(req.cwd !== undefined ? { cwd: req.cwd } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
      ...(req.oneShot ? { oneShot: true } : {}),
    }),
  );
}

/**
 * Runs one test in the sandbox, under the tracer unless `traced` is false. A collected test (a
 * pytest item) runs under its runner, importing `source` as it is now (a fix not yet written).
 */
export async function runTest(req: RunRequest & { runtime?: Promise<StartedRuntime> }): Promise<RunResult> {
  const level = req.level ?? 'block';
  const traced = req.traced !== false;
  const language = languageById(req.source.language);
  if (req.test.origin === 'collected' && language.runCollectedTest) {
    void req.runtime?.then(
      (r) => r.cancel(),
      () => undefined,
    );
    const collected = await language.runCollectedTest({
      path: req.source.path,
      testId: req.test.id,
      program: req.source,
      traced,
      unit: level === 'line' ? 'line' : 'block',
      settings: req.settings,
      assetsDir: req.assets.dir,
      read: (path) => readSource(path, wasmDir(req.assets)),
      ...(req.cwd !== undefined ? { cwd: req.cwd } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
    });
    return collected.run;
  }
  const runtime = await (req.runtime ?? startRuntime({ ...req, path: req.source.path }));
  return runtime.run({
    source: req.source,
    test: req.test,
    unit: level === 'line' ? 'line' : 'block',
    traced,
    ...(req.overlay && req.overlay.size > 0 ? { overlay: req.overlay } : {}),
  });
}

/**
 * The test `ldb trace FILE` runs when none is given: the file's first test that does not pass
 * when run plainly (in source order), else its first test; undefined when the file has none.
 */
export async function firstFailingTest(
  source: SourceFile,
  req: Pick<RunRequest, 'settings' | 'assets' | 'signal' | 'cwd'>,
  { orFirst = true }: { orFirst?: boolean } = {},
): Promise<TestCase | undefined> {
  // With one test the answer is that test, failing or not: no plain run needed to find out.
  if (orFirst && source.tests.length <= 1) return source.tests[0];
  for (const test of source.tests) {
    const run = await runTest({ ...req, source, test, traced: false });
    if (run.outcome.status !== 'passed') return test;
  }
  return orFirst ? source.tests[0] : undefined;
}

export interface TraceRequest extends ProgramRequest {
  /** Absent: a test file of a project, whose first test that does not pass is traced. */
  test?: string | TestCase;
  functionName?: string;
  settings: Settings;
  signal?: AbortSignal;
  redact?: (value: string) => string;
  /** See RunRequest.oneShot. */
  oneShot?: boolean;
  /** See RunRequest.cwd: a collected test's id is read as its runner run from there reads it. */
  cwd?: string;
  /**
   * A runtime already started for this file with these settings (the CLI starts one before it has
   * loaded this module): used for a test given as code, cancelled on every other path.
   */
  runtime?: Promise<StartedRuntime>;
  /** A collected test's runner started ahead (the CLI's head start): used by that test's run, else ended. */
  collected?: StartedCollected;
}

export interface TraceReport {
  source: SourceFile;
  entry: FunctionInfo;
  test: TestCase;
  run: RunResult;
  /** Every segment, unsampled (the extension shows all visits). */
  segments: TraceSegment[];
  /** The sampled trace that goes into the prompt. */
  trace: Trace;
  prompt: string;
  promptTokens: number;
  timing: { totalMs: number; runMs: number };
  /**
   * A run across modules (a collected test under its runner): every segmented project file by
   * its relative path, and the entry's. `source` is then the entry's file.
   */
  files?: ReadonlyMap<string, SourceFile>;
  entryFile?: string;
}

export async function traceTest(req: TraceRequest): Promise<TraceReport> {
  const started = performance.now();
  const language = languageForPathOrDefault(req.path);
  const testId = typeof req.test === 'string' && language.isTestId?.(req.test) ? req.test : undefined;
  // A runner started ahead serves only the collected test it was started for.
  const collected = req.collected;
  if (collected !== undefined && testId === undefined) collected.cancel();
  if (req.test === undefined) return traceFirstFailing(withoutCollected(req), language, started);
  if (testId !== undefined) {
    if (req.runtime) cancelRuntime(req.runtime);
    return traceCollected(withoutRuntime(req), testId, language, started, collected);
  }
  const given = req.test;
  const runtime = startEarly(req);
  const loaded = await withEarlyRuntime(runtime, async () => {
    const source = await loadProgram(req);
    const test = await resolveTest(source, given, 0, req.assets);
    return { source, test, entry: resolveEntry(source, req.functionName, test) };
  });
  return traceLoaded(req, loaded, runtime, started);
}

/**
 * A process that traces once starts the interpreter first (unless the CLI did already, before it
 * loaded this module), so that its start-up overlaps the parsing that follows; the runtime waits
 * for its program on stdin. The parser's wasm is compiling on background threads meanwhile
 * (starting a process blocks this thread until it has started).
 */
function startEarly(req: TraceRequest): Promise<StartedRuntime> | undefined {
  if (req.oneShot) preloadParser(req.path, wasmDir(req.assets));
  const runtime =
    req.runtime ?? (req.oneShot ? startRuntime({ ...runStart(req), path: req.path }) : undefined);
  // Its failure (say, no temp dir) surfaces where it is awaited, not as an unhandled rejection.
  void runtime?.catch(() => undefined);
  return runtime;
}

/** What the early runtime waits for; if it cannot be made, the runtime is told to go. */
async function withEarlyRuntime<T>(
  runtime: Promise<StartedRuntime> | undefined,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (runtime) cancelRuntime(runtime);
    throw e;
  }
}

function runStart(req: TraceRequest) {
  return {
    settings: req.settings,
    assets: req.assets,
    ...(req.cwd !== undefined ? { cwd: req.cwd } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
    ...(req.oneShot ? { oneShot: true } : {}),
  };
}

interface Loaded {
  source: SourceFile;
  test: TestCase;
  entry: FunctionInfo;
}

async function traceLoaded(
  req: TraceRequest,
  { source, test, entry }: Loaded,
  runtime: Promise<StartedRuntime> | undefined,
  started: number,
): Promise<TraceReport> {
  const running = runTest({
    ...runStart(req),
    source,
    test,
    level: req.settings.level,
    ...(runtime ? { runtime } : {}),
  });
  // The prompt's token count needs the tokenizer: make it while the child runs the test (from the
  // index the bundle ships beside it). Not sooner: the parse the child waits for comes first.
  setImmediate(() => warmTokenizer(req.assets.dir));
  const run = await running;
  return assembleTrace({
    source,
    entry,
    test,
    run,
    settings: req.settings,
    ...(req.redact ? { redact: req.redact } : {}),
    started,
  });
}

/** Ends a runtime that will get no program (its child exits, its folder goes). */
function cancelRuntime(runtime: Promise<StartedRuntime>): void {
  void runtime.then(
    (r) => r.cancel(),
    () => undefined,
  );
}

/** The request without what was started ahead for it (each is taken once, or ended). */
function withoutRuntime(req: TraceRequest): TraceRequest {
  const { runtime: _runtime, collected: _collected, ...rest } = req;
  return rest;
}

function withoutCollected(req: TraceRequest): TraceRequest {
  const { collected: _collected, ...rest } = req;
  return rest;
}

/**
 * No test named: a test file whose runner can run it, else the file's own tests; the first that
 * does not pass. A process that traces once traces the first test at once, in the runtime started
 * while the file is parsed (or by the CLI before): when that test does not pass, or is the only
 * one, that is the trace; else the others run plainly until one does not pass.
 */
async function traceFirstFailing(
  req: TraceRequest,
  language: LanguageSupport,
  started: number,
): Promise<TraceReport> {
  let text: string;
  try {
    text = req.text ?? (await readSourceText(req.path));
  } catch (e) {
    if (req.runtime) cancelRuntime(req.runtime);
    throw e;
  }
  if (language.runCollectedTest && language.collectsFrom?.(req.path, text)) {
    if (req.runtime) cancelRuntime(req.runtime);
    return traceCollected(withoutRuntime(req), undefined, language, started);
  }
  const runtime = startEarly(req);
  const loaded = await withEarlyRuntime(runtime, async () => {
    const source = await loadProgram({ ...req, text });
    // The file's own tests (asserts, doctests, console.assert, testX() calls, node:test).
    const first = source.tests[0];
    if (first === undefined)
      throw badInput(
        `trace: --test is required for ${req.path}, e.g. --test "assert f(1) == 2" (without one, a test file of a project or a file with tests of its own has its first test that does not pass traced)`,
      );
    return { source, test: first, entry: resolveEntry(source, req.functionName, first) };
  });
  const { source } = loaded;
  const rest = withoutRuntime({ ...req, text });
  if (runtime) {
    const report = await traceLoaded(req, loaded, runtime, started);
    if (source.tests.length === 1 || report.run.outcome.status !== 'passed') return report;
    // Plain runs, each in a runtime of its own (the early one ran the first test).
    const failing = await firstFailingTest({ ...source, tests: source.tests.slice(1) }, rest, {
      orFirst: false,
    });
    return failing === undefined ? report : traceTest({ ...rest, test: failing });
  }
  return traceTest({ ...rest, test: (await firstFailingTest(source, rest)) ?? loaded.test });
}

/** A collected test (the runner's id) run under its runner, traced across the project's files. */
async function traceCollected(
  req: TraceRequest,
  testId: string | undefined,
  language: LanguageSupport,
  started: number,
  runner?: StartedCollected,
): Promise<TraceReport> {
  if (!language.runCollectedTest) {
    runner?.cancel();
    throw badInput(`${req.path}: LDB cannot run collected tests of this language`);
  }
  const level = req.settings.level;
  const running = language.runCollectedTest({
    path: req.path,
    ...(testId !== undefined ? { testId } : {}),
    unit: level === 'line' ? 'line' : 'block',
    settings: req.settings,
    assetsDir: req.assets.dir,
    read: (path) => readSource(path, wasmDir(req.assets)),
    ...(req.cwd !== undefined ? { cwd: req.cwd } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
    ...(runner ? { started: runner } : {}),
  });
  // The prompt's token count needs the tokenizer: made from its index while the runner runs.
  setImmediate(() => warmTokenizer(req.assets.dir));
  return reportAcross(await running, req, started);
}

/** The report of a collected test's traced run: its entry, its segments file by file, the prompt. */
export function reportAcross(
  collected: CollectedRun,
  req: Pick<TraceRequest, 'functionName' | 'settings' | 'redact'>,
  started: number,
): TraceReport {
  const { run, files } = collected;
  const level = req.settings.level;
  const entry = entryAcross(files, run, req.functionName);
  const segments = segmentsAcross(files, run, level, entry.file);
  const { trace, prompt } = sampledPrompt({
    segments,
    run,
    entry: entry.fn,
    level,
    maxBlocks: req.settings.maxBlocks,
    ...(req.redact ? { redact: req.redact } : {}),
  });
  return {
    source: entry.source,
    entry: entry.fn,
    test: collected.test,
    run,
    segments,
    trace,
    prompt,
    promptTokens: countTokens(prompt),
    timing: { totalMs: Math.round(performance.now() - started), runMs: Math.round(run.runMs) },
    files,
    entryFile: entry.file,
  };
}

/** Every segment of a run at a level, unsampled: what the extension draws before any prompt exists. */
export function segmentsOf(source: SourceFile, run: RunResult, level: TraceLevel): TraceSegment[] {
  const units = indexUnits(
    languageById(source.language).lineMap(source, level === 'line' ? 'line' : 'block'),
  );
  return buildSegments(source, run.visits, level, units);
}

/** The trace sampled to `maxBlocks` and rendered as the model reads it. */
export function sampledPrompt(args: {
  segments: readonly TraceSegment[];
  run: RunResult;
  entry: FunctionInfo;
  level: TraceLevel;
  maxBlocks: number;
  redact?: (value: string) => string;
}): { trace: Trace; prompt: string } {
  const trace = sampleTrace(args.segments, args.level, args.maxBlocks);
  const stopped = describeLimits(args.run);
  const prompt = renderTrace(trace, {
    entryFunction: args.entry.qualifiedName,
    ...(args.redact ? { redact: args.redact } : {}),
    ...(stopped ? { stoppedBecause: stopped } : {}),
  });
  return { trace, prompt };
}

export function assembleTrace(args: {
  source: SourceFile;
  entry: FunctionInfo;
  test: TestCase;
  run: RunResult;
  settings: Pick<Settings, 'level' | 'maxBlocks'>;
  redact?: (value: string) => string;
  started?: number;
}): TraceReport {
  const { source, entry, test, run, settings } = args;
  const segments = segmentsOf(source, run, settings.level);
  const { trace, prompt } = sampledPrompt({
    segments,
    run,
    entry,
    level: settings.level,
    maxBlocks: settings.maxBlocks,
    ...(args.redact ? { redact: args.redact } : {}),
  });
  const totalMs = args.started === undefined ? run.runMs : performance.now() - args.started;
  return {
    source,
    entry,
    test,
    run,
    segments,
    trace,
    prompt,
    promptTokens: countTokens(prompt),
    timing: { totalMs: Math.round(totalMs), runMs: Math.round(run.runMs) },
  };
}

// Runs one collected test under pytest itself (`python -m pytest NODEID -p ldb_pytest_plugin`), in
// the project's interpreter, from the project root, with the tracer on the project's own files.
// It runs as every other run does: the allow-listed environment, isolation, the real executable,
// the limits (startItem.ts); the result comes on the inherited pipe in frames signed with this
// run's token. Here: the plugin's config, its questions answered, its result read.
import { LdbError } from '../../../errors';
import type { InterpreterSource, RunResult, SourceFile } from '../../../model';
import type { Settings } from '../../../settings';
import { processRlimit } from '../../../run/rlimits';
import type { ProcessResult } from '../../../run/sandbox';
import { functionTable, lineToBlock } from '../lineMap';
import { parseRuntimeResult, toRunResult } from '../runTest';
import { lastSignedFrame } from '../../../run/resultChannel';
import { isQuestion, QuestionReader, stdinFrame } from './conversation';
import { startPytest, type PytestLaunch, type StartedPytest } from './startItem';
/** Between a traced file's path and a function or block id in what the plugin gets and gives. */
export const FILE_SEPARATOR = '::';

/** A run of one item: how pytest starts (PytestLaunch), and what its plugin is given and asked. */
export interface PytestItemRequest extends PytestLaunch {
  /** With firstFailing, `nodeId` is a test file: every item runs until one does not pass. */
  firstFailing?: boolean;
  /**
   * Files segmented before the run, by relative path. A promise: pytest starts and collects
   * meanwhile (the plugin reads its config when the first test is about to run); a rejection
   * ends the run and is rethrown.
   */
  files: Promise<ReadonlyMap<string, SourceFile>>;
  /**
   * Asked the first time a function of another file runs (its real path): its relative path and
   * segmented source when it is traced, else undefined. Every function of a traced file is traced.
   */
  segment: (path: string) => Promise<SegmentedFile | undefined>;
  /** False runs the test plainly (verifying a fix): no tracer, no question asked. */
  traced?: boolean;
  unit: 'block' | 'line';
  interpreterSource: InterpreterSource;
}

export interface SegmentedFile {
  rel: string;
  source: SourceFile;
}

export interface PytestItemRun {
  /** Visits and exceptions carry plain function names and block ids, with the file apart. */
  run: RunResult;
  /** Items pytest selected: 0 when the node id named nothing (pytest then said why on its output). */
  selected: number;
  /** The item traced (with firstFailing: the first that did not pass, else the last). */
  nodeId?: string;
  /** Where an exception that never reached a traced file was raised in the test's code. */
  testWhere?: { file: string; line: number };
}

/** The launch a request makes (runCollected.ts compares a head start's with it). */
export function launchOf(req: PytestItemRequest): PytestLaunch {
  return {
    nodeId: req.nodeId,
    root: req.root,
    python: req.python,
    cwd: req.cwd,
    runtimeDir: req.runtimeDir,
    readable: req.readable,
    ...(req.overlay ? { overlay: req.overlay } : {}),
    settings: req.settings,
    ...(req.signal ? { signal: req.signal } : {}),
  };
}

/** Runs the item; `started`: pytest already started on this very launch (the CLI's head start). */
export async function runPytestItem(req: PytestItemRequest, started?: StartedPytest): Promise<PytestItemRun> {
  const pytest = started ?? (await startPytest(launchOf(req)));
  const { resultFd, resultToken, overlayCopies, interpreter, isolation } = pytest;
  const proc = await pytest.finish(
    req.files.then((files) =>
      stdinFrame(JSON.stringify(pluginConfig(req, files, resultFd, resultToken, overlayCopies))),
    ),
    answering(req, resultToken),
  );
  await req.files; // segmenting failed: that is the error (the run was stopped for it)
  if (proc.cancelled) throw new LdbError('cancelled', 'the test run was cancelled');
  const run = fromPlugin(proc, resultToken, req.settings, interpreter.version);
  run.run.interpreter = {
    path: interpreter.executable,
    version: run.run.pythonVersion ?? interpreter.version,
    source: req.interpreterSource,
  };
  run.run.isolation = isolation;
  return run;
}

/** Answers the plugin's questions one at a time, in the order asked (it waits for each). */
function answering(
  req: PytestItemRequest,
  token: string,
): (chunk: Buffer, reply: (text: string) => void) => void {
  let answered = Promise.resolve();
  let replyTo: (text: string) => void = () => undefined;
  const reader = new QuestionReader(token, (path) => {
    answered = answered.then(async () => {
      const found = await req.segment(path).catch(() => undefined);
      replyTo(stdinFrame(JSON.stringify(found ? { file: fileConfig(req, found.rel, found.source) } : {})));
    });
  });
  return (chunk, reply) => {
    replyTo = reply;
    reader.push(chunk);
  };
}

/** What the plugin knows of a traced file: ids prefixed with its relative path. */
function fileConfig(req: PytestItemRequest, rel: string, source: SourceFile): Record<string, unknown> {
  const prefix = `${rel}${FILE_SEPARATOR}`;
  const map = lineToBlock(source, req.unit);
  return {
    rel,
    path: source.path,
    lineToBlock: Object.fromEntries(Object.entries(map).map(([line, block]) => [line, prefix + block])),
    functions: functionTable(source).map((f) => ({ ...f, qualifiedName: prefix + f.qualifiedName })),
  };
}

function pluginConfig(
  req: PytestItemRequest,
  segmented: ReadonlyMap<string, SourceFile>,
  fd: number,
  token: string,
  overlay: Record<string, string> | undefined,
): Record<string, unknown> {
  const files = [...segmented].map(([rel, source]) => fileConfig(req, rel, source));
  const l = req.settings;
  return {
    root: req.root,
    files,
    limits: {
      timeoutMs: l.timeoutMs,
      memoryBytes: l.memoryBytes,
      maxValueLength: l.maxValueLength,
      maxVisits: l.maxVisits,
      maxEvents: l.maxEvents,
      maxTraceBytes: l.maxTraceBytes,
      reprTimeoutMs: l.reprTimeoutMs,
      killGraceMs: l.killGraceMs,
      maxFileBytes: l.maxFileBytes,
      maxOpenFiles: l.maxOpenFiles,
      maxProcesses: processRlimit(l.maxProcesses),
    },
    resultFd: fd,
    resultToken: token,
    ...(req.firstFailing ? { firstFailing: true } : {}),
    ...(req.traced === false ? { traced: false } : {}),
    ...(overlay ? { overlay } : {}),
  };
}

/** `src/shop/pricing.py::round_money#1` -> the file and the id within it. */
export function splitFileId(id: string): { file?: string; id: string } {
  const at = id.lastIndexOf(FILE_SEPARATOR);
  return at < 0 ? { id } : { file: id.slice(0, at), id: id.slice(at + FILE_SEPARATOR.length) };
}

function fromPlugin(proc: ProcessResult, token: string, limits: Settings, version: string): PytestItemRun {
  const text = lastSignedFrame(proc.channel, token, (frame) => !isQuestion(frame));
  const written = text === undefined ? undefined : parseRuntimeResult(text);
  const extra = (text === undefined ? {} : JSON.parse(text)) as {
    items?: number;
    nodeid?: string;
    outcome?: { exception?: { testFile?: string; testLine?: number } };
  };
  const run = toRunResult(written, proc, limits, version);
  const visits = run.visits.map((v) => {
    const block = splitFileId(v.block);
    const fn = splitFileId(v.function);
    const raised =
      v.raised?.function === undefined
        ? v.raised
        : { ...v.raised, function: splitFileId(v.raised.function).id };
    return {
      ...v,
      block: block.id,
      function: fn.id,
      ...(block.file !== undefined ? { file: block.file } : {}),
      ...(raised ? { raised } : {}),
    };
  });
  const { exception } = run.outcome;
  let testWhere: PytestItemRun['testWhere'];
  let outcome = run.outcome;
  if (exception) {
    const { testFile, testLine, ...rest } = exception as typeof exception & {
      testFile?: string;
      testLine?: number;
    };
    if (testFile !== undefined && testLine !== undefined) testWhere = { file: testFile, line: testLine };
    outcome = {
      ...run.outcome,
      exception: rest.function === undefined ? rest : { ...rest, function: splitFileId(rest.function).id },
    };
  }
  return {
    run: {
      ...run,
      outcome,
      visits,
    },
    selected: extra.items ?? 0,
    ...(extra.nodeid !== undefined ? { nodeId: extra.nodeid } : {}),
    ...(testWhere ? { testWhere } : {}),
  };
}

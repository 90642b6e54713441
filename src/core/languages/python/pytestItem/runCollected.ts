// `ldb trace PROGRAM --test NODEID`: one pytest item run under pytest, every function of the
// project's own files traced. An id that names nothing lists the nearest collected ids; a test that
// fails before it reaches the project's code is told as such (there is nothing to trace).
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { badInput } from '../../../errors';
import type { CollectedRun, CollectedRunRequest } from '../../support';
import { collectPythonTests } from '../collectTests';
import { closestIds } from './closestIds';
import { planItem, realRoot, takeEarly } from './earlyItem';
import { TracedFiles } from './tracedFiles';
import { launchOf, runPytestItem, type PytestItemRequest } from './runItem';

/** How many near ids a node id that names nothing lists. */
const CLOSEST_SHOWN = 3;

export async function runCollectedPytest(
  req: CollectedRunRequest,
  runtimeFolder: string,
): Promise<CollectedRun> {
  let plan: ReturnType<typeof planItem>;
  try {
    plan = planItem(req.path, req.testId, req.settings.python, req.cwd);
  } catch (e) {
    req.started?.cancel();
    throw e;
  }
  const { file, project, testFile, nodeId, choice, cwd } = plan;
  const firstFailing = req.testId === undefined;
  const traced = req.traced !== false;
  const reached = new TracedFiles({ root: project.root, testFile }, req.settings.maxProjectFiles, req.read);
  if (req.program) reached.preset(req.program);
  const overlay = withProgram(req, reached);
  // The program named is segmented while pytest starts (the plugin's config waits for it); any
  // other file, when the test first runs one of its functions. A plain run (verifying a fix)
  // segments and traces nothing.
  const before = traced ? reached.segment(file).then(() => reached.files) : Promise.resolve(reached.files);
  before.catch(() => undefined); // rethrown where it is awaited
  const item: PytestItemRequest = {
    nodeId,
    firstFailing,
    root: realRoot(project),
    files: before,
    segment: (path) => reached.segment(path),
    traced,
    unit: req.unit,
    python: choice.command,
    interpreterSource: choice.source,
    cwd,
    runtimeDir: join(req.assetsDir, runtimeFolder),
    readable: [dirname(file)],
    ...(overlay.size > 0 ? { overlay } : {}),
    settings: req.settings,
    ...(req.signal ? { signal: req.signal } : {}),
  };
  const done = await runPytestItem(item, takeEarly(req.started, launchOf(item)));
  // With a program or a fix on trial, a test that no longer runs (say, an import it breaks) is its
  // outcome, not bad input.
  const trial = overlay.size > 0;
  if (done.selected === 0 && trial)
    return { root: project.root, test: collectedTest(nodeId), files: reached.files, run: done.run };
  if (done.selected === 0)
    await nothingSelected(req, runtimeFolder, project.root, testFile, nodeId, firstFailing);
  const { run } = done;
  const files = reached.files;
  const filesHit = reached.limitHit();
  if (filesHit) run.limits.push(filesHit);
  const ran = done.nodeId ?? nodeId;
  if (firstFailing && run.outcome.status === 'passed')
    throw badInput(
      `every test in ${nodeId} passes: name the one to trace with --test (ldb tests ${nodeId} lists them)`,
    );
  const exception = run.outcome.exception;
  // A trace asked for (not a plain run, not a fix on trial) that has nothing to show is bad input.
  const asked = traced && !trial;
  if (asked && exception?.type === 'Skipped' && run.visits.length === 0)
    throw badInput(
      `${ran} is skipped (${firstLine(exception.message)}): pytest does not run it, nothing to trace`,
    );
  if (asked && run.visits.length === 0 && exception !== undefined && exception.file === undefined) {
    const where = done.testWhere
      ? ` (${relative(project.root, done.testWhere.file).split(sep).join('/')}:${done.testWhere.line})`
      : '';
    throw badInput(
      `${ran} never reached the project's code: ${exception.type}: ${firstLine(exception.message)}${where}; fix the test itself`,
    );
  }
  return { root: project.root, test: collectedTest(ran), files, run };
}

function collectedTest(id: string): CollectedRun['test'] {
  return { id, origin: 'collected', form: 'test-function', source: id, label: id, functions: [] };
}

/**
 * The overlay a run imports: the fix's other files, and the program being debugged as it is now
 * (a fix not yet written), which is also what its blocks are read from. A test module or conftest
 * is run by pytest from disk (its assertion rewriting reads the file itself): never overlaid.
 */
function withProgram(req: CollectedRunRequest, reached: TracedFiles): ReadonlyMap<string, string> {
  const overlay = new Map(req.overlay ?? []);
  const program = req.program;
  if (program === undefined || !reached.owns(program.path)) return overlay;
  overlay.set(resolve(program.path), program.text.replace(/^\uFEFF/, ''));
  return overlay;
}

/**
 * pytest selected nothing: the reason, as one line. Collecting the test module (or, when there is
 * no such file, the project) says what pytest could not do: start, import a module; else the id
 * names no test, and the nearest ids are suggested.
 */
async function nothingSelected(
  req: CollectedRunRequest,
  runtimeFolder: string,
  root: string,
  testFile: string,
  nodeId: string,
  firstFailing: boolean,
): Promise<never> {
  const fileExists = existsSync(testFile);
  const collect = (target: string) =>
    collectPythonTests(
      {
        target,
        settings: req.settings,
        assetsDir: req.assetsDir,
        read: req.read,
        ...(req.cwd !== undefined ? { cwd: req.cwd } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
      },
      runtimeFolder,
    );
  if (firstFailing) {
    await collect(testFile); // a collection error, pytest missing: that line
    throw badInput(`pytest collects no test from ${nodeId}: name the test with --test`);
  }
  // Another module of the project that does not import leaves no ids to suggest, not a worse answer.
  const collected = await collect(fileExists ? testFile : root).catch((e: unknown) => {
    if (fileExists) throw e;
    return undefined;
  });
  const near = closestIds(
    nodeId,
    (collected?.tests ?? []).map((t) => t.id),
    CLOSEST_SHOWN,
  );
  const what = fileExists ? `no test '${nodeId}'` : `no test file '${nodeId.split('::')[0]}' for '${nodeId}'`;
  const hint =
    near.length > 0
      ? `: the closest are ${near.join(', ')}`
      : collected
        ? ': pytest collects no test there'
        : ': node ids are relative to the project root';
  throw badInput(`${what} in ${root}${hint}`);
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

// `ldb trace PROGRAM --test NODEID`: one pytest item run under pytest, every function of the
// project's own files traced. An id that names nothing lists the nearest collected ids; a test that
// fails before it reaches the project's code is told as such (there is nothing to trace).
import { dirname, join, relative, resolve, sep } from 'node:path';
import { badInput } from '../../../errors';
import type { SourceFile } from '../../../model';
import type { CollectedRun, CollectedRunRequest } from '../../support';
import { chooseInterpreter } from '../interpreterChoice';
import { findPythonProject } from '../project/project';
import { collectPythonTests } from '../collectTests';
import { closestIds } from './closestIds';
import { isOwnPythonFile, segmentProjectFiles } from './projectFiles';
import { runPytestItem } from './runItem';

/** How many near ids a node id that names nothing lists. */
const CLOSEST_SHOWN = 3;

export async function runCollectedPytest(
  req: CollectedRunRequest,
  runtimeFolder: string,
): Promise<CollectedRun> {
  const file = resolve(req.path);
  const project = findPythonProject([file]);
  const choice = chooseInterpreter(req.settings.python, { root: project.root, from: dirname(file) });
  const firstFailing = req.testId === undefined;
  const nodeId = req.testId?.trim() ?? relative(project.root, file).split(sep).join('/');
  const given = req.program && programOverlay(project.root, req.program, req.traced !== false);
  const files =
    given?.files ??
    (req.traced === false
      ? new Map<string, SourceFile>()
      : await segmentProjectFiles(project.root, req.settings.maxProjectFiles, req.read));
  const done = await runPytestItem({
    nodeId,
    firstFailing,
    root: project.root,
    files,
    ...(given ? { overlay: given.overlay } : {}),
    unit: req.unit,
    python: choice.command,
    interpreterSource: choice.source,
    runtimeDir: join(req.assetsDir, runtimeFolder),
    readable: [dirname(file)],
    settings: req.settings,
    ...(req.signal ? { signal: req.signal } : {}),
  });
  if (done.selected === 0 && firstFailing)
    throw badInput(`pytest collects no test from ${nodeId}: name the test with --test`);
  if (done.selected === 0) {
    // pytest selected nothing: the id names no test (or pytest could not start: collecting says so).
    const collected = await collectPythonTests(
      {
        target: project.root,
        settings: req.settings,
        assetsDir: req.assetsDir,
        ...(req.signal ? { signal: req.signal } : {}),
      },
      runtimeFolder,
    );
    const near = closestIds(
      nodeId,
      collected.tests.map((t) => t.id),
      CLOSEST_SHOWN,
    );
    throw badInput(
      `no test '${nodeId}' in ${project.root}` +
        (near.length > 0 ? `: the closest are ${near.join(', ')}` : ': pytest collects no test there'),
    );
  }
  const { run } = done;
  const traced = done.nodeId ?? nodeId;
  if (firstFailing && run.outcome.status === 'passed')
    throw badInput(
      `every test in ${nodeId} passes: name the one to trace with --test (ldb tests ${nodeId} lists them)`,
    );
  const exception = run.outcome.exception;
  // A run of a given program (the debug loop's) reports whatever happened: a fix may break the test early.
  if (
    !given &&
    req.traced !== false &&
    run.visits.length === 0 &&
    exception !== undefined &&
    exception.file === undefined
  ) {
    const where = done.testWhere
      ? ` (${relative(project.root, done.testWhere.file).split(sep).join('/')}:${done.testWhere.line})`
      : '';
    throw badInput(
      `${traced} never reached the project's code: ${exception.type}: ${firstLine(exception.message)}${where}; fix the test itself`,
    );
  }
  return {
    root: project.root,
    test: {
      id: traced,
      origin: 'collected',
      form: 'test-function',
      source: traced,
      label: traced,
      functions: [],
    },
    files,
    run,
  };
}

/**
 * The program a run must see: a project file is imported from the given text (and traced, when
 * the run is); a test module or conftest is run by pytest from disk (its assertion rewriting reads
 * the file itself), so it is neither overlaid nor traced.
 */
function programOverlay(
  root: string,
  program: SourceFile,
  traced: boolean,
): { files: Map<string, SourceFile>; overlay: Record<string, string> } {
  const rel = relative(root, resolve(program.path)).split(sep).join('/');
  if (!isOwnPythonFile(rel)) return { files: new Map<string, SourceFile>(), overlay: {} };
  return {
    files: new Map<string, SourceFile>(traced ? [[rel, program]] : []),
    overlay: { [resolve(program.path)]: program.text.replace(/^\uFEFF/, '') },
  };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

// One pytest item's run, planned from what a request names, and started ahead of it: `ldb trace
// PROGRAM --test NODEID` starts pytest from the launcher, ~40 ms before the rest of LDB is loaded
// and the program segmented (pytest imports itself meanwhile). The run (runCollected.ts) plans the
// same way and takes the early pytest only when it was started for exactly that launch.
import { realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CollectedStart, StartedCollected } from '../../support';
import { workingFolder } from '../../../workingFolder';
import { chooseInterpreter, type InterpreterChoice } from '../interpreterChoice';
import type { PythonProject } from '../project/project';
import { locateTest } from './locateTest';
import { startPytestNow, type PytestLaunch, type StartedPytest } from './startItem';

export interface ItemPlan {
  /** The program named (absolute). */
  file: string;
  project: PythonProject;
  testFile: string;
  nodeId: string;
  choice: InterpreterChoice;
  /** The folder the request runs from. */
  cwd: string;
}

/** Where the item runs and on which interpreter, as pytest run from `cwd` would see it. */
export function planItem(
  path: string,
  testId: string | undefined,
  python: string | undefined,
  cwd?: string,
): ItemPlan {
  const file = resolve(path);
  // As pytest run from the request's folder finds the project (one without configuration reaches up to it).
  const from = workingFolder(cwd);
  const { project, testFile, nodeId } = locateTest(file, testId, from);
  const choice = chooseInterpreter(python, { root: project.root, from: dirname(file), cwd: from });
  return { file, project, testFile, nodeId, choice, cwd: from };
}

/** The project root as the plugin compares paths: real. */
export function realRoot(project: PythonProject): string {
  try {
    return realpathSync(project.root);
  } catch {
    return project.root;
  }
}

/**
 * Marks a pytest started ahead. A registered symbol, not a class: the launcher that starts it and
 * the CLI's bundle that takes it over are two bundles, each with its own copy of this module.
 */
const EARLY_PYTEST = Symbol.for('ldb.earlyPytestItem');

interface EarlyPytestItem extends StartedCollected {
  readonly [EARLY_PYTEST]: StartedPytest;
}

function isEarlyPytest(started: StartedCollected): started is EarlyPytestItem {
  return EARLY_PYTEST in started;
}

/** Starts pytest on the item a request will run, if that can be done within this call. */
export function startPytestItemEarly(
  start: CollectedStart,
  runtimeFolder: string,
): StartedCollected | undefined {
  const plan = planItem(start.path, start.testId, start.settings.python, start.cwd);
  const pytest = startPytestNow({
    nodeId: plan.nodeId,
    root: realRoot(plan.project),
    python: plan.choice.command,
    cwd: plan.cwd,
    runtimeDir: join(start.assetsDir, runtimeFolder),
    readable: [dirname(plan.file)],
    settings: start.settings,
    ...(start.signal ? { signal: start.signal } : {}),
  });
  if (pytest === undefined) return undefined;
  const early: EarlyPytestItem = { [EARLY_PYTEST]: pytest, cancel: () => pytest.cancel() };
  return early;
}

/** The early pytest when it was started for this very launch; anything else given is ended. */
export function takeEarly(
  started: StartedCollected | undefined,
  launch: PytestLaunch,
): StartedPytest | undefined {
  if (started === undefined) return undefined;
  if (isEarlyPytest(started) && sameLaunch(started[EARLY_PYTEST].launch, launch))
    return started[EARLY_PYTEST];
  started.cancel();
  return undefined;
}

function sameLaunch(a: PytestLaunch, b: PytestLaunch): boolean {
  const { signal: _a, overlay: overlayA, ...restA } = a;
  const { signal: _b, overlay: overlayB, ...restB } = b;
  return (overlayA?.size ?? 0) === 0 && (overlayB?.size ?? 0) === 0 && canonical(restA) === canonical(restB);
}

/** JSON with every object's keys sorted: two launches built in different orders compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}

// The Python side of collecting tests: which files pytest should read, and the collection itself
// (project -> interpreter -> pytest with our plugin -> TestCases).
import { statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CollectRequest, TestCollection } from '../support';
import { collectedItem, collectedTest } from './collectedTests';
import { knownInterpreter } from './interpreter';
import { chooseInterpreter, resolveChoice } from './interpreterChoice';
import { findPythonProject } from './project/project';
import { collectWithPytest } from './collectWithPytest';
import { workingFolder } from '../../workingFolder';

/** pytest's default `python_files` (test_*.py, *_test.py). */
const TEST_FILE_NAME = /^test_.*\.py$|^.+_test\.py$/;
/** A module that imports a test framework holds tests pytest collects (unittest cases, too). */
const IMPORTS_TEST_FRAMEWORK =
  /^[ \t]*(?:import[ \t]+(?:pytest|unittest)\b|from[ \t]+(?:pytest|unittest)\b)/m;

export function collectsFrom(path: string, text: string): boolean {
  return TEST_FILE_NAME.test(basename(path)) || IMPORTS_TEST_FRAMEWORK.test(text);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export async function collectPythonTests(
  req: CollectRequest,
  runtimeFolder: string,
): Promise<TestCollection> {
  const target = resolve(req.target);
  // As pytest run from the request's folder would: a project without configuration reaches up to it.
  const cwd = workingFolder(req.cwd);
  const project = findPythonProject([target], cwd, cwd);
  const choice = chooseInterpreter(req.settings.python, {
    root: project.root,
    from: isDirectory(target) ? target : dirname(target),
    cwd,
  });
  // Spawned as chosen, not probed first: a probe is one more interpreter start (a pyenv shim:
  // ~100 ms), and the plugin says which interpreter ran.
  const output = await collectWithPytest({
    target,
    root: project.root,
    command: knownInterpreter(choice.command, cwd)?.executable ?? choice.command,
    describe: () => resolveChoice(choice, cwd),
    cwd,
    runtimeDir: join(req.assetsDir, runtimeFolder),
    limits: req.settings,
    ...(req.signal ? { signal: req.signal } : {}),
  });
  // pytest's own rootdir: an older pytest may settle elsewhere (see project/rootdir.ts).
  const sameRoot = resolve(output.rootdir) === project.root;
  return {
    root: output.rootdir,
    ...(sameRoot && project.configFile !== undefined ? { configFile: project.configFile } : {}),
    interpreter: { path: output.executable, version: output.pythonVersion, source: choice.source },
    interpreterName: 'Python',
    runner: `pytest ${output.pytestVersion}`,
    tests: output.items.map((raw) => collectedTest(collectedItem(output.rootdir, raw))),
  };
}

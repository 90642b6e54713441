// Starting Python's runtime for a file: the project it belongs to, the interpreter that project
// runs on, the tracer waiting for its program. Kept apart from the rest of the Python support
// (analysis, fix placement, collection) so that `ldb trace` can start the interpreter before the
// rest of the CLI is loaded (languages/starters.ts).
import { dirname, join, resolve } from 'node:path';
import type { SourceFile } from '../../model';
import type { LanguageStarter, StartedRuntime } from '../support';
import { functionTable, lineToBlock } from './lineMap';
import { startPythonRuntime } from './runTest';
import { chooseInterpreter } from './interpreterChoice';
import { findPythonProject, importPathsFor, type PythonProject } from './project/project';
import { importNameOf } from './project/importName';
import { isPytestNodeId } from './pytestItem/nodeId';
import { startPytestItemEarly } from './pytestItem/earlyItem';
import { workingFolder } from '../../workingFolder';

/** The tracer's modules sit in this folder of the bundle's assets (scripts/build.mjs copies them). */
export const PYTHON_RUNTIME_FOLDER = 'python';

/**
 * Module-level asserts found as tests are run one at a time as tests, so loading the module must
 * not run them all first (one failing assert would stop every other test from running).
 */
export function moduleTestLines(source: SourceFile): number[] {
  return source.tests.filter((t) => t.origin === 'assert' && t.line !== undefined).map((t) => t.line!);
}

/** How the file is imported in its project: its dotted name, its package root and source root first on sys.path. */
function importAs(project: PythonProject, file: string): { name: string; sysPath: string[] } | undefined {
  const name = importNameOf(file);
  if (name === undefined) return undefined;
  return { name: name.name, sysPath: importPathsFor(project, file) };
}

export const pythonStarter: LanguageStarter = {
  extensions: ['.py', '.pyw', '.pyi'],
  grammarFor: () => 'python',
  isTestId: isPytestNodeId,
  startCollected: (start) => startPytestItemEarly(start, PYTHON_RUNTIME_FOLDER),
  async startRuntime(start): Promise<StartedRuntime> {
    const file = resolve(start.path);
    const cwd = workingFolder(start.cwd);
    // Not run by pytest: a file of no project is its own folder's (pytest would reach up to `cwd`).
    const project = findPythonProject([file], cwd);
    const choice = chooseInterpreter(start.settings.python, { root: project.root, from: dirname(file), cwd });
    const started = await startPythonRuntime({
      python: choice.command,
      interpreterSource: choice.source,
      cwd,
      runtimeDir: join(start.assetsDir, PYTHON_RUNTIME_FOLDER),
      limits: start.settings,
      ...(start.signal ? { signal: start.signal } : {}),
      // The whole project is readable (its modules import each other), besides what the caller named.
      readable: [...(start.readable ?? []), project.root, ...importPathsFor(project, file)],
    });
    return {
      run: ({ source, test, unit, traced, overlay }) =>
        started.run({
          source,
          test,
          lineToBlock: traced ? lineToBlock(source, unit) : {},
          functions: traced ? functionTable(source) : [],
          skipLines: moduleTestLines(source),
          importAs: importAs(project, source.path),
          ...(overlay && overlay.size > 0 ? { overlay } : {}),
        }),
      cancel: () => started.cancel(),
    };
  },
};

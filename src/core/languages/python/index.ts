// Python behind the language seam: tree-sitter analysis, the stdlib-only tracer runtime (runtime/,
// shipped as dist/python), fix placement by indentation, the prompt's words, and the project
// (project/: pytest's rootdir, layout, venv) whose interpreter runs the code and whose tests pytest
// collects.
import { dirname, join, resolve } from 'node:path';
import type { SourceFile } from '../../model';
import type { LanguageSupport, StartedRuntime } from '../support';
import { analyzePython } from './analyze';
import { placePythonFix } from './fixPlacement';
import { parseGivenTest } from './givenTest';
import { functionTable, lineToBlock } from './lineMap';
import { startPythonRuntime } from './runTest';
import { chooseInterpreter } from './interpreterChoice';
import { findPythonProject, importPathsFor, type PythonProject } from './project/project';
import { importNameOf } from './project/importName';
import { collectPythonTests, collectsFrom } from './collectTests';
import { isPytestNodeId, runCollectedPytest } from './pytestItem/runCollected';

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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const python: LanguageSupport = {
  id: 'python',
  extensions: ['.py', '.pyw', '.pyi'],
  editorLanguageIds: ['python'],
  words: {
    name: 'Python',
    fence: 'python',
    fenceTags: ['python', 'py', 'python3', 'py3'],
    definesFunction: (code, name) =>
      new RegExp(`^[ \\t]*(?:async[ \\t]+)?def[ \\t]+${escapeRegExp(name)}[ \\t]*\\(`, 'm').test(code),
    codeStart: /^(?:async\s+def|def|class|import|from\s+\S+\s+import|@)\b/,
  },
  grammarFor: () => 'python',
  analyze: analyzePython,
  parseGivenTest,
  lineMap: lineToBlock,
  async startRuntime(start): Promise<StartedRuntime> {
    const file = resolve(start.path);
    const project = findPythonProject([file]);
    const choice = chooseInterpreter(start.settings.python, { root: project.root, from: dirname(file) });
    const started = await startPythonRuntime({
      python: choice.command,
      interpreterSource: choice.source,
      runtimeDir: join(start.assetsDir, PYTHON_RUNTIME_FOLDER),
      limits: start.settings,
      ...(start.signal ? { signal: start.signal } : {}),
      // The whole project is readable (its modules import each other), besides what the caller named.
      readable: [...(start.readable ?? []), project.root, ...importPathsFor(project, file)],
    });
    return {
      run: ({ source, test, unit, traced }) =>
        started.run({
          source,
          test,
          lineToBlock: traced ? lineToBlock(source, unit) : {},
          functions: traced ? functionTable(source) : [],
          skipLines: moduleTestLines(source),
          importAs: importAs(project, source.path),
        }),
      cancel: () => started.cancel(),
    };
  },
  placeFix: placePythonFix,
  collectsFrom,
  collectTests: (req) => collectPythonTests(req, PYTHON_RUNTIME_FOLDER),
  isTestId: isPytestNodeId,
  runCollectedTest: (req) => runCollectedPytest(req, PYTHON_RUNTIME_FOLDER),
};

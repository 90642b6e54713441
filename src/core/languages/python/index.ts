// Python behind the language seam: tree-sitter analysis, the stdlib-only tracer runtime (runtime/,
// shipped as dist/python), fix placement by indentation, the prompt's words, and the project
// (project/: pytest's rootdir, layout, venv) whose interpreter runs the code and whose tests pytest
// collects.
import type { LanguageSupport } from '../support';
import { analyzePython } from './analyze';
import { placePythonFix } from './fixPlacement';
import { parseGivenTest } from './givenTest';
import { lineToBlock } from './lineMap';
import { collectPythonTests, collectsFrom } from './collectTests';
import { runCollectedPytest } from './pytestItem/runCollected';
import { PYTHON_RUNTIME_FOLDER, pythonStarter } from './start';

export { moduleTestLines, PYTHON_RUNTIME_FOLDER } from './start';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const python: LanguageSupport = {
  id: 'python',
  ...pythonStarter,
  editorLanguageIds: ['python'],
  words: {
    name: 'Python',
    fence: 'python',
    fenceTags: ['python', 'py', 'python3', 'py3'],
    definesFunction: (code, name) =>
      new RegExp(`^[ \\t]*(?:async[ \\t]+)?def[ \\t]+${escapeRegExp(name)}[ \\t]*\\(`, 'm').test(code),
    codeStart: /^(?:async\s+def|def|class|import|from\s+\S+\s+import|@)\b/,
    lineComment: '#',
  },
  analyze: analyzePython,
  parseGivenTest,
  lineMap: lineToBlock,
  placeFix: placePythonFix,
  collectsFrom,
  collectTests: (req) => collectPythonTests(req, PYTHON_RUNTIME_FOLDER),
  runCollectedTest: (req) => runCollectedPytest(req, PYTHON_RUNTIME_FOLDER),
  isOperatorMethod: (qualifiedName) => /(?:^|\.)__\w+__$/.test(qualifiedName),
};

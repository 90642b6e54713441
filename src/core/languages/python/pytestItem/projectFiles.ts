// Which files are the project's own code, traced when a collected test reaches them: a run under
// pytest asks about each file the first time one of its functions runs (not the tests, not
// conftest, not an installed package or a virtual environment), and segments those with
// tree-sitter then, so the cost follows what the test reaches, not the size of the project.
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

/** Folders never holding the project's own code, wherever they are. */
const SKIPPED_FOLDERS = new Set([
  '__pycache__',
  'node_modules',
  'site-packages',
  'dist-packages',
  'build',
  'dist',
]);
/** Folders of tests: skipped where they sit beside the code, not when the whole project is inside one. */
const TEST_FOLDERS = new Set(['tests', 'test']);
/** pytest's test modules and its conftest: run, never traced. */
const TEST_MODULE = /^(?:test_.*|.*_test|conftest)\.py$/;

export interface ProjectScope {
  /** The project root (absolute): nothing outside it is the project's. */
  root: string;
  /** The test module being run (absolute): the folders of tests are told from where it sits. */
  testFile: string;
}

/** The folders from `from` (exclusive) down to the folder holding `file`, as path parts. */
function foldersBelow(from: string, file: string): string[] {
  const rel = relative(from, dirname(file));
  return rel === '' ? [] : rel.split(sep);
}

/** The deepest folder holding both paths. */
function commonFolder(a: string, b: string): string {
  let dir = dirname(a);
  while (relative(dir, b).split(sep)[0] === '..') {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dir;
}

/** Whether `file` (absolute, real) is the project's own Python code. */
export function isProjectFile(file: string, scope: ProjectScope): boolean {
  if (!file.endsWith('.py') || TEST_MODULE.test(basename(file))) return false;
  if (!isInside(file, scope.root)) return false;
  const parts = foldersBelow(scope.root, file);
  let dir = scope.root;
  for (const part of parts) {
    dir = join(dir, part);
    if (part.startsWith('.') || SKIPPED_FOLDERS.has(part)) return false;
    if (existsSync(join(dir, 'pyvenv.cfg'))) return false; // a virtual environment
  }
  // `tests/helpers.py` beside the code is the tests' own; a project inside a `test/` folder of a
  // bigger tree is not: the test module's nearest test folder counts, and test folders below
  // where the file and the test module part.
  const suite = nearestTestFolder(scope.testFile, scope.root);
  if (suite !== undefined && isInside(file, suite)) return false;
  return !foldersBelow(commonFolder(file, scope.testFile), file).some((part) => TEST_FOLDERS.has(part));
}

/** The nearest folder above `file`, up to `root`, named as a folder of tests. */
function nearestTestFolder(file: string, root: string): string | undefined {
  for (let dir = dirname(file); isInside(dir, root) && dir !== root; dir = dirname(dir)) {
    if (TEST_FOLDERS.has(basename(dir))) return dir;
  }
  return undefined;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel);
}

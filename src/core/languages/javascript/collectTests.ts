// `ldb tests` on a JavaScript / TypeScript project: the tests of its test files, by the ids
// `--test` takes to trace one across the project's files (`tests/cart.test.ts::test-function:12`,
// collectedRun.ts). There is no runner to ask (node:test, mocha, jest and vitest each find their
// own files): a test file is one by its name or folder, as collectedRun.ts tells (*.test.*,
// *.spec.*, or under test/, tests/, __tests__/), and its tests are the ones LDB reads in any file
// (node:test calls, top-level asserts, testX() harness calls).
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { badInput } from '../../errors';
import type { SourceFile, TestCase } from '../../model';
import { runProcess } from '../../run/sandbox';
import type { CollectRequest, TestCollection } from '../support';
import { isTestFile, jsProjectRoot } from './collectedRun';
import { SCRIPT_EXTENSIONS } from './imports';
import { nodeExecutable } from './process';

/** Folders no test file of the project's own is in: installed packages, build output, VCS data. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage']);

/** What the listing of a folder needs from a walk of it. */
interface FolderScan {
  /** Test files, absolute, in path order. */
  testFiles: string[];
  /** Whether a Python file lies in it (then the folder stays Python's: languages/registry.ts). */
  python: boolean;
}

function isScript(name: string): boolean {
  return SCRIPT_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e));
}

/**
 * Test files under `folder`, at most `maxFiles` (more is bad input: a folder too wide to list).
 * `untilPython` stops at the first Python file (a Python project's venv need not be walked).
 */
function scanFolder(folder: string, maxFiles: number, untilPython = false): FolderScan {
  const scan: FolderScan = { testFiles: [], python: false };
  const walk = (dir: string): void => {
    if (untilPython && scan.python) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable: nothing listed from it
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIPPED_FOLDERS.has(e.name)) walk(path);
      } else if (e.name.endsWith('.py')) {
        scan.python = true;
        if (untilPython) return;
      } else if (isScript(e.name) && !e.name.endsWith('.d.ts') && isTestFile(relative(folder, path))) {
        scan.testFiles.push(path);
        if (scan.testFiles.length > maxFiles)
          throw badInput(
            `${folder} holds more than ${maxFiles} test files: list a folder inside it, or raise the maxProjectFiles setting`,
          );
      }
    }
  };
  walk(folder);
  return scan;
}

/** A folder whose tests are JavaScript / TypeScript ones: it holds test files of them, and no Python. */
export function holdsJsTests(folder: string, maxFiles: number): boolean {
  try {
    const scan = scanFolder(folder, maxFiles, true);
    return !scan.python && scan.testFiles.length > 0;
  } catch {
    return false; // too wide to tell: left to the default language, which says why
  }
}

function relPath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

/** A test of a file, as the project's listing gives it: by `PATH::ID`, its file and line. */
function projectTest(root: string, file: SourceFile, test: TestCase): TestCase {
  const path = relPath(root, file.path);
  const id = `${path}::${test.id}`;
  return {
    ...test,
    id,
    origin: 'collected',
    form: 'collected',
    source: id,
    item: {
      id,
      file: path,
      ...(test.line !== undefined ? { line: test.line } : {}),
      function: test.functions[0] ?? test.label,
      markers: [],
      framework: test.origin,
    },
  };
}

/** The version of the Node that runs the tests (this one's when it is the same executable). */
async function nodeVersion(node: string, req: CollectRequest): Promise<string> {
  if (resolve(node) === resolve(process.execPath)) return process.versions.node;
  const run = await runProcess({
    command: node,
    args: ['--version'],
    cwd: req.cwd ?? resolve('.'),
    env: { PATH: process.env.PATH ?? '' },
    timeoutMs: req.settings.timeoutMs,
    maxStdoutBytes: 1024,
    maxStderrBytes: 1024,
    ...(req.signal ? { signal: req.signal } : {}),
  });
  return run.stdout.trim().replace(/^v/, '') || 'unknown';
}

export async function collectJsTests(req: CollectRequest): Promise<TestCollection> {
  const target = resolve(req.target);
  const folder = statSync(target).isDirectory() ? target : undefined;
  const root = jsProjectRoot(folder === undefined ? target : join(folder, 'package.json'));
  const files = folder === undefined ? [target] : scanFolder(folder, req.settings.maxProjectFiles).testFiles;
  const tests: TestCase[] = [];
  for (const path of files) {
    const file = await req.read(path);
    for (const test of file.tests) tests.push(projectTest(root, file, test));
  }
  const node = nodeExecutable(req.settings.node);
  return {
    root,
    interpreter: {
      path: node,
      version: await nodeVersion(node, req),
      source: req.settings.node === undefined ? 'default' : 'flag',
    },
    interpreterName: 'Node',
    runner: 'ldb (test files: *.test.*, *.spec.*, test/, tests/, __tests__/)',
    tests,
  };
}

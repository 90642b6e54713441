// The project's own Python files a collected test may reach, each segmented with tree-sitter: a
// run under pytest traces every function of these files and nothing else (not the tests, not
// conftest, not an installed package or a virtual environment).
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SourceFile } from '../../../model';
import { badInput } from '../../../errors';

/** Folders never holding the project's own code. */
const SKIPPED_FOLDERS = new Set([
  '__pycache__',
  'node_modules',
  'site-packages',
  'dist-packages',
  'tests',
  'test',
  'build',
  'dist',
]);
/** pytest's test modules and its conftest: run, never traced. */
const TEST_MODULE = /^(?:test_.*|.*_test|conftest)\.py$/;

/** Whether a file (relative to the root, `/`-separated) is one of the project's own: traced, never run as a test. */
export function isOwnPythonFile(rel: string): boolean {
  const parts = rel.split('/');
  const name = parts[parts.length - 1];
  return (
    name.endsWith('.py') &&
    !TEST_MODULE.test(name) &&
    !parts.slice(0, -1).some((p) => p === '..' || p.startsWith('.') || SKIPPED_FOLDERS.has(p))
  );
}

/** Relative paths (`/`-separated), sorted, of the project's own .py files under `root`. */
export function projectPythonFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable: not ours to trace
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
        if (existsSync(join(path, 'pyvenv.cfg'))) continue; // a virtual environment
        walk(path);
      } else if (entry.isFile() && entry.name.endsWith('.py') && !TEST_MODULE.test(entry.name)) {
        found.push(relative(root, path).split(sep).join('/'));
      }
    }
  };
  walk(root);
  return found.sort();
}

/** The project's own files (relative paths); more than `max` is bad input (the setting says how many). */
export function listProjectFiles(root: string, max: number): string[] {
  const files = projectPythonFiles(root);
  if (files.length > max)
    throw badInput(
      `${root} holds ${files.length} Python files, more than the ${max} a run across modules segments: raise the maxProjectFiles setting`,
    );
  return files;
}

/** The files listed, read and segmented; one with a syntax error is left out (it cannot be imported). */
export async function segmentProjectFiles(
  root: string,
  files: readonly string[],
  read: (path: string) => Promise<SourceFile>,
): Promise<Map<string, SourceFile>> {
  const out = new Map<string, SourceFile>();
  for (const rel of files) {
    const source = await read(join(root, rel));
    if (source.syntaxErrors.length === 0) out.set(rel, source);
  }
  return out;
}

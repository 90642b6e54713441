// Where a collected test runs: the project (pytest's rootdir, as pytest run from the user's folder
// finds it), the test module, and the node id relative to that project. A node id is read from the
// project of the program named first, then from the user's folder: `ldb tests` prints ids relative
// to the project, pytest prints them relative to where it was run.
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { findPythonProject, type PythonProject } from '../project/project';

export interface TestLocation {
  project: PythonProject;
  /** The test module (absolute). */
  testFile: string;
  /** The node id relative to the project root; with no id given, the test module's path. */
  nodeId: string;
}

function fromRoot(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

/** `program`: the file named (absolute); `testId`: a node id, or undefined for the program's own tests. */
export function locateTest(program: string, testId: string | undefined, invokedFrom: string): TestLocation {
  const near = findPythonProject([program], invokedFrom, invokedFrom);
  if (testId === undefined) return { project: near, testFile: program, nodeId: fromRoot(near.root, program) };
  const id = testId.trim();
  const cut = id.indexOf('::');
  const path = id.slice(0, cut);
  for (const base of [near.root, invokedFrom]) {
    const testFile = resolve(base, path);
    if (!existsSync(testFile)) continue;
    const project = findPythonProject([testFile], invokedFrom, invokedFrom);
    return { project, testFile, nodeId: fromRoot(project.root, testFile) + id.slice(cut) };
  }
  // No such file: pytest says so, and the ids it does collect are suggested.
  return { project: near, testFile: resolve(near.root, path), nodeId: id };
}

// A Python project as LDB sees it: pytest's rootdir (rootdir.ts), where its code lives (layout.ts),
// and the sys.path entries a file of it needs (importName.ts). Pure look-ups on the file system.
import { resolve } from 'node:path';
import { importNameOf } from './importName';
import { sourceLayout, type Layout } from './layout';
import { findRootdir, type RootReason } from './rootdir';

export interface PythonProject {
  root: string;
  configFile?: string;
  rootReason: RootReason;
  layout: Layout;
  sourceRoot: string;
}

/**
 * The project `paths` (files or folders, relative to `cwd`) belong to; run by pytest from
 * `invokedFrom` when given (a project without configuration reaches up to it, as pytest's does).
 */
export function findPythonProject(
  paths: readonly string[],
  cwd: string,
  invokedFrom?: string,
): PythonProject {
  const rootdir = findRootdir(paths, cwd, invokedFrom);
  const { layout, sourceRoot } = sourceLayout(rootdir.root);
  return {
    root: rootdir.root,
    ...(rootdir.configFile !== undefined ? { configFile: rootdir.configFile } : {}),
    rootReason: rootdir.reason,
    layout,
    sourceRoot,
  };
}

/**
 * The sys.path entries, first first, under which `file` and the project's packages import: the
 * file's own entry (its `__init__.py` chain), then the project's source root.
 */
export function importPathsFor(project: PythonProject, file: string): string[] {
  const own = importNameOf(file)?.sysPathEntry ?? resolve(file, '..');
  return [...new Set([own, project.sourceRoot])];
}

// pytest's rootdir: the folder its node ids are relative to and the project LDB runs tests from.
// Found as pytest documents it ("Initialization: determining rootdir and configfile", pytest 9):
//  1. the common ancestor of the paths given (a file counts as its folder);
//  2. from there upwards, in each folder the first of pytest.toml, .pytest.toml, pytest.ini,
//     .pytest.ini (these match even when empty), pyproject.toml with a [tool.pytest] or
//     [tool.pytest.ini_options] table, tox.ini with [pytest], setup.cfg with [tool:pytest];
//  3. else the nearest pyproject.toml met on the way, even without a pytest table (pytest 8.1+);
//  4. else the nearest folder upwards holding setup.py;
//  5. else the common ancestor of it and the folder pytest is run from (the invocation folder),
//     unless that is the file system root: then the common ancestor itself. LDB also keeps to the
//     common ancestor when the joined folder is the user's home or above it (a home folder is not
//     a project: everything in it would be readable by the run).
// Step 3 and the TOML files are recent: an older pytest (7.x) skips them, and may settle on
// another folder; the collector reports pytest's own rootdir, so node ids stay pytest's.
// Reads the file system, starts nothing.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, parse, relative, resolve, sep } from 'node:path';

export type RootReason = 'config' | 'pyproject' | 'setup.py' | 'ancestor';

export interface Rootdir {
  /** Absolute path of the rootdir. */
  root: string;
  /** The configuration file that decided it (absolute), for 'config' and 'pyproject'. */
  configFile?: string;
  /** Which rule found it (see the steps above). */
  reason: RootReason;
}

/** A file name and whether its text makes it pytest's configuration. */
interface ConfigCandidate {
  name: string;
  matches(text: string): boolean;
}

const always = () => true;
/** `[tool.pytest]` or `[tool.pytest.ini_options]` as a table header (dotted keys elsewhere are not read). */
const PYPROJECT_TABLE =
  /^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*pytest(?:[ \t]*\.[ \t]*ini_options)?[ \t]*\][ \t]*(?:#.*)?$/m;
const iniSection = (name: string) =>
  new RegExp(`^[ \\t]*\\[[ \\t]*${name.replace(/[.:]/g, '\\$&')}[ \\t]*\\][ \\t]*$`, 'm');
const TOX_SECTION = iniSection('pytest');
const SETUP_CFG_SECTION = iniSection('tool:pytest');

/** In pytest's order of precedence within one folder. */
const CANDIDATES: readonly ConfigCandidate[] = [
  { name: 'pytest.toml', matches: always },
  { name: '.pytest.toml', matches: always },
  { name: 'pytest.ini', matches: always },
  { name: '.pytest.ini', matches: always },
  { name: 'pyproject.toml', matches: (t) => PYPROJECT_TABLE.test(t) },
  { name: 'tox.ini', matches: (t) => TOX_SECTION.test(t) },
  { name: 'setup.cfg', matches: (t) => SETUP_CFG_SECTION.test(t) },
];

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** `dir` and each folder above it, nearest first. */
export function foldersUpFrom(dir: string): string[] {
  const out: string[] = [];
  let current = resolve(dir);
  for (;;) {
    out.push(current);
    const parent = dirname(current);
    if (parent === current) return out;
    current = parent;
  }
}

/**
 * The deepest folder holding every path; paths that do not exist are left out, as pytest does.
 * None left: `cwd`.
 */
export function commonAncestor(paths: readonly string[], cwd: string): string {
  const existing = paths.map((p) => resolve(cwd, p)).filter((p) => existsSync(p));
  if (existing.length === 0) return resolve(cwd);
  let common = existing[0];
  for (const p of existing.slice(1)) {
    while (common !== parse(common).root && relative(common, p).split(sep)[0] === '..')
      common = dirname(common);
  }
  return isFile(common) ? dirname(common) : common;
}

/**
 * The rootdir pytest settles on for `paths` (files or folders) given from `cwd`, run from
 * `invokedFrom` (absent: from the common ancestor itself, as LDB runs a file of no project).
 */
export function findRootdir(paths: readonly string[], cwd: string, invokedFrom?: string): Rootdir {
  const ancestor = commonAncestor(paths, cwd);
  let bareProject: string | undefined;
  for (const dir of foldersUpFrom(ancestor)) {
    for (const candidate of CANDIDATES) {
      const file = resolve(dir, candidate.name);
      if (!isFile(file)) continue;
      if (candidate.matches(readText(file))) return { root: dir, configFile: file, reason: 'config' };
      if (candidate.name === 'pyproject.toml' && bareProject === undefined) bareProject = file;
    }
  }
  if (bareProject !== undefined)
    return { root: dirname(bareProject), configFile: bareProject, reason: 'pyproject' };
  const withSetup = foldersUpFrom(ancestor).find((dir) => isFile(resolve(dir, 'setup.py')));
  if (withSetup !== undefined) return { root: withSetup, reason: 'setup.py' };
  if (invokedFrom === undefined) return { root: ancestor, reason: 'ancestor' };
  return { root: withInvocationFolder(ancestor, resolve(cwd, invokedFrom)), reason: 'ancestor' };
}

function withInvocationFolder(ancestor: string, invokedFrom: string): string {
  const joined = commonAncestor([invokedFrom, ancestor], invokedFrom);
  const home = homedir();
  const aboveHome = home !== '' && (joined === home || !relative(joined, home).startsWith('..'));
  return joined === parse(joined).root || aboveHome ? ancestor : joined;
}

// Which interpreter runs a project's code, in this order: the one the user named (`--python`,
// LDB_PYTHON, `ldb.python`, or the editor's Python extension: the faces pass it as
// Settings.python), then the project's own venv, then `python3` on PATH. A path the user gives
// may be relative to the project root (what a project's settings mean), else to the folder the
// request is run from (workingFolder.ts: a shell's, or the editor's workspace folder).
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { LdbError } from '../../errors';
import type { InterpreterInfo, InterpreterSource } from '../../model';
import { resolveInterpreter } from './interpreter';
import { projectVenvInterpreter } from './project/venv';

export const DEFAULT_INTERPRETER = 'python3';

export interface InterpreterChoice {
  /** A command on PATH (`python3`, `py`) or an absolute path. */
  command: string;
  source: InterpreterSource;
}

/** A name with a path separator is a path; anything else is looked up on PATH. */
function isPath(command: string): boolean {
  return /[\\/]/.test(command);
}

export interface ChoiceContext {
  /** Project root: where a relative path is read from first, and where the venv search stops. */
  root: string;
  /** The folder of what is run (a file's folder, or the folder given): the venv search starts there. */
  from: string;
  /** The folder the request is run from: a relative path is read from it when the root does not hold it. */
  cwd: string;
}

export function chooseInterpreter(named: string | undefined, ctx: ChoiceContext): InterpreterChoice {
  const given = named?.trim();
  if (given !== undefined && given !== '') {
    if (!isPath(given)) return { command: given, source: 'flag' };
    if (isAbsolute(given)) return { command: existingPath(given), source: 'flag' };
    const fromRoot = resolve(ctx.root, given);
    const fromCwd = resolve(ctx.cwd, given);
    return {
      command: existingPath(existsSync(fromRoot) || !existsSync(fromCwd) ? fromRoot : fromCwd),
      source: 'flag',
    };
  }
  const venv = projectVenvInterpreter(ctx.from, ctx.root);
  if (venv !== undefined) return { command: venv, source: 'venv' };
  return { command: DEFAULT_INTERPRETER, source: 'default' };
}

function existingPath(path: string): string {
  if (!existsSync(path))
    throw new LdbError(
      'interpreter',
      `Python interpreter ${path} does not exist: check --python / ldb.python`,
    );
  return path;
}

/** The choice started once: its real executable and version (probed once per process). */
export async function resolveChoice(choice: InterpreterChoice, cwd: string): Promise<InterpreterInfo> {
  const found = await resolveInterpreter(choice.command, cwd);
  return { path: found.executable, version: found.version, source: choice.source };
}

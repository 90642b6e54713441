// The languages whose runtime `ldb trace` starts before the rest of the CLI is loaded: only what
// starting it needs (the interpreter, the project, the sandbox), none of the analysis. A language
// missing here still works; its runtime then starts once the CLI is up, a few tens of ms later.
import * as path from 'node:path';
import type { Settings } from '../settings';
import type { LanguageStarter, RuntimeStart } from './support';
import { javascriptStarter } from './javascript/start';
import { pythonStarter } from './python/start';

const STARTERS: readonly LanguageStarter[] = [pythonStarter, javascriptStarter];

/** The starter for a file, by its extension; undefined when no early start is known for it. */
export function starterForPath(file: string): LanguageStarter | undefined {
  const ext = path.extname(file).toLowerCase();
  return STARTERS.find((s) => s.extensions.includes(ext));
}

/** What a runtime for `file` is started with: the file's own folder is readable besides its project. */
export function runtimeStartFor(req: {
  path: string;
  settings: Settings;
  assetsDir: string;
  cwd?: string;
  signal?: AbortSignal;
  oneShot?: boolean;
}): RuntimeStart {
  return {
    settings: req.settings,
    path: req.path,
    assetsDir: req.assetsDir,
    readable: [path.dirname(path.resolve(req.path))],
    ...(req.cwd !== undefined ? { cwd: req.cwd } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
    ...(req.oneShot ? { oneShot: true } : {}),
  };
}

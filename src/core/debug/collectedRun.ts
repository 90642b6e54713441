// A collected test (the runner's id) run by its runner for the loop: plainly to verify a version
// of the program, or traced across the project's files; with a fix on trial, the files it changed
// are imported from copies (the overlay) and read from it for segmenting.
import { resolve } from 'node:path';
import { LdbError } from '../errors';
import type { TraceLevel } from '../model';
import type { Settings } from '../settings';
import { languageForPathOrDefault } from '../languages/registry';
import type { CollectedRun } from '../languages/support';
import { parseSource, readSource } from '../source';
import { wasmDir, type Assets } from '../trace/tracing';

export interface CollectedRunOptions {
  /** A file of the project (the debugged one): its project and language run the test. */
  path: string;
  testId: string;
  traced: boolean;
  level: TraceLevel;
  overlay: ReadonlyMap<string, string>;
  settings: Settings;
  assets: Assets;
  /** See CollectedRunRequest.cwd. */
  cwd?: string;
  signal?: AbortSignal;
}

export async function runCollected(o: CollectedRunOptions): Promise<CollectedRun> {
  const language = languageForPathOrDefault(o.path);
  if (!language.runCollectedTest)
    throw new LdbError('bad-input', `${o.path}: LDB cannot run collected tests of this language`);
  return language.runCollectedTest({
    path: o.path,
    testId: o.testId,
    unit: o.level === 'line' ? 'line' : 'block',
    traced: o.traced,
    settings: o.settings,
    assetsDir: o.assets.dir,
    read: (path) => {
      const text = o.overlay.get(resolve(path));
      return text === undefined
        ? readSource(path, wasmDir(o.assets))
        : parseSource({ path, text, wasmDir: wasmDir(o.assets) });
    },
    ...(o.overlay.size > 0 ? { overlay: o.overlay } : {}),
    ...(o.cwd !== undefined ? { cwd: o.cwd } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
}

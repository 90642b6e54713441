// The scene of a head-start test (src/cli/headStart.ts): a fresh folder with the given files, the
// run folders of this process and of the CLI's sent to a folder of their own (TMPDIR) so that what
// is left over can be counted, and every head start the test made released after it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { headStart, type HeadStart } from '../../src/cli/headStart';
import { DIST_DIR } from './paths';

export interface HeadStartScene {
  /** The folder holding the files. */
  readonly dir: string;
  /** Where runs make their folders (TMPDIR during the test). */
  readonly runs: string;
  /** headStart as the launcher calls it; released after the test. */
  start(argv: string[]): HeadStart | undefined;
}

/** Call inside a describe: its hooks set the scene up before each test and take it down after. */
export function useHeadStarts(prefix: string, files: Record<string, string>): HeadStartScene {
  const savedTmp = process.env.TMPDIR;
  const started: HeadStart[] = [];
  let dir = '';
  let runs = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    runs = join(dir, 'tmp');
    mkdirSync(runs);
    process.env.TMPDIR = runs;
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  });
  afterEach(() => {
    for (const h of started.splice(0)) h.release();
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get runs() {
      return runs;
    },
    start(argv) {
      const h = headStart(argv, process.env, DIST_DIR, new AbortController().signal);
      if (h) started.push(h);
      return h;
    },
  };
}

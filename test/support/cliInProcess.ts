// Runs `ldb` in this process, as the binary would run it, capturing its output: for tests that
// call the CLI hundreds of times (a corpus, a bench slice), where a Node process per call would
// cost more than the work. test/support/cli.ts runs the real binary instead.
import { runCli } from '../../src/cli/main';
import type { HeadStart } from '../../src/cli/headStart';
import { DIST_DIR } from './paths';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runLdbInProcess(
  argv: string[],
  opts: { env?: NodeJS.ProcessEnv; headStart?: HeadStart; cwd?: string } = {},
): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    {
      assets: { dir: DIST_DIR },
      cwd: opts.cwd ?? process.cwd(),
      env: opts.env ?? process.env,
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      signal: new AbortController().signal,
      isTty: false,
      ...(opts.headStart ? { headStart: opts.headStart } : {}),
    },
    argv,
  );
  return { code, stdout, stderr };
}

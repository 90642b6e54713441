// A plain Python run of a program and a test, the way a user would check it by hand: the program,
// then the test, in one script, in a fresh directory, with a time limit. The reference the tracer
// must agree with.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PlainOutcome {
  status: 'passed' | 'failed' | 'error' | 'timeout';
  exceptionType?: string;
  ms: number;
}

export function plainRun(python: string, program: string, test: string, timeoutMs: number): PlainOutcome {
  const dir = mkdtempSync(join(tmpdir(), 'ldb-plain-'));
  try {
    const file = join(dir, 'prog.py');
    writeFileSync(file, `${program}\n\n${test}\n`);
    const started = performance.now();
    const run = spawnSync(python, ['-B', file], {
      cwd: dir,
      timeout: timeoutMs,
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    });
    const ms = performance.now() - started;
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT')
      return { status: 'timeout', ms };
    if (run.status === 0) return { status: 'passed', ms };
    const last = run.stderr.trimEnd().split('\n').pop() ?? '';
    const exceptionType = /^([\w.]+)(:|$)/.exec(last)?.[1]?.split('.').pop();
    if (exceptionType === 'AssertionError') return { status: 'failed', exceptionType, ms };
    return { status: 'error', ...(exceptionType ? { exceptionType } : {}), ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

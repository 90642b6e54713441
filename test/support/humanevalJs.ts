// HumanEvalFix-JS (data/humanevalfix-js, see its README): each task's buggy program and its tests
// as one file, and a plain Node run of that file with console.assert made to throw, the reference
// `ldb trace` must agree with.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

export const HUMANEVALFIX_JS = join(REPO_ROOT, 'data', 'humanevalfix-js', 'humanevalpack-js.jsonl');

export interface JsTask {
  id: string;
  entryPoint: string;
  /** prompt + buggy_solution, then the task's `test` (a `const testX = () => {...}` harness and its call). */
  program: string;
}

export function jsTasks(): JsTask[] {
  return readFileSync(HUMANEVALFIX_JS, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const t = JSON.parse(l) as {
        task_id: string;
        entry_point: string;
        prompt: string;
        buggy_solution: string;
        test: string;
      };
      return {
        id: t.task_id,
        entryPoint: t.entry_point,
        program: `${t.prompt}${t.buggy_solution}\n${t.test}\n`,
      };
    });
}

export function taskFile(dir: string, task: JsTask): string {
  const file = join(dir, `${task.id.replace('/', '_')}.js`);
  writeFileSync(file, task.program);
  return file;
}

export interface PlainNodeOutcome {
  status: 'passed' | 'failed' | 'error' | 'timeout';
  exceptionType?: string;
}

const PRELOAD =
  "console.assert=(c,...a)=>{if(!c)throw new (require('node:assert').AssertionError)({message:'Assertion failed'})};" +
  "process.on('uncaughtException',(e)=>{process.stderr.write('LDB-PLAIN '+(e&&e.name)+'\\n');process.exit(1)});";

const plainArgs = (file: string): string[] => ['-e', `${PRELOAD}require(${JSON.stringify(file)})`];

function outcomeOf(timedOut: boolean, status: number | null, stderr: string): PlainNodeOutcome {
  if (timedOut) return { status: 'timeout' };
  if (status === 0) return { status: 'passed' };
  const exceptionType = /LDB-PLAIN (\w+)/.exec(stderr)?.[1];
  if (exceptionType === 'AssertionError') return { status: 'failed', exceptionType };
  return { status: 'error', ...(exceptionType ? { exceptionType } : {}) };
}

/** Runs the file as `node` would, with a false console.assert throwing an AssertionError. */
export function plainNodeRun(file: string, timeoutMs: number): PlainNodeOutcome {
  const run = spawnSync(process.execPath, plainArgs(file), {
    timeout: timeoutMs,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    killSignal: 'SIGKILL',
  });
  const timedOut = run.error !== undefined && 'code' in run.error && run.error.code === 'ETIMEDOUT';
  return outcomeOf(timedOut, run.status, run.stderr);
}

/**
 * plainNodeRun without blocking this process: where traces run in this process meanwhile (a
 * corpus run in-process, several at once), a plain run of seconds (a program looping until its
 * time limit) must not hold their event loop, or their own time limits fire late, all at once.
 */
export function plainNodeRunAsync(file: string, timeoutMs: number): Promise<PlainNodeOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, plainArgs(file), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve(outcomeOf(timedOut, status, stderr));
    });
  });
}

// HumanEvalFix-JS (data/humanevalfix-js, see its README): each task's buggy program and its tests
// as one file, and a plain Node run of that file with console.assert made to throw, the reference
// `ldb trace` must agree with.
import { spawnSync } from 'node:child_process';
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

/** Runs the file as `node` would, with a false console.assert throwing an AssertionError. */
export function plainNodeRun(file: string, timeoutMs: number): PlainNodeOutcome {
  const preload =
    "console.assert=(c,...a)=>{if(!c)throw new (require('node:assert').AssertionError)({message:'Assertion failed'})};" +
    "process.on('uncaughtException',(e)=>{process.stderr.write('LDB-PLAIN '+(e&&e.name)+'\\n');process.exit(1)});";
  const run = spawnSync(process.execPath, ['-e', `${preload}require(${JSON.stringify(file)})`], {
    timeout: timeoutMs,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    killSignal: 'SIGKILL',
  });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { status: 'timeout' };
  if (run.status === 0) return { status: 'passed' };
  const exceptionType = /LDB-PLAIN (\w+)/.exec(run.stderr)?.[1];
  if (exceptionType === 'AssertionError') return { status: 'failed', exceptionType };
  return { status: 'error', ...(exceptionType ? { exceptionType } : {}) };
}

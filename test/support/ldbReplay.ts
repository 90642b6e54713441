// Answers `ldb debug`'s requests the way LDB's own run went: every fix request gets LDB's next
// program for the task (its `implementations`, in order), every verdict request a plain verdict.
// With it, the loop can be run end to end on LDB's data without a model.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LDB_DATA_DIR } from './paths';
import { reply, type RecordedRequest, type Step } from './scriptedServer';

export interface LdbTask {
  id: string;
  entryPoint: string;
  givenTests: string[];
  implementations: string[];
  /** LDB's final program passes the visible tests. */
  isPassing: boolean;
}

export function humanEvalFailingSeeds(): LdbTask[] {
  const text = readFileSync(join(LDB_DATA_DIR, 'humaneval', 'ldb-results-gpt-3.5.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(
      (l) =>
        JSON.parse(l) as {
          task_id: string;
          entry_point: string;
          given_tests: string[];
          implementations: string[];
          test_feedback: string[][];
          is_passing: boolean;
        },
    )
    .filter((r) => (r.test_feedback[0]?.length ?? 0) > 0)
    .map((r) => ({
      id: r.task_id,
      entryPoint: r.entry_point,
      givenTests: r.given_tests,
      implementations: r.implementations,
      isPassing: r.is_passing,
    }));
}

export function isFixRequest(request: RecordedRequest): boolean {
  return /^Fix the code\./.test(request.messages.at(-1)?.content ?? '');
}

/** A scripted-server script replaying one task: the k-th fix request gets implementations[k]. */
export function replayScript(task: LdbTask): (request: RecordedRequest) => Step {
  let fixes = 0;
  return (request) => {
    if (!isFixRequest(request)) {
      return reply('{"block": "BLOCK-0", "correct": false, "explanation": "replayed from LDB\'s run"}');
    }
    fixes = Math.min(fixes + 1, task.implementations.length - 1);
    return reply('```python\n' + task.implementations[fixes] + '\n```');
  };
}

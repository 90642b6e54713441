// The 145 programs of LDB's gpt-3.5 runs (HumanEval, MBPP) that fail a visible test, as LDB ran
// them: implementations[0] (LDB's import header included) and the first failing visible test,
// cut before LDB's ` # Real Execution Output:` comment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LDB_DATA_DIR } from './paths';

export interface CorpusCase {
  id: string;
  dataset: 'humaneval' | 'mbpp';
  entryPoint: string;
  program: string;
  test: string;
}

interface LdbResult {
  task_id: string;
  entry_point: string;
  implementations: string[];
  test_feedback: string[][];
}

export function failingSeedCases(
  datasets: readonly ('humaneval' | 'mbpp')[] = ['humaneval', 'mbpp'],
): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const dataset of datasets) {
    const lines = readFileSync(join(LDB_DATA_DIR, dataset, 'ldb-results-gpt-3.5.jsonl'), 'utf8').split('\n');
    for (const line of lines) {
      if (line.trim() === '') continue;
      const r = JSON.parse(line) as LdbResult;
      const feedback = r.test_feedback[0]?.[0];
      if (feedback === undefined || r.implementations[0] === undefined) continue;
      out.push({
        id: r.task_id,
        dataset,
        entryPoint: r.entry_point,
        program: r.implementations[0],
        test: feedback.split(' # Real Execution Output:')[0].trim(),
      });
    }
  }
  return out;
}

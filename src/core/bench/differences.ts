// --replay: where our run of LDB's programs ends differently from LDB's own, and why, one line per
// difference. The three things compared are the ones LDB records: how many fixes the loop took
// (debug_iter), whether the last program passes the visible tests (is_passing) and whether it
// passes the hidden tests (is_solved).
import type { ReferenceRun } from './data';
import type { DebugTaskResult } from './results';

export function replayDifferences(ours: DebugTaskResult, ref: ReferenceRun): string[] {
  const out: string[] = [];
  const k = ours.iterations;
  if (ours.error !== undefined) {
    // What a model writes never stops the loop (an unusable fix fails its iteration): an error
    // here is ours or the task's (a visible test our parser cannot read).
    out.push(
      `our loop stopped after ${k} fixes with an error (${ours.error}); LDB's went on to ${ref.debugIter}`,
    );
  } else if (k !== ref.debugIter) {
    out.push(
      k < ref.debugIter
        ? `our loop stopped after ${k} fixes, LDB's after ${ref.debugIter}: program ${k} passes the visible tests in our sandbox, LDB's run found it failing`
        : `our loop went on to fix ${k}, LDB's stopped after ${ref.debugIter}`,
    );
  }
  if (ours.passesVisible !== ref.isPassing) {
    out.push(
      `the last program ${ours.passesVisible ? 'passes' : 'fails'} the visible tests in our sandbox; LDB recorded is_passing=${ref.isPassing ? 'True' : 'False'}`,
    );
  }
  if (ours.solved !== ref.isSolved) {
    const theirs = ref.implementations[Math.min(k, ref.implementations.length - 1)];
    const same = normal(ours.programs[ours.programs.length - 1]) === normal(theirs);
    out.push(
      `hidden tests ${ours.solved ? 'pass' : `fail (${ours.hidden.detail ?? ours.hidden.status})`} in our sandbox; LDB recorded is_solved=${ref.isSolved ? 'True' : 'False'}` +
        (same ? ' for the same program' : `; our program ${k} differs from LDB's implementation ${k}`),
    );
  }
  return out;
}

/** Text compared without trailing spaces and blank-line differences. */
function normal(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .join('\n');
}

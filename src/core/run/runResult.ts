// From a finished child and what its runtime wrote (if anything) to a RunResult: the runtime's
// own outcome when there is one, otherwise what can be told from how the process ended; the
// limits that were hit. The same for every language's runtime.
import type { LimitHit, RunResult, TestOutcome } from '../model';
import type { RunLimits } from '../settings';
import type { ProcessResult } from './sandbox';

/** What every runtime writes. */
export interface WrittenResult {
  outcome: TestOutcome;
  visits: RunResult['visits'];
  droppedVisits: number;
  limits: LimitHit[];
}

/** How the messages name the child when it wrote nothing: `the Python process`, and why it may not stop. */
export interface RuntimeWords {
  process: string;
  stuckHint: string;
}

/** How much of stderr a crash report quotes. */
const STDERR_TAIL_CHARS = 2000;

export function runResultOf(
  written: WrittenResult | undefined,
  proc: ProcessResult,
  limits: Pick<RunLimits, 'timeoutMs' | 'killGraceMs' | 'maxStdoutBytes' | 'maxStderrBytes'>,
  words: RuntimeWords,
): Pick<RunResult, 'outcome' | 'visits' | 'droppedVisits' | 'stdout' | 'stderr' | 'limits' | 'runMs'> {
  const hits: LimitHit[] = [...(written?.limits ?? [])];
  let outcome: TestOutcome;
  if (written !== undefined) {
    outcome = written.outcome;
  } else if (proc.timedOut) {
    outcome = {
      status: 'timeout',
      exception: {
        type: 'LdbTimeout',
        message: `killed after ${Math.round(proc.durationMs)} ms: the program could not be stopped at the time limit (${words.stuckHint})`,
      },
    };
  } else {
    outcome = { status: 'error', exception: crashInfo(proc, words) };
  }
  if (outcome.status === 'timeout') {
    hits.unshift({
      limit: 'time',
      value: limits.timeoutMs,
      detail: proc.timedOut
        ? `the process group was killed ${limits.killGraceMs} ms after the limit`
        : 'the program was stopped at the limit',
    });
  }
  if (proc.stdoutTruncated) hits.push(outputHit('stdout', limits.maxStdoutBytes, proc.stdoutBytes));
  if (proc.stderrTruncated) hits.push(outputHit('stderr', limits.maxStderrBytes, proc.stderrBytes));
  return {
    outcome,
    visits: written?.visits ?? [],
    droppedVisits: written?.droppedVisits ?? 0,
    stdout: proc.stdout,
    stderr: proc.stderr,
    limits: hits,
    runMs: Math.round(proc.durationMs),
  };
}

function outputHit(limit: 'stdout' | 'stderr', cap: number, total: number): LimitHit {
  return { limit, value: cap, detail: `${total} bytes written, the first ${cap} kept` };
}

function crashInfo(proc: ProcessResult, words: RuntimeWords): NonNullable<TestOutcome['exception']> {
  const tail = proc.stderr.slice(-STDERR_TAIL_CHARS).trim();
  const how = proc.signal ? `was killed by ${proc.signal}` : `exited with code ${proc.exitCode}`;
  return {
    type: proc.signal === 'SIGKILL' ? 'Killed' : proc.signal ? 'Crashed' : 'LdbInternalError',
    message: `the ${words.process} process ${how} without writing a result${tail ? `:\n${tail}` : ''}`,
  };
}

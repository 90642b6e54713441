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

/**
 * A runtime's result text, checked for the fields every runtime writes; undefined when it is not
 * one. `extra` picks the runtime's own fields from what was parsed.
 */
export function parseWrittenResult<T extends object = object>(
  text: string,
  extra: (parsed: Record<string, unknown>) => T = () => ({}) as T,
): (WrittenResult & T) | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<WrittenResult> & Record<string, unknown>;
    if (typeof parsed.outcome?.status !== 'string' || !Array.isArray(parsed.visits)) return undefined;
    return {
      outcome: parsed.outcome,
      visits: parsed.visits,
      droppedVisits: parsed.droppedVisits ?? 0,
      limits: parsed.limits ?? [],
      ...extra(parsed),
    };
  } catch {
    return undefined;
  }
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

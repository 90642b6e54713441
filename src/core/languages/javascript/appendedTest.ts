// Where an exception raised by a file's own test is said to be: the test runs appended after the
// file's last line (instrument.ts), so its lines are past the file's end.
import type { RunResult, TestCase } from '../../model';

/**
 * The test runs appended after the file's last line (instrument.ts: its text from the line after
 * the last), so an exception raised in the test itself has a line past the file's end: it is said
 * on the test's own line in the file (the same line of a test over several, such as a loop), or
 * without a line for a test given on the command line (as for Python).
 */
export function placeAppendedTest(
  result: RunResult,
  text: string,
  test: TestCase,
  /** The file's name in a run across files, where exceptions name their file. */
  mainFile?: string,
): RunResult {
  const exception = result.outcome.exception;
  if (exception?.line === undefined || exception.file !== mainFile) return result;
  const lines = text.split('\n').length;
  if (exception.line <= lines) return result;
  const { line: pastTheEnd, ...rest } = exception;
  if (test.line === undefined || test.origin === 'given')
    return { ...result, outcome: { ...result.outcome, exception: rest } };
  const span = test.source.split('\n').length;
  const within = Math.min(Math.max(pastTheEnd - (lines + 1), 0), span - 1);
  return { ...result, outcome: { ...result.outcome, exception: { ...rest, line: test.line + within } } };
}

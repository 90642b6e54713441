// The words we send. LDB's structure (the task, the code, the failing test with its real output,
// the block trace, one JSON verdict per block; then "fix the code"), in fewer tokens: the task is
// not repeated when the code already carries it as a docstring, and the trace writes each state
// once and then only its changes.
import type { TestCase, TestOutcome, TraceLevel } from '../../model';
import type { PromptWords } from '../../languages/support';
import { describeException } from '../../trace/render';

/** How the prompts name the program's language (its LanguageSupport's words). */
export type LanguageWords = Pick<PromptWords, 'name' | 'fence'>;

/** The line that names a file in code over several files, in a comment of the language. */
export function fileHeader(file: string, words: Pick<PromptWords, 'lineComment'>): string {
  return `${words.lineComment} file: ${file}`;
}

export function systemPrompt(words: LanguageWords): string {
  return (
    `You are an expert ${words.name} programmer. You debug code step by step: you check each block of an ` +
    'execution trace against the task, find the block that goes wrong, and fix the code.'
  );
}

const UNIT: Record<TraceLevel, string> = { block: 'block', line: 'line', function: 'function call' };
const LABEL: Record<TraceLevel, string> = { block: 'BLOCK', line: 'LINE', function: 'FUNCTION' };

/** LDB's feedback line: the test, then what the program really did. */
export function failingTestLine(
  test: TestCase,
  outcome: TestOutcome,
  timeoutMs?: number,
  redact: (value: string) => string = (v) => v,
): string {
  return `${test.label} # Real Execution Output: ${redact(realOutput(outcome, timeoutMs))}`;
}

export function realOutput(outcome: TestOutcome, timeoutMs?: number): string {
  switch (outcome.status) {
    case 'timeout':
      return timeoutMs === undefined ? 'timed out' : `timed out after ${timeoutMs} ms`;
    case 'error':
      return outcome.exception ? describeException(outcome.exception) : 'the program failed';
    case 'failed':
      if (outcome.actual !== undefined) return outcome.actual;
      return outcome.exception ? describeException(outcome.exception) : 'False';
    case 'passed':
      return outcome.actual ?? 'passed';
  }
}

export interface DebugRequestParts {
  /** The task in words, when the code does not already carry it as a docstring. */
  task?: string;
  code: string;
  words: LanguageWords;
  failingTest: string;
  /** The rendered trace; absent when the code could not run far enough to be traced. */
  trace?: { text: string; level: TraceLevel };
  /** Why there is no trace (syntax error, error at load time), told instead. */
  problem?: string;
  /** Other tests' results, one line each, so the model sees the whole picture. */
  otherResults?: string[];
}

export function debugRequest(parts: DebugRequestParts): string {
  const out: string[] = [];
  if (parts.task !== undefined && parts.task.trim() !== '') out.push(`Task:\n${parts.task.trim()}\n`);
  out.push('Code:', '```' + parts.words.fence, parts.code.replace(/\s+$/, ''), '```', '');
  out.push('The code fails the given unit test:', parts.failingTest);
  if (parts.otherResults && parts.otherResults.length > 0) out.push(...parts.otherResults);
  out.push('');
  if (parts.trace && parts.trace.text !== '') {
    const unit = UNIT[parts.trace.level];
    out.push(
      `Here is the execution trace ${unit} by ${unit}. \`# name = value\` comments give the state: ` +
        `the first one before a ${unit} when it differs from what the previous ${unit} left, the one after ` +
        `lists only the variables that changed.`,
      '',
      parts.trace.text,
      '',
      `For EACH ${unit}, say whether it is correct for the task, and if not, what is wrong. ` +
        `Answer with one JSON object per line, nothing else:`,
      `{"block": "${LABEL[parts.trace.level]}-0", "correct": true, "explanation": "..."}`,
    );
  } else {
    out.push(
      `There is no execution trace: ${parts.problem ?? 'no traced code ran'}.`,
      'Explain what is wrong in one or two sentences.',
    );
  }
  return out.join('\n');
}

export function fixRequest(entryFunction: string, words: LanguageWords): string {
  return (
    `Fix the code. Reply with the complete corrected code, defining \`${entryFunction}\` with the same ` +
    `signature, in one \`\`\`${words.fence} code block.`
  );
}

/**
 * The fix request when the code shown comes from several files (a trace across modules): each
 * function the model rewrites goes under the header line of its file, so it can be put back there.
 */
export function fixRequestAcross(
  files: readonly string[],
  words: Pick<PromptWords, 'fence' | 'lineComment'>,
): string {
  const header = `\`${fileHeader('PATH', words)}\``;
  return (
    `Fix the code. It comes from ${files.length} files (${files.join(', ')}), each after its ${header} line. ` +
    `Reply with the complete corrected code of every function you change, each under the ${header} line ` +
    `of its file, in one \`\`\`${words.fence} code block.`
  );
}

/** After a fix that still fails: the new code's result, then the same request for verdicts. */
export function fixFailedPreamble(passed: number, total: number): string {
  return `Your fix passes ${passed} of ${total} tests. It still fails.`;
}

/**
 * A reply the loop could not use (after its corrective retry) is told at the start of the next
 * request: `reason` reads after "could not be used: ", e.g. "the code in the reply does not parse:
 * syntax error at 3:5".
 */
export function unusableReplyNote(reason: string): string {
  return `Your last reply could not be used: ${reason.replace(/[.\s]+$/, '')}.`;
}

/** The fix request after verdicts that could not be read: why, then the request all the same. */
export function fixRequestAfterUnreadableVerdicts(
  reason: string,
  entryFunction: string,
  words: LanguageWords,
): string {
  return afterUnusableReply(reason, fixRequest(entryFunction, words));
}

/** A request that starts by saying why the last reply could not be used. */
export function afterUnusableReply(reason: string, request: string): string {
  return `${unusableReplyNote(reason)}\n\n${request}`;
}

/** After a fix that could not be used: why, then the same request for verdicts on the same code. */
export function unusableFixPreamble(reason: string): string {
  return `${unusableReplyNote(reason)} The code is unchanged and still fails.`;
}

export function rejectedFixMessage(reason: string | undefined): string {
  return (
    'The user rejected this fix' +
    (reason !== undefined && reason.trim() !== '' ? `: ${reason.trim()}` : '.') +
    ' Propose a different fix.'
  );
}

// Reading replies, in one place for the loop: verdicts per block, the fix, and what to say when a
// reply cannot be used. An unusable reply gets one corrective retry; when that fails too, the loop
// records why, tells the model in its next request and goes on (as LDB does with a failed fix).
export { parseVerdicts, readCorrect, type VerdictReading, type VerdictTarget } from './verdicts';
export { extractFix, extractFixAsync, type FixCheck, type FixExtraction } from './fixes';

export type ReplyProblem =
  /** The verdict reply gave no readable verdict; `labels` are the blocks still to be judged. */
  | { kind: 'verdicts'; problems: string[]; labels: string[] }
  /**
   * The fix reply gave no usable program; `error` and `likeliest` are extractFix's. `across`: the
   * code came from several files, each under its header line (`header` with PATH for the file).
   */
  | {
      kind: 'fix';
      error: string;
      entryFunction: string;
      fence: string;
      likeliest?: string;
      across?: { files: string[]; header: string };
    };

/** How many of the parser's notes are repeated back to the model: enough to correct, not a wall. */
const MAX_NOTES = 3;

/**
 * The user message for the one corrective retry. It says what was wrong and repeats the exact
 * format, with the real block labels, because the model's first attempt shows it lost track of it.
 */
export function correctiveMessage(problem: ReplyProblem): string {
  if (problem.kind === 'verdicts') {
    const notes = problem.problems.slice(0, MAX_NOTES).join('; ');
    const first = problem.labels[0] ?? 'BLOCK-0';
    return [
      `I could not read your verdicts${notes ? ` (${notes})` : ''}.`,
      `Answer again with one JSON object per line, one line for each of ${problem.labels.join(', ')}, and nothing else:`,
      `{"block": "${first}", "correct": true, "explanation": "what this block does and whether that is right"}`,
      '"correct" is true or false.',
    ].join('\n');
  }
  if (problem.across) {
    const { files, header } = problem.across;
    return [
      `I could not use your fix: ${problem.error}.`,
      `Reply with the complete corrected code of every function you change, each under the \`${header}\` line of its file (${files.join(', ')}), in one \`\`\`${problem.fence} code block.`,
    ].join('\n');
  }
  return [
    `I could not use your fix: ${problem.error}.`,
    `Reply with the complete corrected function \`${problem.entryFunction}\`, with the imports and helpers it needs, in one \`\`\`${problem.fence} code block.`,
  ].join('\n');
}

/** The problem in one line, as it reads after "your last reply could not be used: ". */
export function problemReason(problem: ReplyProblem): string {
  if (problem.kind === 'fix') return problem.error;
  const notes = problem.problems.slice(0, MAX_NOTES).join('; ');
  return `no verdict could be read from it${notes ? ` (${notes})` : ''}`;
}

/** A reply the server cut off at the token limit: the likely reason it could not be used, said. */
export function cutOffProblem(problem: ReplyProblem): ReplyProblem {
  const note = 'the reply was cut off at the token limit';
  return problem.kind === 'fix'
    ? { ...problem, error: `${problem.error} (${note})` }
    : { ...problem, problems: [note, ...problem.problems] };
}

// The --replay adapter: an LlmClient that answers as LDB's published run did, without a model.
// LDB's results hold its programs, not its replies, so:
// - a fix request is answered with LDB's next program for the task (implementations[1], [2], ...),
//   whatever it holds (prose, an empty string, code that does not parse: LDB ran it as it was, and
//   the loop records such a fix as a failed iteration); the debug task tells the loop that the
//   program replaces the previous one, as it did in LDB's run;
// - a verdict request gets a reply that parses but says nothing (block 0 "correct", marked as a
//   replay), because the loop needs a readable verdict to go on and LDB's verdicts are not known;
// - a corrective retry after an unusable fix gets the same program again.
// Usage is counted with the tokenizer (estimated), so the prompt side measures our prompts.
import { LdbError } from '../errors';
import type { ChatMessage, CompleteOptions, Completion, LlmClient } from '../llm/port';
import { fixRequest } from '../llm/prompts/text';
import type { PromptWords } from '../languages/support';
import { countMessageTokens, countTokens } from '../llm/tokens';

export const REPLAY_VERDICT_NOTE = "replayed run: LDB's verdicts are not in its published results";

export class ReplayLlmClient implements LlmClient {
  readonly description: string;
  /** Fix requests answered so far. */
  private fixes = 0;

  constructor(
    private readonly taskId: string,
    private readonly entryPoint: string,
    /** LDB's programs: [0] the prepared seed, then one per fix. */
    private readonly implementations: readonly string[],
    /** The words of the programs' language: the fix request to recognise, the fence to answer in. */
    private readonly words: PromptWords,
  ) {
    this.description = `LDB's published run (replay of ${taskId})`;
  }

  /** How many fixes the replay can give: the loop must not ask for more. */
  get available(): number {
    return this.implementations.length - 1;
  }

  complete(messages: ChatMessage[], _options?: CompleteOptions): Promise<Completion> {
    const last = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    let text: string;
    // The fix request may follow a note on the last reply ("Your last reply could not be used: ...").
    if (last.endsWith(fixRequest(this.entryPoint, this.words))) {
      this.fixes += 1;
      text = this.program(this.fixes);
    } else if (last.startsWith('I could not use your fix')) {
      text = this.program(Math.max(this.fixes, 1));
    } else {
      text = JSON.stringify({
        block: `${labelKind(last)}-0`,
        correct: true,
        explanation: REPLAY_VERDICT_NOTE,
      });
    }
    return Promise.resolve({
      text,
      usage: {
        promptTokens: countMessageTokens(messages),
        completionTokens: countTokens(text),
        estimated: true,
      },
      model: 'ldb-replay',
      ms: 0,
    });
  }

  private program(index: number): string {
    const code = this.implementations[index];
    if (code === undefined) {
      throw new LdbError(
        'llm',
        `replay of ${this.taskId}: LDB's run has no program after fix ${index - 1} (it made ${this.available} fixes)`,
      );
    }
    return fenced(code, this.words.fence);
  }
}

/** BLOCK, LINE or FUNCTION: the label kind the verdict request asks for. */
function labelKind(request: string): string {
  return /"block": "(BLOCK|LINE|FUNCTION)-0"/.exec(request)?.[1] ?? 'BLOCK';
}

/** The program in a fence longer than any run of backticks inside it, so none closes it. */
function fenced(code: string, tag: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${tag}\n${code}\n${fence}`;
}

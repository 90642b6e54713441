// One conversation with the model across the whole loop (LDB carries it over between iterations),
// with the one corrective retry a bad reply gets and the accounting the session needs.
import { LdbError } from '../errors';
import type { LlmExchange, TokenUsage } from '../model';
import type { ChatMessage, LlmClient } from '../llm/port';
import { correctiveMessage, type ReplyProblem } from '../llm/replies';
import { systemPrompt, type LanguageWords } from '../llm/prompts/text';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: ReplyProblem };

export class Conversation {
  readonly messages: ChatMessage[];
  readonly tokens: TokenUsage = { promptTokens: 0, completionTokens: 0, estimated: false };
  /** How many messages earlier exchanges already logged: each exchange logs only what is new. */
  private logged = 0;

  constructor(
    private readonly llm: LlmClient,
    private readonly maxTokens: number,
    words: LanguageWords,
    private readonly signal?: AbortSignal,
  ) {
    this.messages = [{ role: 'system', content: systemPrompt(words) }];
  }

  /**
   * Sends `request`, parses the reply; an unusable reply gets one corrective retry, then a clear
   * error. The exchanges go to `log` in the order they happened.
   */
  async ask<T>(
    purpose: 'verdicts' | 'fix',
    request: string,
    parse: (reply: string) => Parsed<T> | Promise<Parsed<T>>,
    log: LlmExchange[],
  ): Promise<T> {
    this.messages.push({ role: 'user', content: request });
    let reply = await this.send(purpose, log);
    let parsed = await parse(reply);
    if (!parsed.ok) {
      this.messages.push({ role: 'assistant', content: reply });
      this.messages.push({ role: 'user', content: correctiveMessage(parsed.problem) });
      reply = await this.send('retry', log);
      parsed = await parse(reply);
      if (!parsed.ok) {
        const why =
          parsed.problem.kind === 'fix'
            ? parsed.problem.error
            : (parsed.problem.problems[0] ?? 'no verdict found');
        throw new LdbError(
          'llm',
          `the model's ${purpose === 'fix' ? 'fix' : 'verdicts'} could not be used twice in a row: ${why}`,
        );
      }
    }
    this.messages.push({ role: 'assistant', content: reply });
    return parsed.value;
  }

  /** A message that needs no answer now (e.g. the user's reason for rejecting a fix). */
  tell(content: string): void {
    this.messages.push({ role: 'user', content });
  }

  private async send(purpose: LlmExchange['purpose'], log: LlmExchange[]): Promise<string> {
    const completion = await this.llm.complete(
      this.messages.map((m) => ({ ...m })),
      {
        maxTokens: this.maxTokens,
        ...(this.signal ? { signal: this.signal } : {}),
      },
    );
    this.tokens.promptTokens += completion.usage.promptTokens;
    this.tokens.completionTokens += completion.usage.completionTokens;
    this.tokens.estimated ||= completion.usage.estimated;
    const messages = this.messages.slice(this.logged).map((m) => ({ ...m }));
    this.logged = this.messages.length + 1; // the reply is logged as `reply`
    log.push({
      purpose,
      messages,
      reply: completion.text,
      usage: completion.usage,
      ms: Math.round(completion.ms),
    });
    return completion.text;
  }
}

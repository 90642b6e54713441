// One conversation with the model across the whole loop (LDB carries it over between iterations),
// with the one corrective retry a bad reply gets and the accounting the session needs.
import type { LlmExchange, TokenUsage } from '../model';
import type { ChatMessage, LlmClient } from '../llm/port';
import { correctiveMessage, cutOffProblem, type ReplyProblem } from '../llm/replies';
import { systemPrompt, type LanguageWords } from '../llm/prompts/text';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: ReplyProblem };

export class Conversation {
  readonly messages: ChatMessage[];
  readonly tokens: TokenUsage = { promptTokens: 0, completionTokens: 0, estimated: false };
  /** How many messages earlier exchanges already logged: each exchange logs only what is new. */
  private logged = 0;
  /** The last reply ended at the token limit: the likely reason it could not be used. */
  private cutOff = false;

  constructor(
    private readonly llm: LlmClient,
    private readonly maxTokens: number,
    words: LanguageWords,
    private readonly signal?: AbortSignal,
  ) {
    this.messages = [{ role: 'system', content: systemPrompt(words) }];
  }

  /**
   * Sends `request`, parses the reply; an unusable reply gets one corrective retry. What a model
   * writes never throws: the retry's problem comes back for the loop to record and tell. The
   * exchanges go to `log` in the order they happened; only the model's failures (unreachable,
   * cancelled) throw.
   */
  async ask<T>(
    purpose: 'verdicts' | 'fix',
    request: string,
    parse: (reply: string) => Parsed<T> | Promise<Parsed<T>>,
    log: LlmExchange[],
  ): Promise<Parsed<T>> {
    this.messages.push({ role: 'user', content: request });
    const read = async (reply: string): Promise<Parsed<T>> => {
      const parsed = await parse(reply);
      return parsed.ok || !this.cutOff ? parsed : { ok: false, problem: cutOffProblem(parsed.problem) };
    };
    let reply = await this.send(purpose, log);
    let parsed = await read(reply);
    if (!parsed.ok) {
      this.messages.push({ role: 'assistant', content: reply });
      this.messages.push({ role: 'user', content: correctiveMessage(parsed.problem) });
      reply = await this.send('retry', log);
      parsed = await read(reply);
    }
    this.messages.push({ role: 'assistant', content: reply });
    return parsed;
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
    this.cutOff = completion.finishReason === 'length';
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

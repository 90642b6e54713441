// Reading a chat completion body defensively: servers that call themselves OpenAI-compatible
// differ in what they leave out (usage, model, finish_reason), and proxies answer 200 with HTML.
import type { TokenUsage } from '../model';
import type { ChatMessage } from './port';
import { countMessageTokens, countTokens } from './tokens';

/** Server text goes into one-line errors: whitespace collapsed, length bounded. */
export function oneLine(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export interface Choice {
  text: string;
  finishReason?: string;
  refusal?: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first choice's text, or one line saying why the body is not a chat completion. */
export function readChoice(body: unknown): Choice | string {
  if (!isRecord(body) || !Array.isArray(body.choices)) {
    const shown = typeof body === 'string' ? body : (JSON.stringify(body) ?? String(body));
    return `answered with something that is not a chat completion: ${JSON.stringify(oneLine(shown, 120))}`;
  }
  const first: unknown = body.choices[0];
  if (!isRecord(first) || !isRecord(first.message))
    return 'answered with a chat completion without a message';
  const { content, refusal } = first.message;
  const choice: Choice = { text: typeof content === 'string' ? content : '' };
  if (typeof first.finish_reason === 'string') choice.finishReason = first.finish_reason;
  if (typeof refusal === 'string' && refusal) choice.refusal = refusal;
  return choice;
}

export function modelOf(body: unknown): string | undefined {
  return isRecord(body) && typeof body.model === 'string' && body.model ? body.model : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The server's numbers when it gave them; each missing one counted with cl100k instead. */
export function usageOf(body: unknown, messages: ChatMessage[], text: string): TokenUsage {
  const usage = isRecord(body) && isRecord(body.usage) ? body.usage : {};
  const prompt = count(usage.prompt_tokens);
  const completion = count(usage.completion_tokens);
  return {
    promptTokens: prompt ?? countMessageTokens(messages),
    completionTokens: completion ?? countTokens(text),
    estimated: prompt === undefined || completion === undefined,
  };
}

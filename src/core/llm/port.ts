// The one door the LDB loop uses to reach a model. Two adapters sit behind it: the
// OpenAI-compatible HTTP client (core) and VS Code's Language Model API (extension), so the loop,
// the prompts and the reply parsers never know which one answers.
import type { TokenUsage } from '../model';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompleteOptions {
  /** Aborting rejects the call promptly with LdbError('cancelled'), also while waiting to retry. */
  signal?: AbortSignal;
  maxTokens?: number;
  /** Ask for a JSON object reply. Best effort: servers that reject it are asked again without it. */
  json?: boolean;
  /** Unset leaves the server's default (some reasoning models accept no other value). */
  temperature?: number;
}

export interface Completion {
  text: string;
  /** From the server, or counted with the cl100k tokenizer when it gave none (`estimated: true`). */
  usage: TokenUsage;
  /** The model that answered, as the server names it (falls back to the configured one). */
  model: string;
  /** Wall time of the whole call, retries and waits included. */
  ms: number;
  /** The server's finish reason when it gave one (`length` = cut off at maxTokens). */
  finishReason?: string;
}

/**
 * Throws LdbError('llm', one line saying what went wrong and where) when the model cannot be
 * reached or keeps failing, and LdbError('cancelled') when the signal aborts. Never anything else
 * on purpose.
 */
export interface LlmClient {
  /** For logs and messages, e.g. "gpt-4o-mini at https://api.openai.com/v1". Never holds a key. */
  readonly description: string;
  complete(messages: ChatMessage[], options?: CompleteOptions): Promise<Completion>;
}

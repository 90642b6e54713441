// The LlmClient over VS Code's Language Model API (GitHub Copilot or any other model provider
// installed in VS Code): no key, no URL. The first request shows VS Code's consent dialog, so it is
// only ever sent from a command the user ran.
import * as vscode from 'vscode';
import { LdbError } from '../../core/errors';
import type { ChatMessage, CompleteOptions, Completion, LlmClient } from '../../core/llm/port';

const JUSTIFICATION =
  'LDB sends the function you debug, its failing test and its block-by-block trace, and asks the ' +
  'model which block is wrong and for a fix.';

/** The API has only user and assistant roles: the system prompt goes first as a user message. */
function toMessages(messages: readonly ChatMessage[]): vscode.LanguageModelChatMessage[] {
  return messages.map((m) =>
    m.role === 'assistant'
      ? vscode.LanguageModelChatMessage.Assistant(m.content)
      : vscode.LanguageModelChatMessage.User(m.content),
  );
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function describeModel(model: vscode.LanguageModelChat): string {
  return `${model.name} (${model.vendor}, VS Code language model)`;
}

function failure(model: vscode.LanguageModelChat, error: unknown): LdbError {
  if (error instanceof vscode.LanguageModelError) {
    const why =
      error.code === vscode.LanguageModelError.NoPermissions.name
        ? 'LDB may not use it: allow it when VS Code asks, or choose another model with LDB: Select Model'
        : error.code === vscode.LanguageModelError.Blocked.name
          ? 'the request was blocked (quota or rate limit)'
          : error.code === vscode.LanguageModelError.NotFound.name
            ? 'the model is no longer available: choose another with LDB: Select Model'
            : oneLine(error.message);
    return new LdbError('llm', `${model.name}: ${why}`);
  }
  return new LdbError(
    'llm',
    `${model.name}: ${oneLine(error instanceof Error ? error.message : String(error))}`,
  );
}

export class VscodeLmClient implements LlmClient {
  readonly description: string;

  constructor(private readonly model: vscode.LanguageModelChat) {
    this.description = describeModel(model);
  }

  async complete(messages: ChatMessage[], options: CompleteOptions = {}): Promise<Completion> {
    const started = performance.now();
    const { signal } = options;
    if (signal?.aborted) throw new LdbError('cancelled', 'cancelled');
    const cts = new vscode.CancellationTokenSource();
    const onAbort = (): void => cts.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const chat = toMessages(messages);
      let text = '';
      try {
        const response = await this.model.sendRequest(chat, { justification: JUSTIFICATION }, cts.token);
        for await (const chunk of response.text) text += chunk;
      } catch (error) {
        if (signal?.aborted || cts.token.isCancellationRequested)
          throw new LdbError('cancelled', 'cancelled');
        throw failure(this.model, error);
      }
      if (signal?.aborted) throw new LdbError('cancelled', 'cancelled');
      // The API reports no usage: count with the model's own tokenizer (an estimate of what it billed).
      let promptTokens = 0;
      for (const m of chat) promptTokens += await this.model.countTokens(m, cts.token);
      const completionTokens = await this.model.countTokens(text, cts.token);
      return {
        text,
        usage: { promptTokens, completionTokens, estimated: true },
        model: this.model.name,
        ms: performance.now() - started,
      };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      cts.dispose();
    }
  }
}

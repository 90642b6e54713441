// `ldb.redactPatterns` for the debug loop: every message goes through the patterns before it
// leaves the machine. The core's debugProgram takes no redaction function yet (traceTest does),
// so here the whole text is redacted, values and code alike: stricter, never looser.
import type { ChatMessage, CompleteOptions, Completion, LlmClient } from '../../core/llm/port';

export function redactingClient(inner: LlmClient, redact: (text: string) => string): LlmClient {
  return {
    description: inner.description,
    complete(messages: ChatMessage[], options?: CompleteOptions): Promise<Completion> {
      return inner.complete(
        messages.map((m) => ({ ...m, content: redact(m.content) })),
        options,
      );
    },
  };
}

// The LlmClient for OpenAI-compatible servers (OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio,
// OpenRouter), over the `openai` package. The package's own retries are off (maxRetries: 0): the
// retry policy is ours (retryPolicy.ts), so it is the same for every server, visible to the caller
// through onRetry, cancellable while it waits, and testable with small waits.
//
// The timeout is ours too: the package's timer stops once the response headers arrive, so a server
// that sends headers and then stalls would hang it. Our timer covers the whole call, body included.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, AzureOpenAI } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { LdbError, isLdbError } from '../errors';
import { describeLlm, type LlmConfig } from './config';
import type { ChatMessage, CompleteOptions, Completion, LlmClient } from './port';
import {
  cancelled,
  isRetryableStatus,
  retryAfterMs,
  retryDelayMs,
  sleep,
  type RetryLimits,
} from './retryPolicy';
import { isRecord, modelOf, oneLine, readChoice, usageOf } from './completionBody';

export interface LlmCallLimits extends RetryLimits {
  /** One attempt, from sending the request to the last byte of the answer. */
  timeoutMs: number;
}

export const DEFAULT_LLM_LIMITS: Readonly<LlmCallLimits> = Object.freeze({
  // Local models on a laptop can take minutes for a long debug prompt.
  timeoutMs: 180_000,
  maxRetries: 4,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  maxRetryAfterMs: 60_000,
});

export interface RetryEvent {
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  /** One line: what failed. */
  reason: string;
}

export interface OpenAiClientOptions extends Partial<LlmCallLimits> {
  /** Told before each wait, e.g. for the log channel or a progress message. */
  onRetry?: (event: RetryEvent) => void;
  /** Source of jitter; tests pass a fixed one. */
  random?: () => number;
}

/** Request parameters some servers reject; each is dropped or renamed once when the server says so. */
type Adjustable = 'response_format' | 'temperature' | 'max_tokens';

type Failure =
  | { kind: 'cancelled' }
  | { kind: 'timeout' }
  | { kind: 'adjust'; param: Adjustable }
  | { kind: 'retry'; message: string; serverAskedMs?: number }
  | { kind: 'fatal'; message: string };

/** Thrown by our own per-call timer, told apart from a cancellation by the caller. */
class TimedOut extends Error {}

function causeText(error: unknown): string {
  let cause: unknown = error;
  for (let depth = 0; depth < 4 && cause instanceof Error; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cause = cause.cause;
  }
  return error instanceof Error ? error.message : String(error);
}

export class OpenAiCompatibleClient implements LlmClient {
  readonly description: string;
  private readonly limits: LlmCallLimits;
  private readonly sdk: OpenAI;
  /** Learned from this server's 400s, so later calls do not pay for the same refusal again. */
  private readonly refused = new Set<Adjustable>();
  private tokenParam: 'max_tokens' | 'max_completion_tokens' = 'max_tokens';

  constructor(
    private readonly config: LlmConfig,
    private readonly options: OpenAiClientOptions = {},
  ) {
    const limits: LlmCallLimits = { ...DEFAULT_LLM_LIMITS };
    for (const key of Object.keys(limits) as (keyof LlmCallLimits)[]) {
      const value = options[key];
      if (value !== undefined) limits[key] = value;
    }
    this.limits = limits;
    this.description = describeLlm(config);
    this.sdk = createSdk(config, limits.timeoutMs);
  }

  async complete(messages: ChatMessage[], options: CompleteOptions = {}): Promise<Completion> {
    const started = performance.now();
    const { signal } = options;
    const adjustedThisCall = new Set<Adjustable>();
    let retries = 0;
    for (;;) {
      if (signal?.aborted) throw cancelled();
      const params = this.params(messages, options);
      let body: unknown;
      try {
        body = await this.attempt(params, signal);
      } catch (error) {
        const failure = this.classify(error, params, signal);
        switch (failure.kind) {
          case 'cancelled':
            throw cancelled();
          case 'timeout':
            // Not retried: a model that needed longer once will likely need longer again, and
            // the user would wait (retries + 1) x timeout before hearing about it.
            throw this.error(`no complete answer within ${this.limits.timeoutMs} ms (the per-call timeout)`);
          case 'adjust':
            if (adjustedThisCall.has(failure.param))
              throw this.error(`the server keeps rejecting ${failure.param}`);
            adjustedThisCall.add(failure.param);
            if (failure.param === 'max_tokens') {
              this.tokenParam = this.tokenParam === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
            } else {
              this.refused.add(failure.param);
            }
            continue;
          case 'retry': {
            if (retries >= this.limits.maxRetries) {
              throw this.error(`${failure.message} (gave up after ${retries} retries)`);
            }
            const delayMs = retryDelayMs(retries, this.limits, failure.serverAskedMs, this.options.random);
            retries += 1;
            this.options.onRetry?.({ retry: retries, delayMs, reason: this.redact(failure.message) });
            await sleep(delayMs, signal);
            continue;
          }
          case 'fatal':
            throw this.error(failure.message);
        }
      }
      return this.completion(body, messages, started);
    }
  }

  private params(messages: ChatMessage[], options: CompleteOptions): ChatCompletionCreateParamsNonStreaming {
    const params: ChatCompletionCreateParamsNonStreaming = {
      model: this.config.model,
      messages: messages.map(({ role, content }) => ({ role, content })),
    };
    if (options.maxTokens !== undefined) params[this.tokenParam] = options.maxTokens;
    if (options.temperature !== undefined && !this.refused.has('temperature')) {
      params.temperature = options.temperature;
    }
    if (options.json && !this.refused.has('response_format')) {
      params.response_format = { type: 'json_object' };
    }
    return params;
  }

  /** One request under our own timer; settles promptly on abort even if the transport lingers. */
  private async attempt(
    params: ChatCompletionCreateParamsNonStreaming,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.limits.timeoutMs);
    const forward = (): void => controller.abort();
    signal?.addEventListener('abort', forward, { once: true });
    try {
      const request = this.sdk.chat.completions.create(params, { signal: controller.signal });
      const aborted = new Promise<never>((_, reject) => {
        controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      });
      // Whichever loses the race must not surface as an unhandled rejection.
      request.catch(() => undefined);
      aborted.catch(() => undefined);
      return await Promise.race([request, aborted]);
    } catch (error) {
      if (timedOut && !signal?.aborted) throw new TimedOut();
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
    }
  }

  private classify(
    error: unknown,
    sent: ChatCompletionCreateParamsNonStreaming,
    signal?: AbortSignal,
  ): Failure {
    if (signal?.aborted || isLdbError(error, 'cancelled')) return { kind: 'cancelled' };
    if (error instanceof TimedOut || error instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
    if (error instanceof APIConnectionError) {
      return { kind: 'retry', message: `cannot reach ${this.config.baseUrl} (${causeText(error)})` };
    }
    if (error instanceof APIError && typeof error.status === 'number') {
      const headers = error.headers instanceof Headers ? error.headers : undefined;
      return this.classifyStatus(error.status, error.error, error.message, headers, sent);
    }
    if (error instanceof SyntaxError) {
      return { kind: 'fatal', message: 'answered with a body that is not JSON' };
    }
    return { kind: 'fatal', message: error instanceof Error ? error.message : String(error) };
  }

  private classifyStatus(
    status: number,
    errorBody: unknown,
    errorMessage: string,
    headers: Headers | undefined,
    sent: ChatCompletionCreateParamsNonStreaming,
  ): Failure {
    const body: { message?: unknown; code?: unknown } = isRecord(errorBody) ? errorBody : {};
    const detail = oneLine(
      typeof body.message === 'string' ? body.message : errorMessage.replace(/^\d+\s*/, ''),
    );
    if (status === 400 || status === 422) {
      if (sent.response_format && /response_format|json_object/i.test(detail)) {
        return { kind: 'adjust', param: 'response_format' };
      }
      if (
        (sent.max_tokens ?? sent.max_completion_tokens) !== undefined &&
        /max_(completion_)?tokens/i.test(detail)
      ) {
        return { kind: 'adjust', param: 'max_tokens' };
      }
      if (sent.temperature !== undefined && /temperature/i.test(detail))
        return { kind: 'adjust', param: 'temperature' };
    }
    const message = `${status} ${detail || 'with no body'}`;
    if (status === 429 && body.code === 'insufficient_quota') return { kind: 'fatal', message };
    if (isRetryableStatus(status)) return { kind: 'retry', message, serverAskedMs: retryAfterMs(headers) };
    if (status === 401 || status === 403) {
      return { kind: 'fatal', message: `${message} (the server refused the credentials: check the API key)` };
    }
    if (status === 404) {
      return {
        kind: 'fatal',
        message: `${message} (check the base URL, which usually ends in /v1, and the model name)`,
      };
    }
    return { kind: 'fatal', message };
  }

  private completion(body: unknown, messages: ChatMessage[], started: number): Completion {
    const choice = readChoice(body);
    if (typeof choice === 'string') throw this.error(choice);
    const { finishReason, refusal } = choice;
    // What the model wrote is for the loop to judge, never an error here: a refusal is its answer,
    // and a reply cut off before any text is an empty one (finishReason says why).
    const text = choice.text || (refusal ?? '');
    const result: Completion = {
      text,
      usage: usageOf(body, messages, text),
      model: modelOf(body) ?? this.config.model,
      ms: Math.round(performance.now() - started),
    };
    if (finishReason) result.finishReason = finishReason;
    return result;
  }

  private error(message: string): LdbError {
    return new LdbError('llm', `${this.description}: ${oneLine(this.redact(message), 400)}`);
  }

  /** Servers sometimes echo what they were sent; a key never goes into a message or a log. */
  private redact(text: string): string {
    const key = this.config.apiKey;
    return key && key.length >= 4 ? text.split(key).join('***') : text;
  }
}

function createSdk(config: LlmConfig, timeoutMs: number): OpenAI {
  const common = {
    maxRetries: 0,
    // Ours governs (see the file comment); this only has to be no shorter.
    timeout: Math.ceil(timeoutMs) + 1_000,
    // Explicit values, so that OPENAI_ORG_ID / OPENAI_PROJECT_ID / OPENAI_BASE_URL in the
    // environment never reach a server they were not meant for.
    organization: null,
    project: null,
    // OPENAI_LOG=debug would print every request; failures reach the user through our errors.
    logLevel: 'off' as const,
    baseURL: config.baseUrl,
    // The package insists on a key; a loopback server without one gets no auth header at all.
    apiKey: config.apiKey ?? 'unused',
    ...(config.apiKey ? {} : { defaultHeaders: { Authorization: null, 'api-key': null } }),
  };
  if (config.provider === 'azure' && config.apiVersion) {
    return new AzureOpenAI({ ...common, apiVersion: config.apiVersion });
  }
  return new OpenAI(common);
}

export function createOpenAiClient(config: LlmConfig, options?: OpenAiClientOptions): LlmClient {
  return new OpenAiCompatibleClient(config, options);
}

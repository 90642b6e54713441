// Which model the CLI talks to: --base-url / --model over LDB_BASE_URL / LDB_MODEL / LDB_API_KEY
// (or OPENAI_API_KEY for api.openai.com).
import { resolveLlmConfig, type LlmConfig } from '../core/llm/config';
import { createOpenAiClient } from '../core/llm/openaiClient';
import type { LlmClient } from '../core/llm/port';
import { stringOption, type OptionSpec, type Parsed } from './args';

export const LLM_OPTIONS: OptionSpec = {
  model: { type: 'string' },
  'base-url': { type: 'string' },
};

export const LLM_OPTIONS_HELP = `  --model M             model name (env LDB_MODEL)
  --base-url URL        OpenAI-compatible endpoint (env LDB_BASE_URL; key in LDB_API_KEY or OPENAI_API_KEY;
                        a loopback URL such as a local Ollama or vLLM needs no key)`;

export function llmConfigFrom(parsed: Parsed, env: NodeJS.ProcessEnv): LlmConfig | undefined {
  const baseUrl = stringOption(parsed, 'base-url');
  const model = stringOption(parsed, 'model');
  return resolveLlmConfig({
    flags: { ...(baseUrl !== undefined ? { baseUrl } : {}), ...(model !== undefined ? { model } : {}) },
    env,
  });
}

export function llmClientFor(config: LlmConfig, env: NodeJS.ProcessEnv): LlmClient {
  const timeoutMs = Number(env.LDB_LLM_TIMEOUT_MS);
  return createOpenAiClient(config, Number.isFinite(timeoutMs) && timeoutMs > 0 ? { timeoutMs } : {});
}

// Which model a session talks to, from `ldb.llm.*`: a VS Code language model, or an
// OpenAI-compatible server whose key sits in SecretStorage. `auto` takes a VS Code model when there
// is one, else the server settings, else says how to configure one.
import * as vscode from 'vscode';
import { LdbError } from '../../core/errors';
import {
  DEFAULT_OPENAI_MODEL,
  OPENAI_BASE_URL,
  isLoopbackUrl,
  resolveLlmConfig,
} from '../../core/llm/config';
import { createOpenAiClient, type RetryEvent } from '../../core/llm/openaiClient';
import type { LlmClient } from '../../core/llm/port';
import { readLlmSettings, type LlmSettings } from '../config';
import { VscodeLmClient } from './vscodeLm';

export const NO_MODEL_MESSAGE =
  'no language model is configured: use a VS Code model (e.g. GitHub Copilot; LDB: Select Model) or an ' +
  'OpenAI-compatible server (settings ldb.llm.baseUrl and ldb.llm.model; LDB: Set API Key unless it runs on this machine)';

/** Keys are kept per server origin, so a key is only ever sent to the server it was set for. */
export function secretName(baseUrl: string): string {
  let origin: string;
  try {
    origin = new URL(baseUrl || OPENAI_BASE_URL).origin;
  } catch {
    origin = baseUrl;
  }
  return `ldb.apiKey:${origin}`;
}

export async function vscodeModels(settings: LlmSettings): Promise<vscode.LanguageModelChat[]> {
  // vscode.lm exists from VS Code 1.90; a host without it (or without any provider) has no models.
  if (typeof vscode.lm?.selectChatModels !== 'function') return [];
  const wanted = settings.vscodeModel;
  if (wanted !== '') {
    const byId = await vscode.lm.selectChatModels({ id: wanted });
    if (byId.length > 0) return byId;
    return vscode.lm.selectChatModels({ family: wanted });
  }
  return vscode.lm.selectChatModels();
}

function serverConfigured(settings: LlmSettings, key: string | undefined): boolean {
  return settings.baseUrl !== '' || settings.model !== '' || key !== undefined;
}

async function openAiClient(
  settings: LlmSettings,
  secrets: vscode.SecretStorage,
  onRetry: (e: RetryEvent) => void,
): Promise<LlmClient> {
  const key = await secrets.get(secretName(settings.baseUrl));
  if (!serverConfigured(settings, key)) throw new LdbError('no-llm', NO_MODEL_MESSAGE);
  const baseUrl = settings.baseUrl || OPENAI_BASE_URL;
  // Said in the extension's words before the core would say it in the CLI's (flags, env).
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new LdbError('bad-input', `ldb.llm.baseUrl is not a URL: ${baseUrl}`);
  }
  const host = url.host;
  if (!key && !isLoopbackUrl(baseUrl)) {
    throw new LdbError(
      'no-llm',
      `no API key for ${host}: run "LDB: Set API Key" (a server on this machine needs none)`,
    );
  }
  if (settings.model === '' && url.hostname !== 'api.openai.com') {
    throw new LdbError(
      'no-llm',
      `no model named for ${host}: set ldb.llm.model to one the server lists at /models`,
    );
  }
  const config = resolveLlmConfig({
    flags: {
      baseUrl,
      ...(settings.model !== '' ? { model: settings.model } : { model: DEFAULT_OPENAI_MODEL }),
      ...(key ? { apiKey: key } : {}),
    },
    env: {},
  });
  if (!config) throw new LdbError('no-llm', NO_MODEL_MESSAGE);
  return createOpenAiClient(config, { onRetry });
}

/** The client for the next session; LdbError('no-llm') with a one-line reason when there is none. */
export async function selectLlm(
  secrets: vscode.SecretStorage,
  onRetry: (e: RetryEvent) => void,
): Promise<LlmClient> {
  const settings = readLlmSettings();
  if (settings.provider === 'openai-compatible') return openAiClient(settings, secrets, onRetry);
  const models = await vscodeModels(settings);
  if (models.length > 0) return new VscodeLmClient(models[0]);
  if (settings.provider === 'vscode-lm') {
    throw new LdbError(
      'no-llm',
      settings.vscodeModel !== ''
        ? `no VS Code language model matches "${settings.vscodeModel}" (ldb.llm.vscodeModel): pick one with LDB: Select Model`
        : 'no VS Code language model is available: install a model provider (e.g. GitHub Copilot) or set ldb.llm.provider to openai-compatible',
    );
  }
  return openAiClient(settings, secrets, onRetry);
}

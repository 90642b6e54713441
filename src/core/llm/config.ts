// Which OpenAI-compatible server to talk to, from flags and the environment. Pure: no network, no
// file system; the CLI passes its flags and process.env, the extension its settings and secret.
//
// Key scoping is deliberate: OPENAI_API_KEY is only ever sent to api.openai.com. Many people have
// it set for other tools; sending it to whatever LDB_BASE_URL points at (OpenRouter, a company
// proxy, a local server) would hand an OpenAI key to a third party. Every other server takes its
// key from LDB_API_KEY (or the flag), and a server on the loopback needs none.
import { LdbError } from '../errors';

export type LlmProvider = 'openai' | 'azure' | 'compatible';

export interface LlmConfig {
  /** Without a trailing slash, and for Azure without the `api-version` query (see apiVersion). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  provider: LlmProvider;
  /** Azure deployment URLs only: the `api-version` query every request must carry. */
  apiVersion?: string;
}

export interface LlmFlags {
  baseUrl?: string;
  model?: string;
  apiKey?: string;
}

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** Used only against api.openai.com when no model is named: cheap, and good at this task. */
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';
/** The latest GA data-plane version when this was written; LDB_API_VERSION or the URL override it. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

export const HOW_TO_CONFIGURE_LLM =
  'No LLM is configured. For OpenAI, set OPENAI_API_KEY (and LDB_MODEL to choose a model; the ' +
  `default is ${DEFAULT_OPENAI_MODEL}). For a local server, set LDB_BASE_URL and LDB_MODEL, no key ` +
  'needed: Ollama `LDB_BASE_URL=http://localhost:11434/v1 LDB_MODEL=qwen2.5-coder:7b`, vLLM ' +
  '`LDB_BASE_URL=http://localhost:8000/v1 LDB_MODEL=<the served model>`, LM Studio ' +
  '`http://localhost:1234/v1`. Any other OpenAI-compatible service (Azure OpenAI deployment URL ' +
  'with ?api-version=..., OpenRouter, a hosted vLLM) takes LDB_BASE_URL, LDB_MODEL and LDB_API_KEY. ' +
  '--base-url and --model override the environment.';

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** 127.0.0.0/8, ::1 (also as an IPv4-mapped address) and localhost: nothing leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  const v4 = host.replace(/^::ffff:/, '');
  return /^127(\.\d{1,3}){3}$/.test(v4);
}

export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

const AZURE_HOST = /\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i;

function providerOf(url: URL): LlmProvider {
  if (url.hostname.toLowerCase() === 'api.openai.com') return 'openai';
  if (AZURE_HOST.test(url.hostname)) return 'azure';
  return 'compatible';
}

/** Azure's v1 API (`/openai/v1`) is plain OpenAI protocol; older deployment URLs need api-version. */
function isAzureV1(url: URL): boolean {
  return /\/openai\/v1\/?$/.test(url.pathname);
}

function parseBaseUrl(raw: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LdbError('bad-input', `${source} is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LdbError('bad-input', `${source} must be an http(s) URL: ${raw}`);
  }
  return url;
}

function withoutTrailingSlash(url: URL): string {
  return url.toString().replace(/\/+(?=\?|$)/, '');
}

/**
 * Undefined when nothing at all is configured (the caller prints HOW_TO_CONFIGURE_LLM, exit 3).
 * Throws LdbError('no-llm') when a configuration is started but cannot work (no key for a remote
 * server, no model for a server that is not OpenAI's), and LdbError('bad-input') for a bad URL.
 */
export function resolveLlmConfig({
  flags,
  env,
}: {
  flags: LlmFlags;
  env: NodeJS.ProcessEnv;
}): LlmConfig | undefined {
  const rawBaseUrl = nonEmpty(flags.baseUrl) ?? nonEmpty(env.LDB_BASE_URL);
  const model = nonEmpty(flags.model) ?? nonEmpty(env.LDB_MODEL);
  const ldbKey = nonEmpty(flags.apiKey) ?? nonEmpty(env.LDB_API_KEY);
  const openaiKey = nonEmpty(env.OPENAI_API_KEY);
  if (!rawBaseUrl && !model && !ldbKey && !openaiKey) return undefined;

  const source = nonEmpty(flags.baseUrl) ? '--base-url' : 'LDB_BASE_URL';
  const url = parseBaseUrl(rawBaseUrl ?? OPENAI_BASE_URL, source);
  const provider = providerOf(url);
  const loopback = isLoopbackHost(url.hostname);

  const apiKey = ldbKey ?? (provider === 'openai' ? openaiKey : undefined);
  if (!apiKey && !loopback) {
    const host = url.host;
    throw new LdbError(
      'no-llm',
      provider === 'openai'
        ? `no API key for ${host}: set OPENAI_API_KEY or LDB_API_KEY`
        : `no API key for ${host}: set LDB_API_KEY (OPENAI_API_KEY is only sent to api.openai.com)`,
    );
  }

  let apiVersion: string | undefined;
  let deployment: string | undefined;
  if (provider === 'azure' && !isAzureV1(url)) {
    apiVersion =
      nonEmpty(url.searchParams.get('api-version') ?? undefined) ??
      nonEmpty(env.LDB_API_VERSION) ??
      DEFAULT_AZURE_API_VERSION;
    url.searchParams.delete('api-version');
    deployment = /\/deployments\/([^/]+)/.exec(url.pathname)?.[1];
    // A bare resource endpoint (https://x.openai.azure.com) gets Azure's /openai prefix.
    if (url.pathname === '/' || url.pathname === '') url.pathname = '/openai';
  }

  const resolvedModel =
    model ??
    (deployment ? decodeURIComponent(deployment) : undefined) ??
    (provider === 'openai' ? DEFAULT_OPENAI_MODEL : undefined);
  if (!resolvedModel) {
    throw new LdbError(
      'no-llm',
      `no model named for ${url.host}: set LDB_MODEL or pass --model (a name the server lists at /models)`,
    );
  }

  const config: LlmConfig = { baseUrl: withoutTrailingSlash(url), model: resolvedModel, provider };
  if (apiKey) config.apiKey = apiKey;
  if (apiVersion) config.apiVersion = apiVersion;
  return config;
}

/** "model at URL" with any credentials in the URL removed: safe for logs and messages. */
export function describeLlm(config: Pick<LlmConfig, 'baseUrl' | 'model'>): string {
  let where = config.baseUrl;
  try {
    const url = new URL(config.baseUrl);
    url.username = '';
    url.password = '';
    url.search = '';
    where = withoutTrailingSlash(url);
  } catch {
    // Not a URL: shown as given (it holds no key, resolveLlmConfig never builds one like that).
  }
  return `${config.model} at ${where}`;
}

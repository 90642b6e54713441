import { strict as assert } from 'node:assert';
import { LdbError } from '../../../src/core/errors';
import {
  HOW_TO_CONFIGURE_LLM,
  describeLlm,
  isLoopbackUrl,
  resolveLlmConfig,
  type LlmConfig,
  type LlmFlags,
} from '../../../src/core/llm/config';

function check(
  input: { flags?: LlmFlags; env?: NodeJS.ProcessEnv },
  expected: LlmConfig | undefined | { error: string; reason: string },
): void {
  const run = (): LlmConfig | undefined =>
    resolveLlmConfig({ flags: input.flags ?? {}, env: input.env ?? {} });
  if (expected && 'error' in expected) {
    assert.throws(run, (error: unknown) => {
      assert.ok(error instanceof LdbError);
      assert.equal(error.reason, expected.reason);
      assert.equal(error.message, expected.error);
      return true;
    });
  } else {
    assert.deepEqual(run(), expected);
  }
}

describe('LLM configuration from flags and environment', () => {
  it('is undefined when nothing is configured, and ignores blank values', () => {
    check({}, undefined);
    check({ env: { LDB_BASE_URL: '  ', LDB_MODEL: '', HOME: '/root' } }, undefined);
  });

  it('uses OpenAI with OPENAI_API_KEY alone, with the default model', () => {
    check(
      { env: { OPENAI_API_KEY: 'sk-a' } },
      { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', apiKey: 'sk-a', provider: 'openai' },
    );
    check(
      { env: { OPENAI_API_KEY: 'sk-a', LDB_MODEL: 'gpt-4.1' } },
      { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4.1', apiKey: 'sk-a', provider: 'openai' },
    );
  });

  it('prefers LDB_API_KEY and the flags over the environment', () => {
    check(
      {
        flags: { model: 'm-flag', baseUrl: 'http://localhost:8000/v1/', apiKey: 'k-flag' },
        env: { LDB_MODEL: 'm-env', LDB_BASE_URL: 'http://other:1/v1', LDB_API_KEY: 'k-env' },
      },
      { baseUrl: 'http://localhost:8000/v1', model: 'm-flag', apiKey: 'k-flag', provider: 'compatible' },
    );
  });

  it('needs no key on the loopback, and does not send OPENAI_API_KEY there', () => {
    for (const baseUrl of [
      'http://localhost:11434/v1',
      'http://127.0.0.1:8000/v1',
      'http://127.1.2.3:1234/v1',
      'http://[::1]:8000/v1',
    ]) {
      check(
        { env: { LDB_BASE_URL: baseUrl, LDB_MODEL: 'qwen2.5-coder:7b', OPENAI_API_KEY: 'sk-openai' } },
        { baseUrl: baseUrl.replace(/\/$/, ''), model: 'qwen2.5-coder:7b', provider: 'compatible' },
      );
    }
  });

  it('sends LDB_API_KEY to a loopback server that wants one (vLLM --api-key)', () => {
    check(
      { env: { LDB_BASE_URL: 'http://localhost:8000/v1', LDB_MODEL: 'm', LDB_API_KEY: 'local-token' } },
      { baseUrl: 'http://localhost:8000/v1', model: 'm', apiKey: 'local-token', provider: 'compatible' },
    );
  });

  it('refuses a remote server without a key, saying which variable to set', () => {
    check(
      { env: { LDB_BASE_URL: 'https://openrouter.ai/api/v1', LDB_MODEL: 'x', OPENAI_API_KEY: 'sk-openai' } },
      {
        reason: 'no-llm',
        error:
          'no API key for openrouter.ai: set LDB_API_KEY (OPENAI_API_KEY is only sent to api.openai.com)',
      },
    );
    check(
      { env: { LDB_MODEL: 'gpt-4o' } },
      { reason: 'no-llm', error: 'no API key for api.openai.com: set OPENAI_API_KEY or LDB_API_KEY' },
    );
  });

  it('needs a model name for any server but OpenAI', () => {
    check(
      { env: { LDB_BASE_URL: 'http://localhost:11434/v1' } },
      {
        reason: 'no-llm',
        error:
          'no model named for localhost:11434: set LDB_MODEL or pass --model (a name the server lists at /models)',
      },
    );
  });

  it('rejects a base URL that is not an http(s) URL, naming where it came from', () => {
    check(
      { flags: { baseUrl: 'localhost:11434' } },
      { reason: 'bad-input', error: '--base-url must be an http(s) URL: localhost:11434' },
    );
    check(
      { env: { LDB_BASE_URL: 'not a url' } },
      { reason: 'bad-input', error: 'LDB_BASE_URL is not a URL: not a url' },
    );
  });

  it('reads an Azure deployment URL: api-version and deployment', () => {
    check(
      {
        env: {
          LDB_BASE_URL: 'https://res.openai.azure.com/openai/deployments/gpt4o-prod?api-version=2024-06-01',
          LDB_API_KEY: 'az',
        },
      },
      {
        baseUrl: 'https://res.openai.azure.com/openai/deployments/gpt4o-prod',
        model: 'gpt4o-prod',
        apiKey: 'az',
        provider: 'azure',
        apiVersion: '2024-06-01',
      },
    );
    check(
      {
        env: {
          LDB_BASE_URL: 'https://res.cognitiveservices.azure.com/',
          LDB_MODEL: 'gpt-4o',
          LDB_API_KEY: 'az',
        },
      },
      {
        baseUrl: 'https://res.cognitiveservices.azure.com/openai',
        model: 'gpt-4o',
        apiKey: 'az',
        provider: 'azure',
        apiVersion: '2024-10-21',
      },
    );
  });

  it("treats Azure's v1 API as plain OpenAI protocol (no api-version)", () => {
    check(
      {
        env: {
          LDB_BASE_URL: 'https://res.openai.azure.com/openai/v1/',
          LDB_MODEL: 'gpt-4.1',
          LDB_API_KEY: 'az',
        },
      },
      {
        baseUrl: 'https://res.openai.azure.com/openai/v1',
        model: 'gpt-4.1',
        apiKey: 'az',
        provider: 'azure',
      },
    );
  });

  it('knows the loopback', () => {
    assert.equal(isLoopbackUrl('http://localhost:1/v1'), true);
    assert.equal(isLoopbackUrl('http://127.255.0.1/v1'), true);
    assert.equal(isLoopbackUrl('http://[::1]/v1'), true);
    assert.equal(isLoopbackUrl('http://128.0.0.1/v1'), false);
    assert.equal(isLoopbackUrl('http://localhost.example.com/v1'), false);
    assert.equal(isLoopbackUrl('http://10.0.0.5:8000/v1'), false);
    assert.equal(isLoopbackUrl('nonsense'), false);
  });

  it('describes a config without credentials or query', () => {
    assert.equal(
      describeLlm({ baseUrl: 'https://user:pw@res.openai.azure.com/openai?x=1', model: 'gpt-4o' }),
      'gpt-4o at https://res.openai.azure.com/openai',
    );
  });

  it('explains how to configure in one paragraph naming the variables', () => {
    assert.ok(!HOW_TO_CONFIGURE_LLM.includes('\n'));
    for (const word of ['OPENAI_API_KEY', 'LDB_BASE_URL', 'LDB_MODEL', 'LDB_API_KEY', '11434', 'vLLM']) {
      assert.ok(HOW_TO_CONFIGURE_LLM.includes(word), word);
    }
  });
});

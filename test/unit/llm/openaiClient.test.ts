// The OpenAI-compatible client against a real HTTP server: the real `openai` package, real
// sockets, scripted answers. Waits are kept small through the limits, never by mocking time.
import { strict as assert } from 'node:assert';
import { LdbError, isLdbError } from '../../../src/core/errors';
import type { LlmConfig } from '../../../src/core/llm/config';
import {
  OpenAiCompatibleClient,
  type OpenAiClientOptions,
  type RetryEvent,
} from '../../../src/core/llm/openaiClient';
import type { ChatMessage } from '../../../src/core/llm/port';
import { countMessageTokens, countTokens } from '../../../src/core/llm/tokens';
import {
  garbage,
  hang,
  reply,
  startScriptedServer,
  status,
  type ScriptedServer,
  type Step,
} from '../../support/scriptedServer';

const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'You are an expert programming assistant.' },
  { role: 'user', content: 'Is BLOCK-0 correct?' },
];

let server: ScriptedServer | undefined;

async function serve(steps: Step[]): Promise<ScriptedServer> {
  server = await startScriptedServer(steps);
  return server;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Small limits so that every wait in these tests is a fraction of a second. */
function clientFor(
  target: ScriptedServer,
  options: OpenAiClientOptions = {},
  config: Partial<LlmConfig> = {},
): { client: OpenAiCompatibleClient; retries: RetryEvent[] } {
  const retries: RetryEvent[] = [];
  const client = new OpenAiCompatibleClient(
    { baseUrl: target.baseUrl, model: 'test-model', provider: 'compatible', ...config },
    {
      timeoutMs: 2_000,
      maxRetries: 3,
      backoffBaseMs: 20,
      backoffMaxMs: 200,
      random: () => 0.5,
      onRetry: (event) => retries.push(event),
      ...options,
    },
  );
  return { client, retries };
}

async function rejection(promise: Promise<unknown>): Promise<LdbError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LdbError, `expected an LdbError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

async function eventually(check: () => boolean, what: string, ms = 2_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail(`not seen within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('OpenAI-compatible client against a scripted server', () => {
  it('returns the text, the usage and the model the server reports', async () => {
    const target = await serve([
      reply('{"block": "BLOCK-0", "correct": true}', {
        usage: { prompt_tokens: 120, completion_tokens: 17 },
        model: 'served-model-2024',
      }),
    ]);
    const { client } = clientFor(target);
    const completion = await client.complete(MESSAGES, { maxTokens: 300, temperature: 0 });
    assert.equal(completion.text, '{"block": "BLOCK-0", "correct": true}');
    assert.deepEqual(completion.usage, { promptTokens: 120, completionTokens: 17, estimated: false });
    assert.equal(completion.model, 'served-model-2024');
    assert.equal(completion.finishReason, 'stop');
    assert.ok(completion.ms >= 0 && completion.ms < 2_000);

    const [request] = target.chats();
    assert.equal(request.url, '/v1/chat/completions');
    assert.deepEqual(request.messages, MESSAGES);
    const body = request.body as Record<string, unknown>;
    assert.equal(body.model, 'test-model');
    assert.equal(body.max_tokens, 300);
    assert.equal(body.temperature, 0);
    assert.equal(body.response_format, undefined, 'JSON mode only when asked');
    assert.equal(body.stream, undefined);
  });

  it('estimates usage with cl100k when the server reports none', async () => {
    const text = 'BLOCK-1 is wrong: the loop stops one early.';
    const target = await serve([reply(text, { usage: false })]);
    const { client } = clientFor(target);
    const completion = await client.complete(MESSAGES);
    assert.deepEqual(completion.usage, {
      promptTokens: countMessageTokens(MESSAGES),
      completionTokens: countTokens(text),
      estimated: true,
    });
    assert.equal(completion.model, 'test-model', 'the configured model when the server names none');
  });

  it('reports a 200 that is not a chat completion, without retrying it; the next call works', async () => {
    const target = await serve([garbage('<html><body>Gateway says hi</body></html>'), reply('fine')]);
    const { client, retries } = clientFor(target);
    const error = await rejection(client.complete(MESSAGES));
    assert.equal(error.reason, 'llm');
    assert.match(
      error.message,
      /^test-model at http:\/\/127\.0\.0\.1:\d+\/v1: answered with something that is not a chat completion: ".*Gateway says hi/,
    );
    assert.equal(retries.length, 0);
    assert.equal(target.chats().length, 1);
    assert.equal((await client.complete(MESSAGES)).text, 'fine');
  });

  it('reports a JSON content type whose body does not parse', async () => {
    const target = await serve([garbage('{"choices": [', { contentType: 'application/json' })]);
    const { client } = clientFor(target);
    const error = await rejection(client.complete(MESSAGES));
    assert.match(error.message, /answered with a body that is not JSON$/);
  });

  it('retries a 502 with an HTML body, by its status', async () => {
    const target = await serve([
      garbage('<h1>502 Bad Gateway</h1>', { status: 502 }),
      reply('after the proxy'),
    ]);
    const { client, retries } = clientFor(target);
    assert.equal((await client.complete(MESSAGES)).text, 'after the proxy');
    assert.equal(retries.length, 1);
    assert.match(retries[0].reason, /^502 <h1>502 Bad Gateway<\/h1>$/);
  });

  it('waits as long as Retry-After says on a 429, then succeeds', async () => {
    const target = await serve([status(429, { headers: { 'retry-after': '0.3' } }), reply('ok')]);
    // A backoff of 5-10 s would fail the test: only the server's 300 ms may be used.
    const { client, retries } = clientFor(target, { backoffBaseMs: 10_000, backoffMaxMs: 10_000 });
    const started = Date.now();
    const completion = await client.complete(MESSAGES);
    const elapsed = Date.now() - started;
    assert.equal(completion.text, 'ok');
    assert.deepEqual(
      retries.map((r) => [r.retry, r.delayMs]),
      [[1, 300]],
    );
    assert.ok(elapsed >= 290 && elapsed < 2_000, `took ${elapsed} ms`);
    assert.equal(target.chats().length, 2);
    assert.ok(completion.ms >= 290, 'ms counts the whole call, waits included');
  });

  it('caps a Retry-After that asks for too long', async () => {
    const target = await serve([status(429, { headers: { 'retry-after': '3600' } }), reply('ok')]);
    const { client, retries } = clientFor(target, { maxRetryAfterMs: 50 });
    assert.equal((await client.complete(MESSAGES)).text, 'ok');
    assert.equal(retries[0].delayMs, 50);
  });

  it('does not retry a 429 that says the quota is used up', async () => {
    const target = await serve([
      status(429, {
        body: JSON.stringify({
          error: { message: 'You exceeded your current quota', code: 'insufficient_quota' },
        }),
      }),
    ]);
    const { client, retries } = clientFor(target);
    const error = await rejection(client.complete(MESSAGES));
    assert.match(error.message, /429 You exceeded your current quota$/);
    assert.equal(retries.length, 0);
  });

  it('backs off exponentially on 500s, then succeeds', async () => {
    const target = await serve([status(500), status(500), reply('third time')]);
    const { client, retries } = clientFor(target, { backoffBaseMs: 40 });
    assert.equal((await client.complete(MESSAGES)).text, 'third time');
    // random() = 0.5: half the step fixed plus a quarter = 3/4 of 40 then of 80.
    assert.deepEqual(
      retries.map((r) => [r.retry, r.delayMs, r.reason]),
      [
        [1, 30, '500 scripted status 500'],
        [2, 60, '500 scripted status 500'],
      ],
    );
    assert.equal(target.chats().length, 3);
  });

  it('gives up after maxRetries with the last failure in one line', async () => {
    const target = await serve([status(503), status(503), status(503)]);
    const { client } = clientFor(target, { maxRetries: 2 });
    const error = await rejection(client.complete(MESSAGES));
    assert.match(error.message, /: 503 scripted status 503 \(gave up after 2 retries\)$/);
    assert.equal(target.chats().length, 3);
    assert.ok(!error.message.includes('\n'));
  });

  it('retries when the server cannot be reached, then says where it tried', async () => {
    const target = await serve([]);
    const { client } = clientFor(target, { maxRetries: 1 });
    await target.close();
    const error = await rejection(client.complete(MESSAGES));
    assert.equal(error.reason, 'llm');
    assert.match(
      error.message,
      /cannot reach http:\/\/127\.0\.0\.1:\d+\/v1 \(ECONNREFUSED\) \(gave up after 1 retries\)$/,
    );
  });

  it('fails clearly, without retrying, when the answer is slower than the per-call timeout', async () => {
    const target = await serve([reply('too late', { delayMs: 3_000 })]);
    const { client, retries } = clientFor(target, { timeoutMs: 300 });
    const started = Date.now();
    const error = await rejection(client.complete(MESSAGES));
    assert.ok(Date.now() - started < 1_500, `took ${Date.now() - started} ms`);
    assert.equal(error.reason, 'llm');
    assert.match(error.message, /no complete answer within 300 ms \(the per-call timeout\)$/);
    assert.equal(retries.length, 0);
    await eventually(() => target.chats()[0].disconnected, 'the server sees the client hang up');
  });

  it('times out a server that sends the headers and then stalls', async () => {
    const target = await serve([reply('half of this arrives', { stallAfterHeaders: true })]);
    const { client } = clientFor(target, { timeoutMs: 300 });
    const error = await rejection(client.complete(MESSAGES));
    assert.match(error.message, /no complete answer within 300 ms/);
  });

  it('cancels a call in flight promptly, and the server sees the connection closed', async () => {
    const target = await serve([hang()]);
    const { client } = clientFor(target, { timeoutMs: 10_000 });
    const controller = new AbortController();
    const call = client.complete(MESSAGES, { signal: controller.signal });
    await eventually(() => target.chats().length === 1, 'the request arrives');
    const abortedAt = Date.now();
    controller.abort();
    const error = await rejection(call);
    assert.equal(error.reason, 'cancelled');
    assert.ok(Date.now() - abortedAt < 200, `rejected ${Date.now() - abortedAt} ms after abort`);
    await eventually(() => target.chats()[0].disconnected, 'the server sees the client hang up');
  });

  it('cancels during a backoff wait without another request', async () => {
    const target = await serve([status(429, { headers: { 'retry-after': '30' } }), reply('never asked')]);
    const controller = new AbortController();
    const { client } = clientFor(target, {
      onRetry: () => setTimeout(() => controller.abort(), 50),
    });
    const started = Date.now();
    const error = await rejection(client.complete(MESSAGES, { signal: controller.signal }));
    assert.equal(error.reason, 'cancelled');
    assert.ok(Date.now() - started < 1_000, `took ${Date.now() - started} ms`);
    assert.equal(target.chats().length, 1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const target = await serve([reply('unused')]);
    const { client } = clientFor(target);
    const error = await rejection(client.complete(MESSAGES, { signal: AbortSignal.abort() }));
    assert.ok(isLdbError(error, 'cancelled'));
    assert.equal(target.chats().length, 0);
  });

  it('asks again without response_format when the server rejects it, and remembers', async () => {
    const target = await serve([
      status(400, { message: "response_format 'json_object' is not supported by this server" }),
      reply('{"block": "BLOCK-0", "correct": true}'),
      reply('{}'),
    ]);
    const { client, retries } = clientFor(target);
    assert.equal(
      (await client.complete(MESSAGES, { json: true })).text,
      '{"block": "BLOCK-0", "correct": true}',
    );
    await client.complete(MESSAGES, { json: true });
    const formats = target.chats().map((r) => (r.body as { response_format?: unknown }).response_format);
    assert.deepEqual(formats, [{ type: 'json_object' }, undefined, undefined]);
    assert.equal(retries.length, 0, 'a parameter fallback is not a retry');
  });

  it('switches to max_completion_tokens when the model asks for it', async () => {
    const target = await serve([
      status(400, {
        message:
          "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      }),
      reply('ok'),
    ]);
    const { client } = clientFor(target);
    await client.complete(MESSAGES, { maxTokens: 64 });
    const bodies = target.chats().map((r) => r.body as Record<string, unknown>);
    assert.deepEqual(
      bodies.map((b) => [b.max_tokens, b.max_completion_tokens]),
      [
        [64, undefined],
        [undefined, 64],
      ],
    );
  });

  it('reports other 4xx at once, with the server message', async () => {
    const target = await serve([status(404, { message: 'model "nope" not found, try pulling it first' })]);
    const { client, retries } = clientFor(target);
    const error = await rejection(client.complete(MESSAGES, { json: true }));
    assert.match(error.message, /: 404 model "nope" not found, try pulling it first \(check the base URL/);
    assert.equal(retries.length, 0);
    assert.equal(target.chats().length, 1);
  });

  it('sends the key as a bearer token, and never repeats it in an error', async () => {
    const key = 'sk-test-0123456789';
    const target = await serve([status(401, { message: `Incorrect API key provided: ${key}` })]);
    const { client } = clientFor(target, {}, { apiKey: key });
    const error = await rejection(client.complete(MESSAGES));
    assert.equal(target.chats()[0].headers.authorization, `Bearer ${key}`);
    assert.ok(!error.message.includes(key), error.message);
    assert.match(
      error.message,
      /401 Incorrect API key provided: \*\*\* \(the server refused the credentials/,
    );
    assert.ok(!client.description.includes(key));
  });

  it('sends no auth header to a loopback server when no key is configured', async () => {
    const target = await serve([reply('ok')]);
    const { client } = clientFor(target);
    await client.complete(MESSAGES);
    const { headers } = target.chats()[0];
    assert.equal(headers.authorization, undefined);
    assert.equal(headers['api-key'], undefined);
  });

  it('speaks Azure: deployment path, api-version query, api-key header', async () => {
    const target = await serve([reply('from azure'), reply('from azure again')]);
    const origin = target.baseUrl.replace(/\/v1$/, '');
    const azure = (baseUrl: string): OpenAiCompatibleClient =>
      clientFor(
        target,
        {},
        { baseUrl, provider: 'azure', apiVersion: '2024-10-21', apiKey: 'azure-key', model: 'gpt-4o' },
      ).client;
    assert.equal((await azure(`${origin}/openai/deployments/my-dep`).complete(MESSAGES)).text, 'from azure');
    await azure(`${origin}/openai`).complete(MESSAGES);
    const [first, second] = target.chats();
    assert.equal(first.url, '/openai/deployments/my-dep/chat/completions?api-version=2024-10-21');
    assert.equal(second.url, '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21');
    assert.equal(first.headers['api-key'], 'azure-key');
    assert.equal(first.headers.authorization, undefined);
  });

  it('describes itself as model at URL', async () => {
    const target = await serve([]);
    const { client } = clientFor(target, {}, { apiKey: 'sk-secret-value' });
    assert.equal(client.description, `test-model at ${target.baseUrl}`);
  });
});

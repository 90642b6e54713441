// The scripted server itself: as a separate process (how the CLI and VS Code host tests use it)
// and in function-driven mode. Its other behaviours are exercised by openaiClient.test.ts.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAiCompatibleClient } from '../../../src/core/llm/openaiClient';
import { REPO_ROOT } from '../../support/paths';
import { reply, startScriptedServer, type RecordedRequest } from '../../support/scriptedServer';

async function waitFor<T>(probe: () => T | undefined, what: string, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) assert.fail(`not seen within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('scripted server', () => {
  let dir = '';
  let child: ChildProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ldb-scripted-'));
  });

  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    child = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs standalone with tsx: port file, rules before steps, a request log, SIGTERM', async () => {
    const script = join(dir, 'script.json');
    const portFile = join(dir, 'port.txt');
    const log = join(dir, 'requests.jsonl');
    writeFileSync(
      script,
      JSON.stringify({
        model: 'standalone-model',
        rules: [{ contains: 'fix the code', step: { reply: '```python\ndef f():\n    return 1\n```' } }],
        steps: [{ reply: '{"block": "BLOCK-0", "correct": false}' }, { status: 500, message: 'down' }],
      }),
    );
    child = spawn(
      join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      ['test/support/scriptedServer.ts', '--script', script, '--port-file', portFile, '--log', log],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const port = await waitFor(
      () => (existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : undefined),
      'the port file',
    );
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    const models = (await (await fetch(`${baseUrl}/models`)).json()) as { data: { id: string }[] };
    assert.deepEqual(
      models.data.map((m) => m.id),
      ['standalone-model'],
    );

    const client = new OpenAiCompatibleClient(
      { baseUrl, model: 'm', provider: 'compatible' },
      { maxRetries: 0, timeoutMs: 5_000 },
    );
    const verdicts = await client.complete([{ role: 'user', content: 'judge each block' }]);
    const fix = await client.complete([{ role: 'user', content: 'now fix the code' }]);
    assert.equal(verdicts.text, '{"block": "BLOCK-0", "correct": false}');
    assert.match(fix.text, /^```python\ndef f\(\)/);
    await assert.rejects(client.complete([{ role: 'user', content: 'again' }]), /500 down/);

    const logged = await waitFor(() => {
      const lines = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [];
      return lines.length >= 4 ? lines.map((l) => JSON.parse(l) as RecordedRequest) : undefined;
    }, 'four logged requests');
    assert.deepEqual(
      logged.map((r) => [r.method, r.url.split('?')[0], r.messages[0]?.content]),
      [
        ['GET', '/v1/models', undefined],
        ['POST', '/v1/chat/completions', 'judge each block'],
        ['POST', '/v1/chat/completions', 'now fix the code'],
        ['POST', '/v1/chat/completions', 'again'],
      ],
    );

    child.kill('SIGTERM');
    assert.equal(await exited(child), 0);
    await assert.rejects(fetch(`${baseUrl}/models`), 'the port is closed once the process is gone');
  });

  it('answers from a function, e.g. a table of fixes keyed by what the request says', async () => {
    const table = new Map([
      ['def add(a, b):\n    return a - b', 'def add(a, b):\n    return a + b'],
      ['def neg(x):\n    return x', 'def neg(x):\n    return -x'],
    ]);
    const server = await startScriptedServer((request, index) => {
      const code = [...table.keys()].find((k) => request.messages.some((m) => m.content.includes(k)));
      return reply(code ? '```python\n' + table.get(code) + '\n```' : `no entry (request ${index})`);
    });
    try {
      const client = new OpenAiCompatibleClient({
        baseUrl: server.baseUrl,
        model: 'm',
        provider: 'compatible',
      });
      const answer = await client.complete([{ role: 'user', content: 'Fix:\ndef neg(x):\n    return x' }]);
      assert.equal(answer.text, '```python\ndef neg(x):\n    return -x\n```');
      assert.equal((await client.complete([{ role: 'user', content: '?' }])).text, 'no entry (request 1)');
      assert.equal(server.chats().length, 2);
    } finally {
      await server.close();
    }
  });
});

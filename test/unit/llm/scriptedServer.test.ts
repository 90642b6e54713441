// The scripted server itself: as a separate process (how the CLI and VS Code host tests use it)
// and in function-driven mode. Its other behaviours are exercised by openaiClient.test.ts.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { OpenAiCompatibleClient } from '../../../src/core/llm/openaiClient';
import { REPO_ROOT } from '../../support/paths';
import { reply, startScriptedServer } from '../../support/scriptedServer';
import { spawnScriptedServer, type ScriptedServerProcess } from '../../support/scriptedServerProcess';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('scripted server', () => {
  let child: ScriptedServerProcess | undefined;

  afterEach(async () => {
    await child?.stop();
    child = undefined;
  });

  it('runs as its own process: port file, rules before steps, a request log, SIGTERM', async () => {
    child = await spawnScriptedServer({
      model: 'standalone-model',
      rules: [{ contains: 'fix the code', step: { reply: '```python\ndef f():\n    return 1\n```' } }],
      steps: [{ reply: '{"block": "BLOCK-0", "correct": false}' }, { status: 500, message: 'down' }],
    });
    const models = (await (await fetch(`${child.baseUrl}/models`)).json()) as { data: { id: string }[] };
    assert.deepEqual(
      models.data.map((m) => m.id),
      ['standalone-model'],
    );

    const client = new OpenAiCompatibleClient(
      { baseUrl: child.baseUrl, model: 'm', provider: 'compatible' },
      { maxRetries: 0, timeoutMs: 5_000 },
    );
    const verdicts = await client.complete([{ role: 'user', content: 'judge each block' }]);
    const fix = await client.complete([{ role: 'user', content: 'now fix the code' }]);
    assert.equal(verdicts.text, '{"block": "BLOCK-0", "correct": false}');
    assert.match(fix.text, /^```python\ndef f\(\)/);
    await assert.rejects(client.complete([{ role: 'user', content: 'again' }]), /500 down/);

    const until = Date.now() + 5_000;
    while (child.requests().length < 4 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(
      child.requests().map((r) => [r.method, r.url.split('?')[0], r.messages[0]?.content]),
      [
        ['GET', '/v1/models', undefined],
        ['POST', '/v1/chat/completions', 'judge each block'],
        ['POST', '/v1/chat/completions', 'now fix the code'],
        ['POST', '/v1/chat/completions', 'again'],
      ],
    );

    const { pid, baseUrl } = child;
    await child.stop();
    child = undefined;
    assert.equal(alive(pid), false, 'the process is gone');
    await assert.rejects(fetch(`${baseUrl}/models`), 'the port is closed');
  });

  it('exits when the test process that spawned it dies without stopping it', async () => {
    const helper = join(REPO_ROOT, 'test', 'support', 'scriptedServerProcess.ts');
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `require(${JSON.stringify(helper)}).spawnScriptedServer([]).then((s) => console.log(s.pid))`,
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pid = await new Promise<number>((resolve) =>
      parent.stdout.once('data', (d: Buffer) => resolve(Number(d))),
    );
    assert.equal(alive(pid), true);
    parent.kill('SIGKILL');
    const until = Date.now() + 5_000;
    while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    assert.equal(alive(pid), false, 'the server went with its parent');
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

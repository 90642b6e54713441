// The MCP debug tool: offered only when a model is configured (as for `ldb debug`), it runs the LDB
// loop against a real OpenAI-compatible HTTP server (scripted, on 127.0.0.1), reports its steps as
// progress, and never writes the file.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, connect, text } from '../../support/mcpClient';
import { REPO_ROOT } from '../../support/paths';
import { reply, startScriptedServer, status, type ScriptedServer } from '../../support/scriptedServer';

const VERDICTS =
  '{"block": "BLOCK-0", "correct": true, "explanation": "Starts the pile with n stones."}\n' +
  '{"block": "BLOCK-3", "correct": false, "explanation": "The next level is the previous one plus 2."}\n';
const FIX =
  '```python\ndef make_a_pile(n):\n    pile = [n]\n    for i in range(n - 1):\n        pile.append(pile[-1] + 2)\n    return pile\n```\n';
const TEST = 'assert make_a_pile(3) == [3, 5, 7]';

describe('ldb mcp: the debug tool', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  let server: ScriptedServer | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ldb-mcp-debug-'));
    file = join(dir, 'make_a_pile.py');
    copyFileSync(join(REPO_ROOT, 'examples', 'make_a_pile.py'), file);
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('is not listed without a model', async () => {
    const s = await connect({ cwd: dir });
    try {
      const { tools } = await s.client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['tests', 'trace']);
    } finally {
      await s.client.close();
    }
  });

  it('with a model: verdicts, a verified fix as a diff, progress, and the file untouched', async () => {
    server = await startScriptedServer([reply(VERDICTS), reply(FIX)]);
    const s = await connect({
      cwd: dir,
      roots: [dir],
      env: { LDB_BASE_URL: server.baseUrl, LDB_MODEL: 'scripted' },
    });
    try {
      const { tools } = await s.client.listTools();
      assert.ok(tools.some((t) => t.name === 'debug'));
      const steps: string[] = [];
      const result = await s.client.callTool(
        { name: 'debug', arguments: { file: 'make_a_pile.py', tests: [TEST] } },
        undefined,
        { onprogress: (p) => steps.push(p.message ?? '') },
      );
      const out = text(result as Parameters<typeof text>[0]);
      assert.equal(result.isError, false, out);
      assert.equal((result.structuredContent as { status: string }).status, 'fixed');
      assert.match(out, /The next level is the previous one plus 2\./);
      assert.match(out, /\+ {8}pile\.append\(pile\[-1\] \+ 2\)/);
      assert.ok(
        steps.some((m) => /^asking scripted .* for block verdicts$/.test(m)),
        steps.join(' | '),
      );
      assert.equal(server.chats().length, 2);
      assert.equal(
        readFileSync(file, 'utf8'),
        readFileSync(join(REPO_ROOT, 'examples', 'make_a_pile.py'), 'utf8'),
      );
    } finally {
      await s.client.close();
    }
  });

  it('a model that fails is an isError result, and the server answers on', async () => {
    server = await startScriptedServer([
      status(400, { message: 'bad request' }),
      status(400, { message: 'bad request' }),
    ]);
    const s = await connect({
      cwd: dir,
      roots: [dir],
      env: { LDB_BASE_URL: server.baseUrl, LDB_MODEL: 'scripted' },
    });
    try {
      const failed = await call(s.client, 'debug', { file: 'make_a_pile.py', tests: [TEST] });
      assert.equal(failed.isError, true);
      assert.equal(text(failed).split('\n').length, 1);
      const traced = await call(s.client, 'trace', { file: 'make_a_pile.py', test: TEST });
      assert.equal(traced.isError, false);
    } finally {
      await s.client.close();
    }
  });
});

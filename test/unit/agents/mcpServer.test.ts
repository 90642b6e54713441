// `ldb mcp` driven by a real MCP client (the SDK's Client over stdio, spawning `node dist/cli.js
// mcp`): the handshake, the tool list, a trace of a failing program, bad input as isError results
// after which the server still answers, the roots as the allowed folders, progress, and a cancelled
// call whose child process is gone.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { call, connect, text } from '../../support/mcpClient';
import { PYTHON_FIXTURES } from '../../support/paths';

const AGENTS = join(PYTHON_FIXTURES, 'agents');
const OUTSIDE = join(PYTHON_FIXTURES, 'cli', 'loop_many.py');

/** Pids of every process below `pid` (Linux /proc). */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, ppid] of parent) {
      if (ppid !== p) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('ldb mcp (a real MCP client over stdio)', function () {
  this.timeout(60_000);
  let session: Awaited<ReturnType<typeof connect>>;
  before(async () => {
    session = await connect({ roots: [AGENTS], cwd: AGENTS });
  });
  after(async () => {
    await session.client.close();
  });

  it('initializes and lists the tools trace and tests with their input schemas', async () => {
    assert.equal(session.client.getServerVersion()?.name, 'ldb');
    const { tools } = await session.client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['tests', 'trace']);
    const trace = tools.find((t) => t.name === 'trace');
    assert.deepEqual(trace?.inputSchema.required, ['file']);
    assert.ok(trace?.description && trace.description.includes('block'));
  });

  it('traces a failing test: the outcome first, then the blocks, and the JSON of ldb trace', async () => {
    const result = await call(session.client, 'trace', {
      file: 'running_max.py',
      test: 'assert running_max([-2, -5]) == [-2, -2]',
    });
    assert.equal(result.isError, false);
    const lines = text(result).split('\n');
    assert.equal(lines[0], 'running_max on assert running_max([-2, -5]) == [-2, -2]');
    assert.equal(lines[1], 'failed: expected [-2, -2], got [0, 0]');
    assert.match(text(result), /\[BLOCK-2\]\nif x > best:\n# condition: False/);
    const json = result.structuredContent as { outcome: { status: string }; visits: unknown[] };
    assert.equal(json.outcome.status, 'failed');
    assert.ok(json.visits.length >= 9);
  });

  it('lists the tests of a file and those pytest collects in a folder, and traces one by its id', async () => {
    const file = await call(session.client, 'tests', { path: 'running_max.py' });
    assert.match(text(file), /assert:13 +assert running_max\(\[-2, -5\]\) == \[-2, -2\]/);
    const folder = await call(session.client, 'tests', { path: '.' });
    assert.match(
      text(folder),
      /collected by pytest .*\n {2}more\/test_halve\.py::test_halve {2}\(more\/test_halve\.py:5\)/,
    );
    assert.deepEqual(
      (folder.structuredContent as { collected: { id: string }[] }).collected.map((t) => t.id),
      ['more/test_halve.py::test_halve'],
    );
    const traced = await call(session.client, 'trace', { file: 'running_max.py', testId: 'assert:12' });
    assert.equal(text(traced).split('\n')[1], 'passed');
  });

  it('answers bad input with isError and one line, and keeps answering', async () => {
    const missing = await call(session.client, 'trace', { file: 'nope.py', test: 'f()' });
    assert.equal(missing.isError, true);
    assert.equal(text(missing).split('\n').length, 1);
    assert.match(text(missing), /nope\.py/);
    const noTest = await call(session.client, 'trace', { file: 'running_max.py' });
    assert.equal(noTest.isError, true);
    assert.match(text(noTest), /give test .* or testId/);
    const badId = await call(session.client, 'trace', { file: 'running_max.py', testId: 'assert:99' });
    assert.match(text(badId), /unknown test id 'assert:99': the tests of .* are assert:12, assert:13/);
    const unknown = await call(session.client, 'lint', {});
    assert.equal(unknown.isError, true);
    const again = await call(session.client, 'trace', { file: 'running_max.py', testId: 'assert:13' });
    assert.equal(again.isError, false);
  });

  it('refuses a path outside the client roots', async () => {
    for (const path of [OUTSIDE, '../cli/loop_many.py']) {
      const result = await call(session.client, 'tests', { path });
      assert.equal(result.isError, true, path);
      assert.match(text(result), /is outside the allowed folders/);
    }
  });

  it('without roots, allows the working directory only', async () => {
    const plain = await connect({ cwd: join(AGENTS, 'more') });
    try {
      const inside = await call(plain.client, 'tests', { path: 'test_halve.py' });
      assert.equal(inside.isError, false);
      const outside = await call(plain.client, 'tests', { path: join(AGENTS, 'running_max.py') });
      assert.match(text(outside), /is outside the allowed folders \(.*more\)/);
    } finally {
      await plain.client.close();
    }
  });

  it('caps a long result at --max-result-chars and says what was cut', async () => {
    const small = await connect({
      roots: [PYTHON_FIXTURES],
      cwd: AGENTS,
      args: ['--max-result-chars', '1500'],
    });
    try {
      const result = await call(small.client, 'trace', {
        file: join('cli', 'loop_many.py'),
        test: 'assert count_evens(1000) == 500',
        maxBlocks: 0,
      });
      assert.ok(text(result).length <= 1500, `${text(result).length}`);
      assert.match(text(result), /# \.\.\. \d+ characters omitted/);
      assert.match(text(result), /blocks traced/);
      assert.ok(JSON.stringify(result.structuredContent).length <= 1500);
    } finally {
      await small.client.close();
    }
  });

  it('redacts every --redact match in the text and the JSON; a bad pattern stops the server in one line', async () => {
    const redacting = await connect({ roots: [AGENTS], cwd: AGENTS, args: ['--redact=-5\\b'] });
    try {
      const result = await call(redacting.client, 'trace', {
        file: 'running_max.py',
        test: 'assert running_max([-2, -5]) == [-2, -2]',
      });
      assert.match(text(result), /# x = \*\*\*/);
      assert.doesNotMatch(text(result) + JSON.stringify(result.structuredContent), /-5\b/);
    } finally {
      await redacting.client.close();
    }
    const bad = await runCli(['mcp', '--redact', '('], { cwd: AGENTS });
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /^ldb: --redact #1 is not a valid regular expression \(.*\): nothing was sent\n$/,
    );
  });

  it('reports progress and, when the call is cancelled, kills the run and keeps serving', async () => {
    const slow = await connect({ roots: [AGENTS], cwd: AGENTS, args: ['--timeout-ms', '60000'] });
    try {
      const server = slow.transport.pid;
      assert.ok(server);
      const abort = new AbortController();
      let progress = 0;
      const running = slow.client.callTool(
        { name: 'trace', arguments: { file: 'spin.py', test: 'spin(1)' } },
        undefined,
        {
          signal: abort.signal,
          onprogress: () => progress++,
        },
      );
      await until('the traced child', () => descendants(server).length > 0);
      await until('a progress notification', () => progress > 0);
      abort.abort();
      await assert.rejects(running);
      await until('the child to be gone', () => descendants(server).length === 0);
      const after = await call(slow.client, 'tests', { path: 'spin.py' });
      assert.equal(after.isError, false);
    } finally {
      await slow.client.close();
    }
  });
});

// --model: the real loop (debugProgram and the OpenAI-compatible client) against the scripted
// server on a few HumanEval tasks: requests only for the seeds that fail, the fix verified and
// judged on the hidden tests, the server's token counts summed, the iteration limit respected.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { DebugTaskResult } from '../../../src/core/bench/results';
import { reply, startScriptedServer, type ScriptedServer } from '../../support/scriptedServer';
import { dataRows, runLdb, writeSlice, benchArgs, readResults } from './slice';

const canonical = new Map(
  dataRows('humaneval', 'tests').map((t) => [
    t.task_id as string,
    `${t.prompt as string}${t.canonical_solution as string}`,
  ]),
);

describe('bench --model (scripted server)', function () {
  this.timeout(120_000);
  let server: ScriptedServer;

  before(async () => {
    server = await startScriptedServer((request) => {
      const last = request.messages[request.messages.length - 1]?.content ?? '';
      if (!last.startsWith('Fix the code')) {
        return reply('{"block": "BLOCK-0", "correct": false, "explanation": "wrong result"}', {
          usage: { prompt_tokens: 100, completion_tokens: 10 },
        });
      }
      // HumanEval/84 gets the canonical solution; HumanEval/120 a fix that changes nothing.
      const code = request.messages.some((m) => m.content.includes('def solve('))
        ? canonical.get('HumanEval/84')!
        : 'def maximum(arr, k):\n    return sorted(arr)[:k]\n';
      return reply('```python\n' + code + '\n```', { usage: { prompt_tokens: 200, completion_tokens: 50 } });
    });
  });

  after(async () => {
    await server.close();
  });

  it('debugs the failing seeds with the model, judges the final programs and sums the tokens', async () => {
    const slice = writeSlice('humaneval', ['HumanEval/0', 'HumanEval/84', 'HumanEval/120']);
    const out = join(slice.dir, 'out');
    const run = await runLdb([
      ...benchArgs(
        slice,
        out,
        '--model',
        'scripted',
        '--base-url',
        server.baseUrl,
        '--max-iters',
        '2',
        '-j',
        '1',
      ),
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const rows = readResults<DebugTaskResult>(out);
    const pick = (id: string) => {
      const r = rows.find((x) => x.taskId === id)!;
      return { status: r.status, iterations: r.iterations, solved: r.solved, tokens: r.tokens };
    };
    const none = { prompt: 0, completion: 0, estimated: false };
    assert.deepEqual(pick('HumanEval/0'), {
      status: 'already-passing',
      iterations: 0,
      solved: true,
      tokens: none,
    });
    assert.deepEqual(pick('HumanEval/84'), {
      status: 'fixed',
      iterations: 1,
      solved: true,
      tokens: { prompt: 300, completion: 60, estimated: false },
    });
    assert.deepEqual(pick('HumanEval/120'), {
      status: 'not-fixed',
      iterations: 2,
      solved: false,
      tokens: { prompt: 600, completion: 120, estimated: false },
    });

    // Two requests for /84 (verdicts, fix), four for /120 (two rounds), none for /0.
    const chats = server.chats();
    assert.equal(chats.length, 6);
    const first = chats[0].messages[chats[0].messages.length - 1].content;
    assert.ok(first.includes("assert solve(1000) == '1' # Real Execution Output: '110'"), first);
    assert.match(first, /\[BLOCK-0\]/);
    assert.match(first, /Given a positive integer N, return the total sum of its digits in binary/);

    const summary = JSON.parse(run.stdout.trimEnd().split('\n').pop()!) as {
      solved: number;
      total: number;
      perIteration: number[];
      tokens: { prompt: number };
    };
    assert.deepEqual(
      { solved: summary.solved, total: summary.total, perIteration: summary.perIteration },
      { solved: 2, total: 3, perIteration: [33.3, 66.7, 66.7] },
    );
    assert.equal(summary.tokens.prompt, 900);
  });
});

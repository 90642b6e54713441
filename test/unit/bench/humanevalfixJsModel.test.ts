// --dataset humanevalfix-js --model: the whole LDB loop on JavaScript against the scripted
// OpenAI-compatible server. Verdicts, then a fix: for /0 and /2 the dataset's canonical solution,
// which passes the visible tests and then the hidden ones (solved); for /3 a fix that is still wrong
// (not solved after the iteration limit).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { DebugTaskResult } from '../../../src/core/bench/results';
import type { BenchSummary } from '../../../src/core/bench/summary';
import { reply, startScriptedServer, type ScriptedServer } from '../../support/scriptedServer';
import { readResults, runLdb } from './slice';
import { jsBenchArgs, jsRow, writeJsSlice } from './jsSlice';

const canonical = (id: string): string => {
  const row = jsRow(id);
  return `${row.prompt}${row.canonical_solution}`;
};

/** belowZero still returning true on a zero balance: the bug moved, not fixed. */
const WRONG_BELOW_ZERO =
  'const belowZero = (operations) => {\n  let balance = 0;\n  for (const op of operations) {\n    balance += op;\n    if (balance <= 0) {\n      return true;\n    }\n  }\n  return false;\n}\n';

describe('bench --dataset humanevalfix-js --model (scripted server)', function () {
  this.timeout(120_000);
  let server: ScriptedServer;

  before(async () => {
    server = await startScriptedServer((request) => {
      const last = request.messages[request.messages.length - 1]?.content ?? '';
      if (!last.includes('Fix the code')) {
        return reply('{"block": "BLOCK-0", "correct": false, "explanation": "wrong result"}', {
          usage: { prompt_tokens: 100, completion_tokens: 10 },
        });
      }
      const all = request.messages.map((m) => m.content).join('\n');
      const code = all.includes('hasCloseElements')
        ? canonical('JavaScript/0')
        : all.includes('truncateNumber')
          ? canonical('JavaScript/2')
          : WRONG_BELOW_ZERO;
      return reply('```javascript\n' + code + '\n```', {
        usage: { prompt_tokens: 200, completion_tokens: 50 },
      });
    });
  });

  after(async () => {
    await server.close();
  });

  it('fixes, verifies on the visible tests and judges on the hidden ones: pass@1 as for HumanEval', async () => {
    const slice = writeJsSlice(['JavaScript/0', 'JavaScript/2', 'JavaScript/3']);
    const out = join(slice.dir, 'out');
    const run = await runLdb([
      ...jsBenchArgs(slice.tests, out, '--model', 'scripted', '--base-url', server.baseUrl),
      '--max-iters',
      '2',
      '-j',
      '1',
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const rows = readResults<DebugTaskResult>(out);
    const pick = (id: string) => {
      const r = rows.find((x) => x.taskId === id)!;
      return {
        status: r.status,
        seedSolved: r.seedSolved,
        iterations: r.iterations,
        passesVisible: r.passesVisible,
        solved: r.solved,
      };
    };
    const fixedOnce = {
      status: 'fixed',
      seedSolved: false,
      iterations: 1,
      passesVisible: true,
      solved: true,
    };
    assert.deepEqual(pick('JavaScript/0'), fixedOnce);
    assert.deepEqual(pick('JavaScript/2'), fixedOnce);
    assert.deepEqual(pick('JavaScript/3'), {
      status: 'not-fixed',
      seedSolved: false,
      iterations: 2,
      passesVisible: false,
      solved: false,
    });
    const fixed = rows.find((r) => r.taskId === 'JavaScript/0')!;
    assert.ok(fixed.programs[1].includes('Math.abs(numbers[i] - numbers[j])'), fixed.programs[1]);
    const wrong = rows.find((r) => r.taskId === 'JavaScript/3')!;
    assert.equal(wrong.hidden.status, 'failed');

    // The model is spoken to in JavaScript, with the failing assertion and its real value.
    const first = server.chats()[0].messages;
    assert.match(first[0].content, /JavaScript/);
    const request = first[first.length - 1].content;
    assert.match(request, /```javascript\n/);
    assert.ok(request.includes('hasCloseElements([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.05) === false'), request);
    assert.match(request, /\[BLOCK-0\]/);
    // The task in words: the comment above the function, which the code shown leaves out.
    assert.match(request, /^Task:\nCheck if in given list of numbers, are any two numbers closer/);

    const summary = JSON.parse(run.stdout.trimEnd().split('\n').pop()!) as BenchSummary;
    assert.deepEqual(
      { solved: summary.solved, total: summary.total, seedSolved: summary.seedSolved },
      { solved: 2, total: 3, seedSolved: 0 },
    );
    assert.deepEqual(summary.perIteration, [0, 66.7, 66.7]);
    assert.deepEqual(summary.statuses, { fixed: 2, 'not-fixed': 1 });
  });
});

// Issue #3's corpus check: on the 36 HumanEval gpt-3.5 seeds that fail a visible test, `ldb debug
// --max-iters 10` against a server that answers every fix request with LDB's own next program
// finishes every case without an error of ours, and ends with a program that passes the visible
// tests wherever LDB's final program did. Also prints the median prompt tokens of the first debug
// request (cl100k), next to LDB's 730 (855 over the 29 where it sent a block trace).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countMessageTokens } from '../../../src/core/llm/tokens';
import { runCli } from '../../support/cli';
import { humanEvalFailingSeeds } from '../../support/ldbReplay';
import { replayScript } from '../../support/ldbReplay';
import { startScriptedServer } from '../../support/scriptedServer';
import { median as medianOf } from '../../../src/core/bench/stats';

const median = (xs: number[]): number => medianOf(xs) ?? NaN;

describe('corpus: ldb debug replays LDB’s repair loop on the 36 failing HumanEval seeds', function () {
  this.timeout(30 * 60_000);
  it('finishes every case; passes the visible tests wherever LDB did', async () => {
    const tasks = humanEvalFailingSeeds();
    assert.equal(tasks.length, 36);
    const dir = mkdtempSync(join(tmpdir(), 'ldb-replay-'));
    const problems: string[] = [];
    const firstTokens: number[] = [];
    const tracedTokens: number[] = [];
    let fixed = 0;
    let ldbPassing = 0;
    try {
      for (const task of tasks) {
        const file = join(dir, `${task.id.replace('/', '_')}.py`);
        writeFileSync(file, task.implementations[0]);
        const server = await startScriptedServer(replayScript(task));
        try {
          const run = await runCli(
            [
              'debug',
              file,
              '--function',
              task.entryPoint,
              ...task.givenTests.flatMap((t) => ['--test', t]),
              '--max-iters',
              '10',
              '--json',
            ],
            { env: { LDB_BASE_URL: server.baseUrl, LDB_MODEL: 'ldb-replay' }, timeoutMs: 10 * 60_000 },
          );
          if (run.code !== 0 && run.code !== 1) {
            problems.push(`${task.id}: exit ${run.code}: ${run.stderr.trim()}`);
            continue;
          }
          const session = JSON.parse(run.stdout) as {
            status: string;
            iterations: { outcome?: { status: string } }[];
          };
          if (session.status === 'fixed') fixed++;
          if (task.isPassing) {
            ldbPassing++;
            if (session.status !== 'fixed')
              problems.push(
                `${task.id}: LDB's final program passes the visible tests, ours ended ${session.status}`,
              );
          }
          const first = server.chats()[0];
          if (first) {
            const tokens = countMessageTokens(first.messages);
            firstTokens.push(tokens);
            // LDB sent a block trace only when the failing test did not raise: compare on those.
            if (session.iterations[0]?.outcome?.status === 'failed') tracedTokens.push(tokens);
          }
        } finally {
          await server.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(
      `      ${tasks.length} cases: ${fixed} end with a program passing the visible tests (LDB: ${ldbPassing}); ` +
        `first debug request: median ${median(firstTokens)} tokens over ${firstTokens.length} (LDB: 730), ` +
        `${median(tracedTokens)} over the ${tracedTokens.length} whose failing test does not raise (LDB: 855 over the 29 where it sent a block trace)`,
    );
    assert.deepEqual(problems, []);
  });
});

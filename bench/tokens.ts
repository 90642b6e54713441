// npm run bench:tokens: the size of the first debug request (system prompt, task, code, failing
// test with its real output, block trace), in cl100k tokens, over the 36 HumanEval gpt-3.5 seeds
// that fail a visible test. LDB's own first request, measured on its code: median 730 tokens over
// the 36, 855 over the 29 where it sent a block trace (for the rest it sends a one-line error).
// Our request carries the same information; the numbers say at what cost.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debugProgram } from '../src/core/debug/debugger';
import { createOpenAiClient } from '../src/core/llm/openaiClient';
import { countMessageTokens } from '../src/core/llm/tokens';
import { withDebugDefaults } from '../src/core/settings';
import { humanEvalFailingSeeds, replayScript } from '../test/support/ldbReplay';
import { DIST_DIR } from '../test/support/paths';
import { startScriptedServer } from '../test/support/scriptedServer';
import { median as medianOf } from '../src/core/bench/stats';

const median = (xs: number[]): number => medianOf(xs) ?? NaN;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ldb-tokens-'));
  const all: number[] = [];
  const notRaising: number[] = [];
  const rows: string[] = [];
  try {
    for (const task of humanEvalFailingSeeds()) {
      const file = join(dir, `${task.id.replace('/', '_')}.py`);
      writeFileSync(file, task.implementations[0]);
      const server = await startScriptedServer(replayScript(task));
      try {
        const session = await debugProgram({
          path: file,
          functionName: task.entryPoint,
          tests: task.givenTests,
          settings: withDebugDefaults({ maxIters: 1 }),
          assets: { dir: DIST_DIR },
          llm: createOpenAiClient({ baseUrl: server.baseUrl, model: 'ldb-replay', provider: 'compatible' }),
        });
        const first = server.chats()[0];
        if (!first) continue;
        const tokens = countMessageTokens(first.messages);
        all.push(tokens);
        const status = session.iterations[0]?.outcome?.status ?? '?';
        if (status === 'failed') notRaising.push(tokens);
        rows.push(`${task.id.padEnd(14)} ${String(tokens).padStart(5)}  ${status}`);
      } finally {
        await server.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.argv.includes('--verbose')) console.log(rows.join('\n'));
  console.log('first debug request, cl100k tokens (system + user message), HumanEval gpt-3.5 failing seeds');
  console.log(
    `  all cases                       median ${median(all)} over ${all.length}   (LDB: 730 over 36)`,
  );
  console.log(
    `  failing test does not raise     median ${median(notRaising)} over ${notRaising.length}   (LDB: 855 over the 29 it sent a block trace for)`,
  );
  console.log(
    `  ratio to LDB                    ${(median(all) / 730).toFixed(2)} (all), ${(median(notRaising) / 855).toFixed(2)} (traced)`,
  );
}

void main();

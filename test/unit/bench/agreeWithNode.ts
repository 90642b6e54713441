// The figures docs/reproducing-ldb.md quotes for a whole `ldb bench --dataset humanevalfix-js
// --trace-only` run: how many tasks end with the status plain Node gives on the program and the
// traced test, and how many traces visit the function under test. Not a test (mocha runs
// *.test.ts only); run after the bench, on its --out folder:
//
//   npx tsx test/unit/bench/agreeWithNode.ts bench-results/humanevalfix-js-trace [--timeout-ms 5000]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceTaskResult } from '../../../src/core/bench/results';
import { agreementWithNode, jsRows } from './jsSlice';

async function main(argv: string[]): Promise<number> {
  const dir = argv[0];
  if (dir === undefined) {
    process.stderr.write('usage: agreeWithNode.ts BENCH_OUT_DIR [--timeout-ms N]\n');
    return 2;
  }
  const at = argv.indexOf('--timeout-ms');
  const timeoutMs = at >= 0 ? Number(argv[at + 1]) : 5000;
  const results = readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as TraceTaskResult);
  const rows = new Map(jsRows().map((r) => [r.task_id, r]));
  let agreeing = 0;
  for (const result of results) {
    const row = rows.get(result.taskId);
    if (!row) throw new Error(`${result.taskId} is not a HumanEvalFix-JS task`);
    const a = await agreementWithNode(row, result, timeoutMs);
    if (a.agrees) agreeing += 1;
    else
      console.log(`${a.taskId}: ours ${a.ours}, plain Node ${a.plain.status} ${a.plain.exceptionType ?? ''}`);
  }
  const traced = results.filter((r) => r.trace);
  const visiting = traced.filter((r) => r.trace!.entryVisits > 0);
  const notVisiting = traced.filter((r) => r.trace!.entryVisits === 0).map((r) => r.taskId);
  console.log(`${results.length} tasks: ${agreeing} end with the status plain Node gives`);
  console.log(
    `${visiting.length} of ${traced.length} traces visit a block of the function under test` +
      (notVisiting.length > 0 ? ` (not: ${notVisiting.join(', ')})` : ''),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

// npm run bench:isolation: what OS isolation adds to a run, measured side by side in one run on
// LDB's failing HumanEval programs: the whole `ldb trace --json` process with --isolation off
// against the same with --isolation required (bubblewrap), interleaved per program over rounds
// (the order alternating) so that drift on a shared machine hits both alike. Prints the medians
// and the median of the per-program differences (target: at most 30 ms).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median as medianOf } from '../src/core/bench/stats';
import { resolveInterpreter } from '../src/core/languages/python/interpreter';
import { isolationSupport } from '../src/core/run/isolation';
import { failingSeedCases } from '../test/support/ldbCorpus';
import { DIST_DIR } from '../test/support/paths';

const median = (xs: number[]): number => medianOf(xs) ?? NaN;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_MS = 30;

function timeTrace(file: string, test: string, python: string, isolation: string): number {
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      join(DIST_DIR, 'cli.js'),
      'trace',
      file,
      '--test',
      test,
      '--json',
      '--python',
      python,
      '--isolation',
      isolation,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`ldb trace ${file} (${isolation}): ${run.stderr.toString().trim()}`);
  return ms;
}

async function main(): Promise<void> {
  const found = isolationSupport();
  if (!found.available) throw new Error(`bench:isolation needs bubblewrap: ${found.why}`);
  // The same real executable on both sides: a shim's start-up would only add noise.
  const python = (await resolveInterpreter(process.env.LDB_PYTHON ?? 'python3')).executable;
  const cases = failingSeedCases(['humaneval']);
  const dir = mkdtempSync(join(tmpdir(), 'ldb-bench-isolation-'));
  try {
    const off: number[] = [];
    const on: number[] = [];
    const differences: number[] = [];
    for (const [i, c] of cases.entries()) {
      const file = join(dir, `${c.id.replace(/\W+/g, '_')}.py`);
      writeFileSync(file, c.program);
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        if ((i + r) % 2 === 0) {
          a.push(timeTrace(file, c.test, python, 'off'));
          b.push(timeTrace(file, c.test, python, 'required'));
        } else {
          b.push(timeTrace(file, c.test, python, 'required'));
          a.push(timeTrace(file, c.test, python, 'off'));
        }
      }
      off.push(median(a));
      on.push(median(b));
      differences.push(median(b) - median(a));
    }
    const extra = median(differences);
    console.log(
      `ldb trace --json on ${cases.length} failing HumanEval programs, ${ROUNDS} rounds each (medians)`,
    );
    console.log(`  --isolation off       ${median(off).toFixed(1)} ms`);
    console.log(`  --isolation required  ${median(on).toFixed(1)} ms (bubblewrap)`);
    console.log(
      `  isolation adds        ${extra.toFixed(1)} ms per run (target <= ${TARGET_MS} ms: ${extra <= TARGET_MS ? 'met' : 'NOT met'})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench:isolation: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});

// npm run bench:trace: what tracing costs, measured side by side in one run on the programs LDB's
// gpt-3.5 runs wrote that fail a visible test (data/ldb: implementations[0] and the first failing
// visible test).
// 1. One long-lived process, as the extension traces (HumanEval + MBPP): traceTest against a
//    plain spawn of the same interpreter. Target: median ratio <= 1.5.
// 2. Whole processes, as a shell user runs them (HumanEval): `ldb trace PROG --test T --json`
//    against `ldb --version` plus `python PROG-with-test`. Target: median ratio <= 1.3. The same
//    with --isolation off beside it says what OS isolation (bubblewrap) takes of that.
// BENCH_ROUNDS (default 3) and BENCH_PROCESS_REPEATS (default 5) set the repetitions; LDB_PYTHON
// the interpreter (default python3, resolved once to its executable for both sides).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDefaults } from '../src/core/settings';
import { resolveInterpreter } from '../src/core/languages/python/interpreter';
import { failingSeedCases } from '../test/support/ldbCorpus';
import { DIST_DIR } from '../test/support/paths';
import { measureLongLived } from './traceLongLived';
import { measureWholeProcess } from './traceWholeProcess';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROCESS_REPEATS = Number(process.env.BENCH_PROCESS_REPEATS ?? 5);
/** BENCH_ONLY=process (or long-lived) runs one part. */
const ONLY = process.env.BENCH_ONLY;

async function main(): Promise<void> {
  const python = process.env.LDB_PYTHON ?? 'python3';
  const interpreter = await resolveInterpreter(python);
  const dir = mkdtempSync(join(tmpdir(), 'ldb-bench-'));
  try {
    if (ONLY !== 'process') {
      const cases = failingSeedCases();
      const files = cases.map((c) => {
        const file = join(dir, `${c.id.replace('/', '_')}.py`);
        writeFileSync(file, c.program);
        return file;
      });
      const f = await measureLongLived({
        cases,
        files,
        settings: withDefaults({ python }),
        executable: interpreter.executable,
        assetsDir: DIST_DIR,
        rounds: ROUNDS,
      });
      console.log(
        `core API, one long-lived process (${f.programs} HumanEval + MBPP programs, ${f.skipped} that do not parse skipped, ${f.rounds} rounds)`,
      );
      console.log(`  trace via traceTest   median ${f.traceMs.toFixed(1)} ms`);
      console.log(`  plain spawn           median ${f.plainMs.toFixed(1)} ms`);
      console.log(`  median ratio          ${f.ratio.toFixed(2)}  (target <= 1.5)`);
    }
    if (ONLY !== 'long-lived') {
      const w = measureWholeProcess({
        cases: failingSeedCases(['humaneval']),
        dir: mkdtempSync(join(dir, 'process-')),
        cli: join(DIST_DIR, 'cli.js'),
        python: interpreter.executable,
        repeats: PROCESS_REPEATS,
      });
      console.log(
        `whole processes (${w.programs} failing HumanEval programs, ${w.repeats} repeats, interleaved)`,
      );
      console.log(
        `  ldb --version + plain run       median ${w.baselineMs.toFixed(1)} ms (${w.versionMs.toFixed(1)} + ${w.plainMs.toFixed(1)})`,
      );
      console.log(
        `  ldb trace --json                median ${w.traceMs.toFixed(1)} ms, ratio ${w.ratio.toFixed(2)}  (target <= 1.3)`,
      );
      console.log(
        `  the same, --isolation off       median ${w.unisolatedMs.toFixed(1)} ms, ratio ${w.unisolatedRatio.toFixed(2)}`,
      );
    }
    const version = execFileSync(interpreter.executable, ['--version'], { encoding: 'utf8' }).trim();
    console.log(`node ${process.version}, ${version} (${interpreter.executable})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

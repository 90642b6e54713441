// npm run bench:trace: what tracing costs, measured side by side in one run on LDB's 145 failing
// gpt-3.5 programs (HumanEval + MBPP):
// 1. In one long-lived Node process, as the extension runs it: per case, the time to get the trace
//    through the core API (traceTest) against a plain spawn of the same interpreter on the same
//    program and test. Medians and the median of the per-case ratios.
// 2. Whole processes, as a shell user runs them: `ldb trace` against `ldb --version` plus the plain
//    run (`python3 prog.py`, the command the user gives).
// Rounds alternate the order of the two sides so drift on a shared machine hits both alike.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceTest } from '../src/core/trace/tracing';
import { withDefaults } from '../src/core/settings';
import { resolveInterpreter } from '../src/core/languages/python/interpreter';
import { failingSeedCases } from '../test/support/ldbCorpus';
import { plainRun } from '../test/support/plainRun';
import { DIST_DIR } from '../test/support/paths';
import { median as medianOf } from '../src/core/bench/stats';

const median = (xs: number[]): number => medianOf(xs) ?? NaN;

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WHOLE_PROCESS_CASES = Number(process.env.BENCH_PROCESS_CASES ?? 30);

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

async function main(): Promise<void> {
  const python = process.env.LDB_PYTHON ?? 'python3';
  const interpreter = await resolveInterpreter(python);
  const settings = withDefaults({ python });
  const cases = failingSeedCases().filter((c) => !/^\s*```/m.test(c.program));
  const dir = mkdtempSync(join(tmpdir(), 'ldb-bench-'));
  try {
    const files = cases.map((c) => {
      const file = join(dir, `${c.id.replace('/', '_')}.py`);
      writeFileSync(file, c.program);
      return file;
    });
    // Warm both sides once (wasm, tokenizer, interpreter resolution, OS caches).
    await traceTest({
      path: files[0],
      test: cases[0].test,
      functionName: cases[0].entryPoint,
      settings,
      assets: { dir: DIST_DIR },
    });

    const oursMs: number[] = [];
    const plainMs: number[] = [];
    const ratios: number[] = [];
    let skipped = 0;
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i];
      const mine: number[] = [];
      const plain: number[] = [];
      let failedToTrace = false;
      for (let r = 0; r < ROUNDS; r++) {
        const runOurs = async () => {
          const t = performance.now();
          try {
            await traceTest({
              path: files[i],
              test: c.test,
              functionName: c.entryPoint,
              settings,
              assets: { dir: DIST_DIR },
            });
          } catch {
            failedToTrace = true; // a program that does not parse: nothing to time
          }
          mine.push(performance.now() - t);
        };
        const runPlain = () =>
          plain.push(plainRun(interpreter.executable, c.program, c.test, settings.timeoutMs + 1000).ms);
        if (r % 2 === 0) {
          await runOurs();
          runPlain();
        } else {
          runPlain();
          await runOurs();
        }
      }
      if (failedToTrace) {
        skipped++;
        continue;
      }
      oursMs.push(median(mine));
      plainMs.push(median(plain));
      ratios.push(median(mine) / median(plain));
    }
    console.log(
      `core API, one long-lived process (${oursMs.length} cases, ${skipped} that do not parse skipped, ${ROUNDS} rounds, interpreter ${interpreter.executable} ${interpreter.version})`,
    );
    console.log(`  trace via traceTest   median ${median(oursMs).toFixed(1)} ms`);
    console.log(`  plain spawn           median ${median(plainMs).toFixed(1)} ms`);
    console.log(`  median ratio          ${median(ratios).toFixed(2)}  (target <= 1.5)`);

    const cli = join(DIST_DIR, 'cli.js');
    const whole: number[] = [];
    const baseline: number[] = [];
    const wholeRatios: number[] = [];
    const sample = cases
      .map((c, i) => ({ c, file: files[i] }))
      .filter((_, i) => i % Math.max(1, Math.floor(cases.length / WHOLE_PROCESS_CASES)) === 0);
    for (const { c, file } of sample) {
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const ours = () =>
          a.push(
            time(() =>
              spawnSync(
                process.execPath,
                [cli, 'trace', file, '--test', c.test, '--function', c.entryPoint],
                { stdio: 'ignore' },
              ),
            ),
          );
        const base = () =>
          b.push(
            time(() => spawnSync(process.execPath, [cli, '--version'], { stdio: 'ignore' })) +
              plainRun(python, c.program, c.test, settings.timeoutMs + 1000).ms,
          );
        if (r % 2 === 0) {
          ours();
          base();
        } else {
          base();
          ours();
        }
      }
      whole.push(median(a));
      baseline.push(median(b));
      wholeRatios.push(median(a) / median(b));
    }
    console.log(
      `whole processes (${sample.length} cases, ${ROUNDS} rounds; plain run = '${python} prog.py')`,
    );
    console.log(`  ldb trace                    median ${median(whole).toFixed(1)} ms`);
    console.log(`  ldb --version + plain run    median ${median(baseline).toFixed(1)} ms`);
    console.log(`  median ratio                 ${median(wholeRatios).toFixed(2)}  (target <= 1.5)`);
    console.log(
      `node ${process.version}, ${execFileSync(python, ['--version'], { encoding: 'utf8' }).trim()}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

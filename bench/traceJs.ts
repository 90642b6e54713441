// npm run bench:trace-js: what tracing a JavaScript file costs a shell user, measured side by side
// in one run on HumanEvalFix-JS's programs (prompt + buggy solution + the task's test harness):
// the whole `ldb trace FILE --json` process against starting `node` and running the same file
// plainly (console.assert made to throw, as ldb does), and against that plus a bare Node start
// (`node -e 0`, measured in the same rounds): the issue's "node start + a plain run of the same
// file", since ldb is itself a Node program that starts before it can run anything. Two ldb sides: without --test (ldb picks
// the first failing test: a file with one test, as here, is traced at once) and with the
// harness call given (`--test "testX()" --function entry`: one traced run). Tasks that run into the
// time limit are left out (both sides would measure the limit). Rounds alternate the order of the
// sides so drift on a shared machine hits all alike. A fifth side traces each program saved as a
// .ts file (JavaScript is TypeScript: the run goes through the type stripper), against the same
// plain run of the .js file, as Node 20 cannot run .ts. Prints medians and the median of per-task
// ratios (target: <= 1.5), with the machine's load and what Node's own start costs here: a
// NODE_EXTRA_CA_CERTS in the environment makes every Node start read the certificates (~35 ms on
// the 2-core machine this was written on), the plain run and LDB's own process alike, while the
// traced child runs with the allow-listed environment. BENCH_CLEAN_ENV=1 leaves it out of both
// sides. ldb trace is two Node starts in a row at best (LDB, then the sandboxed child): on a loaded
// machine its ratio tends to the ratio of CPU time, on an idle one to that of the critical path.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median as medianOf } from '../src/core/bench/stats';
import { jsTasks, plainNodeRun, taskFile } from '../test/support/humanevalJs';
import { DIST_DIR } from '../test/support/paths';

const median = (xs: number[]): number => medianOf(xs) ?? NaN;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CASES = Number(process.env.BENCH_CASES ?? 40);
const CLI = join(DIST_DIR, 'cli.js');

const ENV: NodeJS.ProcessEnv = { ...process.env };
if (process.env.BENCH_CLEAN_ENV === '1') delete ENV.NODE_EXTRA_CA_CERTS;

/** The program saved beside as a .ts file. */
function typeScriptCopy(file: string): string {
  const copy = file.replace(/\.js$/, '.ts');
  copyFileSync(file, copy);
  return copy;
}

function timed(args: string[]): { ms: number; status: number | null } {
  const t = performance.now();
  const run = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'ignore'],
    timeout: 30_000,
    env: ENV,
  });
  return { ms: performance.now() - t, status: run.status };
}

const load = () => loadavg()[0].toFixed(1);

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'ldb-bench-js-'));
  try {
    const tasks = jsTasks()
      .map((task) => ({ task, file: taskFile(dir, task) }))
      .map((t) => ({ ...t, tsFile: typeScriptCopy(t.file) }))
      .map((t) => ({ ...t, plain: plainNodeRun(t.file, 5000) }))
      .filter((t) => t.plain.status !== 'timeout' && t.plain.exceptionType !== 'SyntaxError')
      .slice(0, CASES);
    const harness = (program: string) => /^(test\w*)\(\)/m.exec(program)?.[1] ?? 'test';
    const rows = {
      plain: [] as number[],
      start: [] as number[],
      picked: [] as number[],
      given: [] as number[],
      typescript: [] as number[],
    };
    let typescriptFailed = 0;
    const ratios = {
      typescript: [] as number[],
      picked: [] as number[],
      given: [] as number[],
      pickedStart: [] as number[],
      givenStart: [] as number[],
    };
    const plainRunArgs = (file: string) => [
      '-e',
      "console.assert=(c)=>{if(!c)throw new (require('node:assert').AssertionError)({message:'Assertion failed'})};" +
        `require(${JSON.stringify(file)})`,
    ];
    timed([CLI, 'trace', tasks[0].file, '--json']); // warm the OS caches
    const loadBefore = load();
    const nodeStart = median(Array.from({ length: 5 }, () => timed(['-e', '0']).ms));
    for (const { task, file, tsFile } of tasks) {
      const sides = {
        plain: () => timed(plainRunArgs(file)).ms,
        start: () => timed(['-e', '0']).ms,
        picked: () => timed([CLI, 'trace', file, '--json']).ms,
        given: () =>
          timed([
            CLI,
            'trace',
            file,
            '--test',
            `${harness(task.program)}()`,
            '--function',
            task.entryPoint,
            '--json',
          ]).ms,
        typescript: () => {
          const run = timed([CLI, 'trace', tsFile, '--json']);
          if (run.status !== 0) typescriptFailed++;
          return run.ms;
        },
      };
      const got = {
        plain: [] as number[],
        start: [] as number[],
        picked: [] as number[],
        given: [] as number[],
        typescript: [] as number[],
      };
      for (let r = 0; r < ROUNDS; r++) {
        const forward: (keyof typeof sides)[] = ['plain', 'start', 'picked', 'given', 'typescript'];
        const order = r % 2 === 0 ? forward : [...forward].reverse();
        for (const side of order) got[side].push(sides[side]());
      }
      const m = {
        plain: median(got.plain),
        start: median(got.start),
        picked: median(got.picked),
        given: median(got.given),
        typescript: median(got.typescript),
      };
      for (const k of ['plain', 'start', 'picked', 'given', 'typescript'] as const) rows[k].push(m[k]);
      ratios.typescript.push(m.typescript / (m.start + m.plain));
      ratios.picked.push(m.picked / m.plain);
      ratios.given.push(m.given / m.plain);
      ratios.pickedStart.push(m.picked / (m.start + m.plain));
      ratios.givenStart.push(m.given / (m.start + m.plain));
    }
    const f = (x: number) => x.toFixed(0).padStart(5);
    console.log(
      `HumanEvalFix-JS, ${tasks.length} tasks (no timeouts, no syntax errors), ${ROUNDS} rounds each, Node ${process.version}`,
    );
    console.log(
      `  load average ${loadBefore} -> ${load()}; NODE_EXTRA_CA_CERTS ${ENV.NODE_EXTRA_CA_CERTS === undefined ? 'unset' : 'set'}; node -e 0 median ${f(nodeStart)} ms`,
    );
    console.log(`  node FILE (start + plain run)                 median ${f(median(rows.plain))} ms`);
    console.log(
      `  ldb trace FILE --json (picks the failing test) median ${f(median(rows.picked))} ms   median ratio ${median(ratios.picked).toFixed(2)}`,
    );
    console.log(
      `  ldb trace FILE --test "testX()" --json         median ${f(median(rows.given))} ms   median ratio ${median(ratios.given).toFixed(2)}`,
    );
    console.log(
      `  node -e 0 + node FILE (a Node start + the plain run), median ${f(median(rows.start) + median(rows.plain))} ms; ratios: picks ${median(ratios.pickedStart).toFixed(2)}, given ${median(ratios.givenStart).toFixed(2)}`,
    );
    console.log(
      `  ldb trace FILE.ts --json (the same program as TypeScript) median ${f(median(rows.typescript))} ms; against a Node start + the plain run of the .js: ${median(ratios.typescript).toFixed(2)}${typescriptFailed > 0 ? `; ${typescriptFailed} runs failed` : ''}`,
    );
    console.log('  target: ratio <= 1.5');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();

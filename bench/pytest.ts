// npm run bench:pytest: LDB on a pytest suite of 40 buggy programs with separate test files
// (test/fixtures/pytest-suite), as a shell user runs it from the suite's folder, whole processes,
// side by side in one run, per interpreter (python3 on PATH resolved to its executable, and
// Debian's /usr/bin/python3 when it is there; or LDB_PYTHON alone).
// 1. Listing: `ldb tests tests --json` against pytest's own `--collect-only -q` (target: under 2 s).
// 2. Tracing: per test file, the first item that does not pass (found by `ldb trace TESTFILE`,
//    which also checks that it ends failed/error/timeout with a visited block in the buggy
//    program); then `ldb trace PROGRAM --test NODEID --json` against plain `python -m pytest NODEID`
//    (target: median ratio <= 1.5), and the same trace with --isolation off beside them, to tell
//    the tracer's cost from OS isolation's. Sides alternate in order from item to item.
// 3. Project size: a few of those items traced again in a copy with 300 more modules the tests
//    never import, beside the suite itself.
// BENCH_ROUNDS (default 5) sets the listing's rounds, BENCH_TRACE_ROUNDS (default 1) the tracing's.
// A NODE_EXTRA_CA_CERTS in the environment makes every Node start parse that certificate file
// before any JavaScript runs (~40 ms with Debian's 144-certificate bundle on the 2-core machine this
// was written on): LDB's process pays it, pytest does not. The bench says whether it is set and
// what a Node start costs; BENCH_CLEAN_ENV=1 leaves it out of every side.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median as medianOf } from '../src/core/bench/stats';
import { DIST_DIR, FIXTURES_DIR } from '../test/support/paths';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TRACE_ROUNDS = Number(process.env.BENCH_TRACE_ROUNDS ?? 1);
const LIST_TARGET_MS = 2000;
const TRACE_TARGET_RATIO = 1.5;
const CLI = join(DIST_DIR, 'cli.js');
const EXTRA_MODULES = 300;
const SIZE_ITEMS = 5;
const SIZE_ROUNDS = 3;

const median = (xs: readonly number[]): number => medianOf(xs) ?? NaN;

interface Timed {
  ms: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

const ENV: NodeJS.ProcessEnv = { ...process.env };
if (process.env.BENCH_CLEAN_ENV === '1') delete ENV.NODE_EXTRA_CA_CERTS;

function timed(command: string, args: string[], cwd: string): Timed {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { ms: performance.now() - started, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function interpreters(): string[] {
  const named = process.env.LDB_PYTHON ? [process.env.LDB_PYTHON] : ['python3', '/usr/bin/python3'];
  const found = named.filter((p) => !p.startsWith('/') || existsSync(p));
  // Both sides run the real executable: a pyenv shim alone costs ~90 ms per start.
  return found.map((p) =>
    spawnSync(p, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim(),
  );
}

function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round((sorted.length - 1) * p)))] ?? NaN;
}

function listing(suite: string, python: string): void {
  const ldb = () => timed(process.execPath, [CLI, 'tests', 'tests', '--json', '--python', python], suite);
  const pytest = () => timed(python, ['-m', 'pytest', '--collect-only', '-q', 'tests'], suite);
  const first = ldb();
  if (first.status !== 0) throw new Error(`ldb tests failed with ${python}: ${first.stderr}`);
  const listed = (JSON.parse(first.stdout) as { collected: unknown[] }).collected.length;
  pytest();
  const ours: number[] = [];
  const plain: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const pair = r % 2 === 0 ? [ldb, pytest] : [pytest, ldb];
    const [a, b] = pair.map((run) => run().ms);
    (r % 2 === 0 ? ours : plain).push(a);
    (r % 2 === 0 ? plain : ours).push(b);
  }
  const o = median(ours);
  const p = median(plain);
  console.log(
    `  listing (${listed} items, ${ROUNDS} rounds): ldb tests tests --json ${o.toFixed(0)} ms, ` +
      `pytest --collect-only -q ${p.toFixed(0)} ms (medians), ratio ${(o / p).toFixed(2)}; ` +
      `${o < LIST_TARGET_MS ? 'under' : 'OVER'} the ${LIST_TARGET_MS} ms target`,
  );
}

interface Item {
  program: string;
  nodeId: string;
  status: string;
}

/** Per test file, the first item that does not pass, as `ldb trace TESTFILE` finds it. */
function firstFailingItems(suite: string, python: string): { items: Item[]; reached: number; files: number } {
  const programs = Object.keys(JSON.parse(readFileSync(join(suite, 'fixes.json'), 'utf8')) as object);
  const items: Item[] = [];
  let reached = 0;
  for (const name of programs) {
    const run = timed(
      process.execPath,
      [CLI, 'trace', `tests/test_${name}.py`, '--json', '--python', python],
      suite,
    );
    if (run.status !== 0) {
      console.log(`    ${name}: ldb trace exited ${run.status}: ${run.stderr.trim()}`);
      continue;
    }
    const json = JSON.parse(run.stdout) as {
      test: string;
      outcome: { status: string };
      visits: { file?: string }[];
    };
    const program = `programs/${name}.py`;
    if (json.outcome.status !== 'passed' && json.visits.some((v) => v.file === program)) reached++;
    else console.log(`    ${name}: ${json.test} ended ${json.outcome.status} without a visit in ${program}`);
    items.push({ program, nodeId: json.test, status: json.outcome.status });
  }
  return { items, reached, files: programs.length };
}

function tracing(suite: string, python: string): Item[] {
  const { items, reached, files } = firstFailingItems(suite, python);
  console.log(
    `  ${reached} of ${files} test files: the first item that does not pass traced to a block of its buggy program`,
  );
  // A test that never ends cannot be run plainly: only the items that end are timed.
  const timedItems = items.filter((i) => i.status !== 'timeout');
  const trace = (i: Item, ...extra: string[]) =>
    timed(
      process.execPath,
      [CLI, 'trace', i.program, '--test', i.nodeId, '--json', '--python', python, ...extra],
      suite,
    );
  const plain = (i: Item) => timed(python, ['-m', 'pytest', i.nodeId], suite);
  const ours = timedItems.map(() => [] as number[]);
  const unisolated = timedItems.map(() => [] as number[]);
  const pytest = timedItems.map(() => [] as number[]);
  for (let r = 0; r < TRACE_ROUNDS; r++) {
    timedItems.forEach((item, i) => {
      const sides = [
        () => ours[i].push(check(trace(item), item).ms),
        () => unisolated[i].push(check(trace(item, '--isolation', 'off'), item).ms),
        () => pytest[i].push(plain(item).ms),
      ];
      for (const side of (r + i) % 2 === 0 ? sides : sides.reverse()) side();
    });
  }
  const perOurs = ours.map(median);
  const perUnisolated = unisolated.map(median);
  const perPlain = pytest.map(median);
  const ratios = perOurs.map((t, i) => t / perPlain[i]);
  const ratio = median(ratios);
  console.log(
    `  tracing (${timedItems.length} items, ${TRACE_ROUNDS} round${TRACE_ROUNDS === 1 ? '' : 's'}): ` +
      `ldb trace PROGRAM --test NODEID --json ${median(perOurs).toFixed(0)} ms, ` +
      `with --isolation off ${median(perUnisolated).toFixed(0)} ms, python -m pytest NODEID ${median(perPlain).toFixed(0)} ms (medians over items)`,
  );
  console.log(
    `  ratio per item: median ${ratio.toFixed(2)} (p25 ${percentile(ratios, 0.25).toFixed(2)}, p75 ${percentile(ratios, 0.75).toFixed(2)}), ` +
      `--isolation off ${median(perUnisolated.map((t, i) => t / perPlain[i])).toFixed(2)}; ` +
      `${ratio <= TRACE_TARGET_RATIO ? 'within' : 'OVER'} the ${TRACE_TARGET_RATIO} target`,
  );
  return timedItems;
}

/**
 * What the size of the project costs: the same items traced in the suite and in a copy holding
 * EXTRA_MODULES more modules the tests never import (each a copy of one of the tracer's own
 * 370-line files), side by side. Files are segmented as the test reaches them: the same time.
 */
function projectSize(suite: string, python: string, items: readonly Item[]): void {
  const bigger = `${suite}-bigger`;
  cpSync(suite, bigger, { recursive: true });
  mkdirSync(join(bigger, 'programs', 'vendored'));
  const filler = readFileSync(join(DIST_DIR, 'python', 'ldb_recorder.py'), 'utf8');
  for (let i = 0; i < EXTRA_MODULES; i++)
    writeFileSync(join(bigger, 'programs', 'vendored', `module_${i}.py`), filler);
  const sample = items.slice(0, SIZE_ITEMS);
  const trace = (root: string, i: Item) =>
    check(
      timed(
        process.execPath,
        [CLI, 'trace', i.program, '--test', i.nodeId, '--json', '--python', python],
        root,
      ),
      i,
    ).ms;
  const small = sample.map(() => [] as number[]);
  const big = sample.map(() => [] as number[]);
  for (let r = 0; r < SIZE_ROUNDS; r++) {
    sample.forEach((item, i) => {
      const sides = [() => small[i].push(trace(suite, item)), () => big[i].push(trace(bigger, item))];
      for (const side of (r + i) % 2 === 0 ? sides : sides.reverse()) side();
    });
  }
  const lines = EXTRA_MODULES * filler.split('\n').length;
  console.log(
    `  project size (${sample.length} items, ${SIZE_ROUNDS} rounds): ${median(small.map(median)).toFixed(0)} ms in the suite, ` +
      `${median(big.map(median)).toFixed(0)} ms with ${EXTRA_MODULES} more modules (${lines} lines) the tests never import`,
  );
  rmSync(bigger, { recursive: true, force: true });
}

function check(run: Timed, item: Item): Timed {
  if (run.status !== 0) throw new Error(`ldb trace ${item.nodeId} exited ${run.status}: ${run.stderr}`);
  return run;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'ldb-bench-pytest-'));
  try {
    // A copy: pytest's caches and bytecode land there, as in a user's checkout, not in the fixture.
    const suite = join(dir, 'suite');
    cpSync(join(FIXTURES_DIR, 'pytest-suite'), suite, { recursive: true });
    console.log(
      'LDB on a pytest suite of 40 buggy programs (test/fixtures/pytest-suite), whole processes from its folder',
    );
    const nodeStart = median(Array.from({ length: 5 }, () => timed(process.execPath, ['-e', '0'], suite).ms));
    console.log(
      `  NODE_EXTRA_CA_CERTS ${ENV.NODE_EXTRA_CA_CERTS === undefined ? 'unset' : 'set'}; a Node start (node -e 0) ${nodeStart.toFixed(0)} ms`,
    );
    for (const python of interpreters()) {
      const version = timed(python, ['-m', 'pytest', '--version'], suite);
      console.log(`${python} (${(version.stdout + version.stderr).trim().split('\n')[0]})`);
      listing(suite, python);
      projectSize(suite, python, tracing(suite, python));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();

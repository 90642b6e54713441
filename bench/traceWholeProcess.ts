// `ldb trace --json` as a shell user runs it, one whole Node process per run, against what the
// user would run without LDB: `ldb --version` (Node and our bundle starting) plus the program with
// its test run by the same interpreter. The interpreter is resolved to its real executable once and
// both sides use it (a pyenv shim alone costs ~90 ms per start and would drown the difference).
// `ldb trace --isolation off` runs beside them, to tell the tracer's cost from OS isolation's.
// Per program the sides alternate (A A' B, B A' A, ...) so drift on a shared machine hits all alike.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusCase } from '../test/support/ldbCorpus';
import { median as medianOf } from '../src/core/bench/stats';

const median = (xs: readonly number[]): number => medianOf(xs) ?? NaN;

export interface WholeProcessFigures {
  programs: number;
  repeats: number;
  /** Medians over programs of each program's median. */
  traceMs: number;
  /** The same with --isolation off. */
  unisolatedMs: number;
  versionMs: number;
  plainMs: number;
  baselineMs: number;
  /** Median over programs of (median ldb trace) / (median of ldb --version + plain run). */
  ratio: number;
  /** The same with --isolation off. */
  unisolatedRatio: number;
}

interface Program {
  c: CorpusCase;
  /** The program alone: what `ldb trace` gets. */
  file: string;
  /** The program followed by its test: what the plain run executes. */
  withTest: string;
}

function timed(
  command: string,
  args: string[],
  cwd: string,
): { ms: number; status: number | null; stdout: string } {
  const started = performance.now();
  const run = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
  return { ms: performance.now() - started, status: run.status, stdout: run.stdout };
}

export function measureWholeProcess(args: {
  cases: readonly CorpusCase[];
  dir: string;
  cli: string;
  python: string;
  repeats: number;
}): WholeProcessFigures {
  const { dir, cli, python } = args;
  const programs: Program[] = args.cases.map((c) => {
    const base = join(dir, c.id.replace('/', '_'));
    writeFileSync(`${base}.py`, c.program);
    writeFileSync(`${base}_with_test.py`, `${c.program}\n\n${c.test}\n`);
    return { c, file: `${base}.py`, withTest: `${base}_with_test.py` };
  });
  const trace = (p: Program, ...extra: string[]) =>
    timed(
      process.execPath,
      [cli, 'trace', p.file, '--test', p.c.test, '--json', '--python', python, ...extra],
      dir,
    );
  const version = () => timed(process.execPath, [cli, '--version'], dir);
  const plain = (p: Program) => timed(python, [p.withTest], dir);

  // Once through, untimed: OS caches, and a check that every run does what it should (the outcomes
  // themselves are the corpus test's business: test/unit/corpus/traceCorpus.test.ts).
  for (const p of programs) {
    const run = trace(p);
    if (run.status !== 0) throw new Error(`${p.c.id}: ldb trace exited ${run.status}`);
    JSON.parse(run.stdout);
    if (plain(p).status === 0) throw new Error(`${p.c.id}: the failing test passed when run plainly`);
  }

  const traceMs = programs.map(() => [] as number[]);
  const unisolatedMs = programs.map(() => [] as number[]);
  const versionMs = programs.map(() => [] as number[]);
  const plainMs = programs.map(() => [] as number[]);
  const baselineMs = programs.map(() => [] as number[]);
  for (let r = 0; r < args.repeats; r++) {
    programs.forEach((p, i) => {
      const sides = [
        () => traceMs[i].push(trace(p).ms),
        () => unisolatedMs[i].push(trace(p, '--isolation', 'off').ms),
        () => {
          const v = version().ms;
          const q = plain(p).ms;
          versionMs[i].push(v);
          plainMs[i].push(q);
          baselineMs[i].push(v + q);
        },
      ];
      for (const side of (r + i) % 2 === 0 ? sides : sides.reverse()) side();
    });
  }
  const perTrace = traceMs.map(median);
  const perUnisolated = unisolatedMs.map(median);
  const perBaseline = baselineMs.map(median);
  return {
    programs: programs.length,
    repeats: args.repeats,
    traceMs: median(perTrace),
    unisolatedMs: median(perUnisolated),
    versionMs: median(versionMs.map(median)),
    plainMs: median(plainMs.map(median)),
    baselineMs: median(perBaseline),
    ratio: median(perTrace.map((t, i) => t / perBaseline[i])),
    unisolatedRatio: median(perUnisolated.map((t, i) => t / perBaseline[i])),
  };
}

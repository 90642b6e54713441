// What tracing costs on real programs: 20 of the programs gpt-3.5 wrote for HumanEval that fail a
// visible test (LDB's `implementations[0]` with its import header, and the first failing test),
// traced through runPythonTest from this long-lived process as the extension runs it, against a
// plain spawn of the same interpreter on the same program and test. Target: median ratio <= 1.5.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPythonTest } from '../../../src/core/languages/python/runTest';
import type { SourceFile } from '../../../src/core/model';
import { sandboxEnv } from '../../../src/core/run/env';
import { resolveInterpreter } from '../../../src/core/languages/python/interpreter';
import { runProcess } from '../../../src/core/run/sandbox';
import { LDB_DATA_DIR } from '../../support/paths';
import { fixtureMap } from './fixtureMap';
import { DEFAULT_LIMITS, RUNTIME_DIR, makeTest } from './support';

const RESULTS = join(LDB_DATA_DIR, 'humaneval', 'ldb-results-gpt-3.5.jsonl');
const CASES = 20;
const REPEATS = 5;
const TARGET_RATIO = 1.5;

interface Case {
  id: string;
  program: string;
  test: string;
}

function failingCases(): Case[] {
  const cases: Case[] = [];
  for (const line of readFileSync(RESULTS, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as {
      task_id: string;
      implementations: string[];
      test_feedback: string[][];
    };
    const failed = record.test_feedback[0]?.[0];
    if (failed === undefined) continue;
    cases.push({
      id: record.task_id,
      program: record.implementations[0],
      test: failed.split(' # Real Execution Output:')[0].trim(),
    });
    if (cases.length === CASES) break;
  }
  return cases;
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

describe('python runtime: performance on HumanEval programs', function () {
  this.timeout(300_000);

  it(`traces a typical program in at most ${TARGET_RATIO}x a plain run (median over ${CASES} programs)`, async function () {
    const python = await resolveInterpreter('python3');
    const dir = mkdtempSync(join(tmpdir(), 'ldb-perf-'));
    const ratios: number[] = [];
    const plainMs: number[] = [];
    const tracedMs: number[] = [];
    try {
      for (const c of failingCases()) {
        const path = join(dir, 'prog.py');
        writeFileSync(path, `${c.program}\n\n${c.test}\n`);
        const source: SourceFile = {
          path,
          language: 'python',
          text: c.program,
          functions: [],
          syntaxErrors: [],
          tests: [],
        };
        const map = fixtureMap(c.program, { everyLine: true });
        const plain: number[] = [];
        const traced: number[] = [];
        for (let i = 0; i < REPEATS; i++) {
          let started = performance.now();
          const run = await runProcess({
            command: python.executable,
            args: [path],
            cwd: dir,
            env: sandboxEnv(process.env),
            timeoutMs: 10_000,
            maxStdoutBytes: 1 << 20,
            maxStderrBytes: 1 << 20,
          });
          plain.push(performance.now() - started);
          assert.notEqual(run.exitCode, 0, `${c.id}: the test fails when run plainly`);
          started = performance.now();
          const result = await runPythonTest({
            source,
            test: makeTest(c.test),
            lineToBlock: map.lineToBlock,
            functions: map.functions,
            skipLines: [],
            limits: DEFAULT_LIMITS,
            python: 'python3',
            runtimeDir: RUNTIME_DIR,
          });
          traced.push(performance.now() - started);
          assert.notEqual(result.outcome.status, 'passed', `${c.id}: the test fails when traced too`);
        }
        plainMs.push(median(plain));
        tracedMs.push(median(traced));
        ratios.push(median(traced) / median(plain));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const ratio = median(ratios);
    console.log(
      `      python ${python.version}: median plain ${median(plainMs).toFixed(1)} ms, traced ${median(tracedMs).toFixed(1)} ms, median ratio ${ratio.toFixed(2)}`,
    );
    assert.ok(ratio <= TARGET_RATIO, `median ratio ${ratio.toFixed(2)} > ${TARGET_RATIO}`);
  });
});

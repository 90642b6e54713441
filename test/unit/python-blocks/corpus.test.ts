// Every program of the LDB corpus (gpt-3.5's programs for HumanEval and MBPP, `implementations[0]`
// with LDB's import header) parses without a crash, gets syntax errors exactly when CPython rejects
// it, satisfies the segmentation invariants and, where an interpreter is installed, maps every line
// CPython has code on.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile } from '../../../src/core/model';
import { parseSource } from '../../../src/core/source';
import { DIST_DIR, LDB_DATA_DIR } from '../../support/paths';
import { availablePythons, compileWithPython, mismatches } from './cpython';
import { checkInvariants, nth } from './invariants';

/**
 * The programs CPython 3.8 to 3.13 all refuse to compile, with the line:column CPython 3.11
 * reports for each: five end with a stray Markdown fence (```), two lose a closing bracket.
 */
const CPYTHON_ERRORS: Record<string, string> = {
  'MBPP/148': '33:1',
  'MBPP/231': '26:1',
  'MBPP/325': '28:23', // '[' was never closed
  'MBPP/348': '24:1',
  'MBPP/408': '19:17', // '[' was never closed
  'MBPP/437': '15:1',
  'MBPP/466': '17:1',
};
const REJECTED_BY_CPYTHON = Object.keys(CPYTHON_ERRORS);

interface Program {
  id: string;
  code: string;
}

function loadCorpus(): Program[] {
  const programs: Program[] = [];
  for (const dataset of ['humaneval', 'mbpp']) {
    const file = join(LDB_DATA_DIR, dataset, 'ldb-results-gpt-3.5.jsonl');
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const record = JSON.parse(line) as { task_id: string; implementations: string[] };
      programs.push({ id: record.task_id, code: nth(record.implementations, 0) });
    }
  }
  return programs;
}

describe('python blocks: LDB corpus', function () {
  let programs: Program[] = [];
  let sources: SourceFile[] = [];

  before(async function () {
    programs = loadCorpus();
    sources = [];
    for (const p of programs)
      sources.push(await parseSource({ path: `${p.id}.py`, text: p.code, wasmDir: DIST_DIR }));
  });

  it('parses all 664 programs; exactly those CPython rejects have syntax errors', () => {
    assert.equal(programs.length, 664);
    const withErrors = programs.filter((_, i) => nth(sources, i).syntaxErrors.length > 0).map((p) => p.id);
    assert.deepEqual(withErrors, REJECTED_BY_CPYTHON);
    const firstErrors = Object.fromEntries(
      programs.flatMap((p, i) => {
        const first = nth(sources, i).syntaxErrors[0];
        return first ? [[p.id, `${first.line}:${first.column}`]] : [];
      }),
    );
    assert.deepEqual(firstErrors, CPYTHON_ERRORS, 'the first error is where CPython reports it');
    for (const s of sources)
      for (const e of s.syntaxErrors) assert.match(e.message, /^syntax error at \d+:\d+: /);
    const functions = sources.reduce((n, s) => n + s.functions.length, 0);
    const blocks = sources.reduce((n, s) => n + s.functions.reduce((m, f) => m + f.blocks.length, 0), 0);
    console.log(`    ${programs.length} programs, ${functions} functions, ${blocks} blocks`);
  });

  it('keeps the segmentation invariants on every program', () => {
    sources.forEach((source, i) => {
      try {
        checkInvariants(source);
      } catch (e) {
        throw new Error(`${nth(programs, i).id}: ${e instanceof Error ? e.message : String(e)}`, {
          cause: e,
        });
      }
    });
  });

  it('maps every line CPython has code on to a block of its function', function () {
    const pythons = availablePythons();
    if (pythons.length === 0) this.skip();
    for (const python of pythons) {
      const compiled = compileWithPython(
        python,
        programs.map((p) => p.code),
      );
      const rejected = programs.filter((_, i) => 'error' in nth(compiled, i)).map((p) => p.id);
      assert.deepEqual(rejected, REJECTED_BY_CPYTHON, `${python} rejects other programs`);
      const problems = sources.flatMap((source, i) => {
        const result = nth(compiled, i);
        return 'error' in result
          ? []
          : mismatches(source, result.codes).map((m) => `${nth(programs, i).id}: ${m}`);
      });
      assert.deepEqual(problems, [], python);
    }
  });
});

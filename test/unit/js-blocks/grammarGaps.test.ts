// TypeScript that tree-sitter's grammar cannot read but TypeScript can (a tuple label that is a
// type's name, `in`/`out` variance, `export type *`) is read through its erased twin
// (src/core/languages/javascript/erasedTwin.ts): its functions and blocks on the file's own lines,
// no syntax error; a real syntax error is still one, and JavaScript has no types to erase.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadParser } from '../../../src/core/parse/treeSitter';
import { parseSource } from '../../../src/core/source';
import { runCli } from '../../support/cli';
import { DIST_DIR, FIXTURES_DIR } from '../../support/paths';

const DIR = join(FIXTURES_DIR, 'js', 'ts-grammar-gaps');
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');
const parsed = (path: string, text: string) => parseSource({ path, text, wasmDir: DIST_DIR });

describe('TypeScript the grammar cannot read', () => {
  for (const file of ['src/roman.ts', 'src/variance.ts']) {
    it(`${file}: the grammar alone finds an error; read through its twin, none, and every function`, async () => {
      const text = read(file);
      const grammarTree = (await loadParser('typescript', DIST_DIR)).parse(text);
      assert.equal(
        grammarTree?.rootNode.hasError,
        true,
        'a gap of the grammar (else this test shows nothing)',
      );
      grammarTree?.delete();
      const source = await parsed(join(DIR, file), text);
      assert.deepEqual(source.syntaxErrors, []);
      assert.ok(source.functions.length > 0);
      for (const fn of source.functions) {
        const line = text.split('\n')[fn.startLine - 1] ?? '';
        assert.match(line, new RegExp(`\\b${fn.name}\\b`), `${fn.name} on its own line`);
      }
    });
  }

  it("toRoman's blocks are on the file's lines", async () => {
    const source = await parsed(join(DIR, 'src/roman.ts'), read('src/roman.ts'));
    const toRoman = source.functions.find((f) => f.name === 'toRoman');
    assert.deepEqual(
      toRoman?.blocks.map((b) => [b.startLine, b.endLine]),
      [
        [15, 15],
        [16, 16],
        [17, 17],
        [18, 19],
        [22, 22],
      ],
    );
  });

  it('a syntax error TypeScript also finds stays one, with its line and column', async () => {
    const source = await parsed(
      'bad.ts',
      'type A = [symbol string];\nexport function f() {\n  return 1;\n}\n',
    );
    assert.match(source.syntaxErrors[0]?.message ?? '', /^syntax error at 1:/);
  });

  it('JavaScript has no twin: type syntax in a .js file is a syntax error', async () => {
    const source = await parsed('gap.js', read('src/roman.ts'));
    assert.ok(source.syntaxErrors.length > 0);
  });

  it('ldb trace of a test importing such a module traces into it', async () => {
    const run = await runCli(['trace', 'tests/roman.test.ts', '--json'], { cwd: DIR });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as {
      function: string;
      file: string;
      outcome: { status: string; exception?: { line?: number } };
      visits: { file?: string; function: string }[];
    };
    assert.deepEqual(
      [json.function, json.file, json.outcome.status, json.outcome.exception?.line],
      ['toRoman', 'src/roman.ts', 'failed', 5],
    );
    assert.ok(json.visits.some((v) => v.file === 'src/roman.ts' && v.function === 'toRoman'));
  });
});

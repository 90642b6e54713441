// The JavaScript / TypeScript segmenter on one tiny fixture per behaviour: a reviewable text golden
// and a JSON golden per fixture, the invariants every segmentation has, and the behaviours the
// trace depends on asserted directly.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { analyzeJs } from '../../../src/core/languages/javascript/analyze';
import type { FunctionInfo, SourceFile } from '../../../src/core/model';
import { grammarForPath } from '../../../src/core/parse/grammars';
import { loadParser } from '../../../src/core/parse/treeSitter';
import { expectGolden, expectGoldenJson } from '../../support/golden';
import { DIST_DIR, FIXTURES_DIR } from '../../support/paths';
import { checkInvariants } from '../python-blocks/invariants';
import { renderSource } from '../python-blocks/render';

const DIR = join(FIXTURES_DIR, 'js', 'blocks');
const FIXTURES = readdirSync(DIR).sort();

async function load(file: string): Promise<SourceFile> {
  const path = join(DIR, file);
  const text = readFileSync(path, 'utf8');
  const choice = grammarForPath(path);
  assert.ok(choice, `no grammar for ${file}`);
  const parser = await loadParser(choice.grammar, DIST_DIR);
  const tree = parser.parse(text);
  assert.ok(tree);
  try {
    return { path, language: choice.language, text, ...analyzeJs(tree.rootNode, text) };
  } finally {
    tree.delete();
  }
}

function fn(source: SourceFile, qualifiedName: string): FunctionInfo {
  const found = source.functions.find((f) => f.qualifiedName === qualifiedName);
  assert.ok(found, `${qualifiedName} not among ${source.functions.map((f) => f.qualifiedName).join(', ')}`);
  return found;
}

function kinds(f: FunctionInfo): string {
  return f.blocks.map((b) => `${b.kind}@${b.startLine}`).join(' ');
}

describe('js blocks: fixtures', () => {
  for (const file of FIXTURES) {
    it(`${file}: golden blocks and invariants`, async () => {
      const source = await load(file);
      if (source.syntaxErrors.length === 0) checkInvariants(source);
      const name = file.slice(0, -extname(file).length) + extname(file).replace('.', '_');
      expectGolden(`blocks-js/${name}.txt`, renderSource(source));
      expectGoldenJson(`blocks-js/${name}.json`, {
        language: source.language,
        functions: source.functions,
        syntaxErrors: source.syntaxErrors,
        tests: source.tests,
      });
    });
  }
});

describe('js blocks: behaviours', () => {
  it('names functions as they are called: Class.method, outer.inner, bindings, anonymous callbacks', async () => {
    const names = (await load('names.js')).functions.map((f) => f.qualifiedName);
    assert.deepEqual(names, [
      'Counter.constructor',
      'Counter.inc',
      'Counter.make',
      'double',
      'obj.run',
      'obj.go',
      'outer',
      'outer.inner',
      'outer.<anonymous>@24',
      'gen',
    ]);
  });

  it('reads parameters, async and generators', async () => {
    const gen = fn(await load('names.js'), 'gen');
    assert.deepEqual(gen.params, ['a', 'b', 'c', 'rest']);
    assert.ok(gen.isAsync && gen.isGenerator);
  });

  it('an arrow function with an expression body is one return block', async () => {
    assert.equal(kinds(fn(await load('names.js'), 'double')), 'return@11');
  });

  it('splits if / else if / else into conditions and bodies that join after', async () => {
    const sign = fn(await load('if_else.js'), 'sign');
    assert.equal(
      kinds(sign),
      'statements@2 condition@3 statements@4 condition@5 statements@6 statements@7 return@8',
    );
    assert.deepEqual(sign.blocks[1]?.successors, ['sign#2', 'sign#3']);
  });

  it('loops go back to their header; a do-while test goes back to the body; for (;;) never falls through', async () => {
    const loops = fn(await load('loops.js'), 'loops');
    const byLine = (line: number) => loops.blocks.find((b) => b.startLine === line)!;
    assert.ok(byLine(4).successors.includes(byLine(3).id), 'for body -> header');
    assert.ok(byLine(13).successors.includes(byLine(12).id), 'do test -> body');
    const endless = byLine(14);
    assert.deepEqual(endless.successors, [byLine(15).id], 'for (;;) only enters its body');
    assert.deepEqual(byLine(15).successors, [byLine(17).id], 'break leaves the loop');
  });

  it('switch: case tests chain, bodies fall through, the default follows the last test', async () => {
    const f = fn(await load('switch_cases.js'), 'name');
    assert.equal(
      kinds(f),
      'statements@2 match@3 match@4 break@5 match@7 match@8 statements@9 statements@12 return@14',
    );
    const last = f.blocks[5];
    assert.deepEqual(last.successors, ['name#6', 'name#7'], 'case 3 -> its body, else the default');
    assert.deepEqual(f.blocks[3].successors, ['name#8'], 'break -> after the switch');
  });

  it('labelled break and continue reach the labelled loop', async () => {
    const f = fn(await load('labels.js'), 'find');
    const byLine = (line: number) => f.blocks.find((b) => b.startLine === line)!;
    assert.ok(byLine(6).successors.includes(byLine(12).id), 'break outer -> after the outer loop');
    const next = f.blocks.find((b) => b.kind === 'continue')!;
    assert.deepEqual(next.successors, [byLine(3).id], 'continue outer -> outer header');
  });

  it('try: the body can reach the handler, throw and fall-through run the finally', async () => {
    const f = fn(await load('try_catch.js'), 'parse');
    assert.equal(kinds(f), 'statements@2 statements@4 except@5 statements@9 return@11');
    assert.ok(f.blocks[1].successors.includes('parse#2'));
    assert.ok(f.blocks[2].successors.includes('parse#3'), 'a throw in the handler runs the finally');
    assert.equal(f.blocks[2].kind, 'except');
  });

  it('finds console.assert, assert.*, harness calls and node:test tests', async () => {
    const he = await load('humaneval_style.js');
    assert.deepEqual(
      he.tests.map((t) => `${t.id} ${t.form} ${t.functions.join(',')}`),
      ['test-function:20 test-function sumEven', 'assert:21 assert-compare sumEven'],
    );
    const nt = await load('node_test.mjs');
    assert.deepEqual(
      nt.tests.map((t) => `${t.id} ${t.label}`),
      [
        'test-function:8 adds two numbers',
        'test-function:13 math > adds zero',
        "assert:18 assert.deepStrictEqual([add(1, 1)], [2], 'pairs');",
      ],
    );
  });

  it('a syntax error is reported with line:column', async () => {
    const s = await load('syntax_error.js');
    assert.match(s.syntaxErrors[0]?.message ?? '', /^syntax error at 2:/);
  });
});

// The Python segmenter on one tiny fixture per behaviour: a reviewable text golden and a JSON
// golden per fixture, the invariants, and the behaviours the trace depends on asserted directly.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { functionTable, lineToBlock } from '../../../src/core/languages/python/lineMap';
import type { FunctionInfo, SourceFile } from '../../../src/core/model';
import { parseSource, readSource } from '../../../src/core/source';
import { expectGolden, expectGoldenJson } from '../../support/golden';
import { DIST_DIR, PYTHON_FIXTURES } from '../../support/paths';
import { availablePythons, compileWithPython, mismatches } from './cpython';
import { checkInvariants, nth } from './invariants';
import { renderSource } from './render';

const DIR = join(PYTHON_FIXTURES, 'blocks');
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith('.py'))
  .sort();

const cache = new Map<string, SourceFile>();
async function load(name: string): Promise<SourceFile> {
  let source = cache.get(name);
  if (!source) {
    source = await readSource(join(DIR, name), DIST_DIR);
    cache.set(name, source);
  }
  return source;
}

function fn(source: SourceFile, qualifiedName: string): FunctionInfo {
  const found = source.functions.find((f) => f.qualifiedName === qualifiedName);
  assert.ok(found, `${qualifiedName} not among ${source.functions.map((f) => f.qualifiedName).join(', ')}`);
  return found;
}

function kinds(f: FunctionInfo): string {
  return f.blocks.map((b) => `${b.kind}@${b.startLine}`).join(' ');
}

describe('python blocks: fixtures', () => {
  for (const file of FIXTURES) {
    const name = basename(file, '.py');
    it(`${name}: golden blocks and invariants`, async () => {
      const source = await load(file);
      checkInvariants(source);
      expectGolden(`blocks/${name}.txt`, renderSource(source));
      // The text is the fixture itself and the path is machine-specific: both stay out.
      expectGoldenJson(`blocks/${name}.json`, {
        language: source.language,
        functions: source.functions,
        syntaxErrors: source.syntaxErrors,
        tests: source.tests,
        lineToBlock: { block: lineToBlock(source, 'block'), line: lineToBlock(source, 'line') },
        functionTable: functionTable(source),
      });
    });
  }

  it('agrees with CPython on every line that has code, on every interpreter installed', async function () {
    const pythons = availablePythons();
    if (pythons.length === 0) this.skip(); // no python3 on PATH: nothing to compare with
    const sources = await Promise.all(FIXTURES.map(load));
    const results = pythons.map((python) =>
      compileWithPython(
        python,
        sources.map((s) => s.text),
      ),
    );
    sources.forEach((source, i) => {
      const name = nth(FIXTURES, i);
      const accepted = results.some((r) => !('error' in nth(r, i)));
      // A syntax error is right when no interpreter takes the file; match/case is fine when 3.10+ does.
      assert.equal(source.syntaxErrors.length > 0, !accepted, `${name}: syntax errors vs CPython`);
      results.forEach((r, k) => {
        const result = nth(r, i);
        if (!('error' in result))
          assert.deepEqual(mismatches(source, result.codes), [], `${name} under ${nth(pythons, k)}`);
      });
    });
  });
});

describe('python blocks: behaviours', () => {
  it('cuts a one-line if into a condition block that owns the line and a body block that does not', async () => {
    const sign = fn(await load('one_line_if_return.py'), 'sign');
    assert.equal(kinds(sign), 'condition@2 return@2 condition@3 return@3 return@4');
    const [test, body] = [nth(sign.blocks, 0), nth(sign.blocks, 1)];
    assert.deepEqual(test.lines, [2]);
    assert.deepEqual(body.lines, []);
    assert.deepEqual(test.successors, ['sign#1', 'sign#2']);
    assert.equal(lineToBlock(await load('one_line_if_return.py'), 'block')[2], 'sign#0');
  });

  it('maps every line of a statement spread over lines to that statement', async () => {
    const source = await load('multiline_call.py');
    const byLine = lineToBlock(source, 'line');
    for (let line = 2; line <= 6; line++) assert.equal(byLine[line], 'describe@L2');
    for (let line = 7; line <= 10; line++) assert.equal(byLine[line], 'describe@L7');
    assert.equal(byLine[13], 'describe@L11');
  });

  it('gives a nested function its own blocks and the enclosing one only the def line', async () => {
    const source = await load('nested_function.py');
    const outer = fn(source, 'make_counter');
    const inner = fn(source, 'make_counter.step');
    assert.deepEqual(
      outer.blocks.flatMap((b) => b.lines),
      [2, 4, 9, 10],
    );
    assert.deepEqual(
      inner.blocks.flatMap((b) => b.lines),
      [5, 6, 7],
    );
    assert.equal(inner.parent, 'make_counter');
    assert.deepEqual(inner.params, ['by']);
  });

  it('lets the innermost function own the line of a one-line nested def', async () => {
    const source = await load('one_line_compounds.py');
    assert.ok(fn(source, 'one_liners').blocks.some((b) => b.lines.includes(8)));
    assert.equal(lineToBlock(source, 'block')[8], 'one_liners.key#0');
  });

  it('finds helpers defined after the entry point', async () => {
    const source = await load('helper_after_entry.py');
    assert.deepEqual(
      source.functions.map((f) => f.qualifiedName),
      ['average_of_evens', 'keep_even'],
    );
  });

  it('tells generators from functions holding a generator expression or a yielding lambda', async () => {
    const source = await load('generator.py');
    assert.equal(fn(source, 'pairs').isGenerator, true);
    assert.equal(fn(source, 'not_a_generator').isGenerator, false);
    assert.equal(fn(source, 'delegating').isGenerator, true);
  });

  it('names methods, nested classes and redefinitions as Python does, keeping ids unique', async () => {
    const source = await load('decorated_async_methods.py');
    assert.deepEqual(
      source.functions.map((f) => f.qualifiedName),
      [
        'trace',
        'trace.wrapper',
        'Shape.__init__',
        'Shape.label@19',
        'Shape.label',
        'Shape.unit',
        'Shape.Meta.describe',
        'fetch',
        'ticker',
      ],
    );
    const unit = fn(source, 'Shape.unit');
    assert.deepEqual([unit.startLine, unit.defLine, unit.bodyStartLine], [26, 28, 31]);
    const ticker = fn(source, 'ticker');
    assert.deepEqual([ticker.isAsync, ticker.isGenerator], [true, true]);
    assert.deepEqual(fn(source, 'fetch').params, ['urls', 'retries', 'options']);
    assert.deepEqual(fn(source, 'Shape.__init__').params, ['self', 'sides', 'name']);
  });

  it('routes return, break and continue through finally', async () => {
    const search = fn(await load('try_finally_jumps.py'), 'search');
    const final = search.blocks.find((b) => b.startLine === 12);
    assert.ok(final);
    for (const line of [6, 8, 10]) {
      const jump = search.blocks.find((b) => b.startLine === line);
      assert.deepEqual(jump?.successors, [final.id], `line ${line}`);
    }
    // after the finally: the break leaves the inner loop (outer header), continue goes to the inner header
    assert.deepEqual(final.successors, ['search#0', 'search#1']);
  });

  it('stops falling through after an irrefutable case and after while True', async () => {
    const classify = fn(await load('match_case.py'), 'classify');
    assert.deepEqual(nth(classify.blocks, 7).successors, ['classify#8']); // case _:
    const loop = nth(fn(await load('break_continue.py'), 'sum_until_negative').blocks, 7);
    assert.equal(loop.kind, 'condition');
    assert.deepEqual(loop.successors, ['sum_until_negative#8']);
  });

  it('reads CRLF line ends with the same blocks as LF and keeps them in the text', async () => {
    const crlf = await load('crlf.py');
    assert.ok(
      readFileSync(join(DIR, 'crlf.py'), 'utf8').includes('\r\n'),
      'the fixture lost its CRLF line ends',
    );
    assert.ok(crlf.text.includes('\r\n'));
    const lf = await parseSource({
      path: 'crlf.py',
      text: crlf.text.replace(/\r\n/g, '\n'),
      wasmDir: DIST_DIR,
    });
    assert.deepEqual(crlf.functions, lf.functions);
    assert.deepEqual(crlf.tests, lf.tests);
  });

  it('drops a BOM from the text and counts lines as without it', async () => {
    const source = await load('bom.py');
    assert.ok(
      readFileSync(join(DIR, 'bom.py'))
        .subarray(0, 3)
        .equals(Buffer.from([0xef, 0xbb, 0xbf])),
    );
    assert.notEqual(source.text.charCodeAt(0), 0xfeff);
    assert.deepEqual(kinds(fn(source, 'greet')), 'condition@2 statements@3 return@4');
  });

  it('handles an empty file', async () => {
    const source = await load('empty.py');
    assert.deepEqual([source.functions, source.syntaxErrors, source.tests], [[], [], []]);
  });

  it('reports a syntax error with line:column and still cuts the functions around it', async () => {
    const source = await load('syntax_error.py');
    assert.deepEqual(
      source.syntaxErrors.map((e) => [e.line, e.column]),
      [[7, 20]],
    );
    assert.equal(nth(source.syntaxErrors, 0).message, "syntax error at 7:20: expected ':'");
    assert.equal(kinds(fn(source, 'ok')), 'return@2');
    assert.equal(kinds(fn(source, 'after')), 'return@13');
  });

  it('keeps unicode names and tab indentation', async () => {
    const unicode = await load('unicode_names.py');
    assert.deepEqual(
      unicode.functions.map((f) => [f.qualifiedName, f.params]),
      [
        ['größe', ['länge', 'breite']],
        ['面积', ['边长']],
        ['find_x', ['x']], // written `ﬁnd_ｘ(ｘ)`: CPython's co_name and locals are NFKC
      ],
    );
    const tabs = fn(await load('tabs.py'), 'count_positive');
    assert.equal(kinds(tabs), 'statements@2 loop@3 condition@4 statements@5 return@6');
  });
});

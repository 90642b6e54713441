// The JavaScript runtime on one small program per behaviour, run for real in a sandboxed Node:
// outcomes as plain Node gives them (console.assert made to throw), visits of Python's shape,
// the file's own lines, values previewed without running user code, a timeout that keeps the
// trace, ES modules, TypeScript, node:test.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult, SourceFile, TestCase } from '../../../src/core/model';
import { withDefaults, type Settings } from '../../../src/core/settings';
import { firstFailingTest, loadProgram, resolveTest, runTest } from '../../../src/core/trace/tracing';
import { importsRelative } from '../../../src/core/languages/javascript/imports';
import { guessLoad } from '../../../src/core/languages/javascript/moduleKind';
import { DIST_DIR, FIXTURES_DIR } from '../../support/paths';

const DIR = join(FIXTURES_DIR, 'js', 'runtime');
const BLOCKS = join(FIXTURES_DIR, 'js', 'blocks');
const assets = { dir: DIST_DIR };
const settings: Settings = withDefaults({ timeoutMs: 2000, killGraceMs: 500 });

async function run(
  path: string,
  pick?: (s: SourceFile) => TestCase | string | undefined,
  extra: Partial<Settings> = {},
): Promise<{ source: SourceFile; run: RunResult }> {
  const source = await loadProgram({ path, assets });
  const chosen = pick ? pick(source) : await firstFailingTest(source, { settings, assets });
  assert.ok(chosen !== undefined, 'a test to run');
  const test = await resolveTest(source, chosen, 0, assets);
  return { source, run: await runTest({ source, test, settings: { ...settings, ...extra }, assets }) };
}

const VISIT_KEYS = ['after', 'before', 'block', 'call', 'depth', 'function', 'iteration', 'seq'];

describe('js runtime', () => {
  it('records visits of the same shape as Python, in order, with the failing comparison', async () => {
    const { source, run: r } = await run(join(DIR, 'recursion.js'));
    assert.equal(r.outcome.status, 'failed');
    assert.equal(r.outcome.expected, '25');
    assert.equal(r.outcome.actual, '24');
    const ids = new Set(source.functions.flatMap((f) => f.blocks.map((b) => b.id)));
    r.visits.forEach((v, i) => {
      assert.deepEqual(
        Object.keys(v)
          .filter((k) => k !== 'returned' && k !== 'raised')
          .sort(),
        VISIT_KEYS,
      );
      assert.equal(v.seq, i);
      assert.ok(ids.has(v.block), `${v.block} is a block of the file`);
    });
    assert.deepEqual(
      r.visits.filter((v) => v.block === 'fact#0').map((v) => [v.depth, v.before.n]),
      [
        [0, '4'],
        [1, '3'],
        [2, '2'],
        [3, '1'],
      ],
    );
    assert.deepEqual(
      r.visits.filter((v) => v.returned !== undefined).map((v) => v.returned),
      ['24', '6', '2', '1'],
    );
  });

  it('counts iterations per block and call, and shows loop variables', async () => {
    const { run: r } = await run(join(BLOCKS, 'humaneval_style.js'), () => 'sumEven([1, 2, 4])');
    const header = r.visits.filter((v) => v.block === 'sumEven#1');
    assert.deepEqual(
      header.map((v) => [v.iteration, v.before.i]),
      [
        [0, '0'],
        [1, '1'],
        [2, '2'],
        [3, '3'],
      ],
    );
    assert.deepEqual(
      r.visits.filter((v) => v.block === 'sumEven#3').map((v) => v.after.total),
      ['2', '6'],
    );
  });

  it('an exception is an error with the line of the file, raised from the block it left', async () => {
    const { run: r } = await run(join(DIR, 'throws.js'));
    assert.equal(r.outcome.status, 'error');
    assert.deepEqual(r.outcome.exception, {
      type: 'RangeError',
      message: 'empty',
      line: 3,
      function: 'first',
    });
    assert.equal(r.visits.at(-1)?.raised?.type, 'RangeError');
    assert.equal(r.visits.at(-1)?.block, 'first#1');
  });

  it('an endless loop is stopped at the time limit with its trace', async () => {
    const { run: r } = await run(join(DIR, 'infinite_loop.js'), undefined, { timeoutMs: 300 });
    assert.equal(r.outcome.status, 'timeout');
    assert.ok(r.visits.length > 10 && r.droppedVisits > 0);
    assert.equal(r.limits[0]?.limit, 'time');
  });

  it('awaits async functions and methods, and numbers calls of closures', async () => {
    const a = await run(join(DIR, 'async_class.js'));
    assert.equal(a.run.outcome.status, 'failed');
    assert.ok(a.run.visits.some((v) => v.function === 'Account.withdraw' && v.returned === '7'));
    const c = await run(join(DIR, 'closure.cjs'));
    const calls = c.run.visits.filter((v) => v.function === 'counter.inc').map((v) => v.call);
    assert.equal(new Set(calls).size, 3);
  });

  it('reads a let of a skipped switch case without touching its dead zone', async () => {
    const { run: r } = await run(join(DIR, 'switch_tdz.js'));
    assert.equal(r.outcome.status, 'failed');
    assert.ok(r.visits.every((v) => !('label' in v.before)));
  });

  it('previews values without getters, toString or proxy traps; cycles and big arrays are bounded', async () => {
    const { run: r } = await run(join(DIR, 'hostile.js'));
    assert.equal(r.outcome.status, 'passed', JSON.stringify(r.outcome));
    const last = r.visits.at(-1)!;
    assert.equal(last.after.n, 'Node {v: 1, next: [Circular]}');
    assert.equal(last.after.trap, '<Proxy>');
    assert.match(last.after.big ?? '', /^\[0, 1, 2, .*\.\.\.\(9,9\d\d more items\)\.\.\., 9998, 9999\]$/);
    assert.equal(last.after.m, "Map(1) {'k' => Node {v: 1, next: [Circular]}}");
  });

  it('runs ES modules and TypeScript with their own line numbers', async () => {
    const esm = await run(join(DIR, 'module_esm.mts'));
    assert.equal(esm.run.outcome.status, 'failed');
    assert.equal(esm.run.visits[0]?.returned, '5');
    const ts = await run(join(DIR, 'typed.ts'));
    assert.equal(ts.run.outcome.actual, '1');
    assert.deepEqual(
      ts.run.visits.map((v) => v.block),
      ['larger#0', 'larger#1', 'larger#2'],
    );
  });

  it('a CommonJS file that looks like an ES module (hooks started early) runs as CommonJS, import() too', async () => {
    const file = join(DIR, 'looks_esm.js');
    assert.ok(guessLoad(file, importsRelative).esm, 'the guess is wrong here, on purpose');
    const { run: r } = await run(file);
    assert.deepEqual([r.outcome.status, r.outcome.exception?.message], ['failed', '5 == 4']);
    assert.deepEqual(
      r.visits.map((v) => v.block),
      ['test#0', 'twice#0'],
    );
  });

  it('TypeScript that does not erase is bad input in one line (a namespace in a namespace)', async () => {
    await assert.rejects(run(join(DIR, 'namespace.ts')), (e: Error) => {
      assert.match(e.message, /namespace\.ts:1: 'namespace Shapes \{' is TypeScript that only runs compiled/);
      return true;
    });
  });

  it('a namespace of values runs, lowered as TypeScript emits it, on its own lines', async () => {
    const { run: r } = await run(join(DIR, 'namespace_values.ts'));
    assert.deepEqual([r.outcome.status, r.outcome.exception?.line], ['failed', 8]);
    assert.ok(r.visits.some((v) => v.function === 'Units.toCm' || v.function === 'toCm'));
  });

  it('a decorator is bad input in one line, naming it', async () => {
    await assert.rejects(run(join(DIR, 'decorator.ts')), (e: Error) => {
      assert.match(e.message, /decorator\.ts:5: '@logged' is a decorator, which only runs compiled/);
      assert.equal(e.message.split('\n').length, 1);
      return true;
    });
  });

  it('enums and parameter properties run lowered, on their own lines', async () => {
    const { run: r } = await run(join(DIR, 'enums_classes.ts'));
    assert.deepEqual(
      [r.outcome.status, r.outcome.exception?.message, r.outcome.exception?.line],
      ['failed', "'Mid 2cm' == 'Mid 3cm'", 28],
    );
    // this.level and the width passed up were assigned: the values TypeScript's own emit gives.
    const label = r.visits.find((v) => v.block === 'Box.label#0');
    assert.equal(label?.returned, "'4cm'");
  });

  it('comments after a statement without its semicolon, or after a body, stay comments', async () => {
    const { run: r } = await run(join(DIR, 'comments_after.js'));
    assert.deepEqual([r.outcome.status, r.outcome.exception?.message], ['failed', '2 == 3']);
    assert.equal(r.visits.find((v) => v.returned !== undefined && v.function === 'count')?.returned, '2');
  });

  it('an ES module importing no file of its project runs in place: its URL, its lines, the file as it was', async () => {
    const file = join(DIR, 'in_place.mjs');
    const before = readFileSync(file, 'utf8');
    const { run: r } = await run(file);
    assert.deepEqual(
      [r.outcome.status, r.outcome.exception?.message, r.outcome.exception?.line],
      ['failed', "'do' == 'AL'", 13],
    );
    assert.deepEqual(
      r.visits.map((v) => v.block),
      ['test#0', 'initials#0'],
    );
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  it('a function with an empty body ({}) leaves the rest of the file runnable', async () => {
    const { run: r } = await run(join(DIR, 'empty_bodies.js'));
    assert.deepEqual([r.outcome.status, r.outcome.exception?.message], ['failed', '1 == 2']);
    assert.deepEqual(
      r.visits.map((v) => v.block),
      ['test#0', 'Counter.next#0'],
    );
  });

  it('node:test: only the chosen test runs, inside its describe', async () => {
    const file = join(BLOCKS, 'node_test.mjs');
    const failing = await run(file);
    assert.equal(failing.run.outcome.status, 'failed');
    const inner = await run(file, (s) => s.tests.find((t) => t.label === 'math > adds zero'));
    assert.equal(inner.run.outcome.status, 'passed');
    assert.ok(inner.run.visits.some((v) => v.function === 'add' && v.returned === '5'));
  });

  it('a given comparison records both sides; the original file is never written', async () => {
    const before = readdirSync(DIR).sort();
    const text = readFileSync(join(DIR, 'recursion.js'), 'utf8');
    const { run: r } = await run(join(DIR, 'recursion.js'), () => 'fact(3) === 6');
    assert.equal(r.outcome.status, 'passed');
    assert.equal(r.outcome.actual, '6');
    assert.deepEqual(readdirSync(DIR).sort(), before);
    assert.equal(readFileSync(join(DIR, 'recursion.js'), 'utf8'), text);
  });
});

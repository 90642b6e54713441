// `ldb trace` on a JavaScript / TypeScript test file that imports the module under test: the trace
// goes into the module (and what it imports), whose blocks and visits name their file; the test
// file itself is run, not traced. One fixture per way of importing: require of CommonJS, import of
// an ES module (.mjs), and TypeScript's `./x.js` naming `x.ts`. Also `ldb trace MODULE --test
// TESTFILE::ID`, and bad ids in one line.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../support/cli';
import { expectGolden } from '../../support/golden';
import { FIXTURES_DIR } from '../../support/paths';

const PROJECT = join(FIXTURES_DIR, 'js', 'across');

interface TraceJson {
  function: string;
  file?: string;
  test: string;
  outcome: { status: string; exception?: { type: string; line?: number; file?: string } };
  blocks: { id: string; file?: string }[];
  visits: { block: string; file?: string; function: string; depth: number }[];
  prompt: string;
}

async function traced(args: string[]): Promise<TraceJson> {
  const run = await runCli(['trace', ...args, '--json'], { cwd: PROJECT });
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as TraceJson;
}

/** `ldb trace FILE --json` in a temporary folder holding `files` (path -> text). */
async function tracedIn(files: Record<string, string>, file: string): Promise<TraceJson> {
  const dir = mkdtempSync(join(tmpdir(), 'ldb-project-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = await runCli(['trace', file, '--json'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout) as TraceJson;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const where = (json: TraceJson) => json.visits.map((v) => `${v.file}:${v.block}`);

describe('cli: a JavaScript test traced into the modules it imports', function () {
  this.timeout(60_000);

  it('require of CommonJS: the module and the one it requires, each block with its file', async () => {
    const json = await traced(['tests/cart.test.cjs']);
    assert.deepEqual(
      [json.function, json.file, json.test],
      ['total', 'src/cart.cjs', 'tests/cart.test.cjs::test-function:8'],
    );
    assert.deepEqual(
      [json.outcome.status, json.outcome.exception?.file, json.outcome.exception?.line],
      ['failed', 'tests/cart.test.cjs', 5],
    );
    assert.deepEqual(where(json), [
      'src/cart.cjs:total#0',
      'src/cart.cjs:total#1',
      'src/cart.cjs:total#2',
      'src/cart.cjs:total#1',
      'src/cart.cjs:total#2',
      'src/cart.cjs:total#3',
      'src/tax.cjs:withTax#0',
    ]);
    assert.deepEqual(
      json.blocks.map((b) => `${b.file}:${b.id}`),
      [
        'src/cart.cjs:total#0',
        'src/cart.cjs:total#1',
        'src/cart.cjs:total#2',
        'src/cart.cjs:total#3',
        'src/tax.cjs:withTax#0',
      ],
    );
    expectGolden('cli/trace/js_across_cart.prompt.txt', json.prompt);
  });

  it('import of an ES module: the first node:test test that fails, traced in the module', async () => {
    const json = await traced(['tests/stats.test.mjs']);
    assert.deepEqual([json.function, json.file, json.outcome.status], ['mean', 'src/stats.mjs', 'failed']);
    assert.ok(json.visits.length > 0 && json.visits.every((v) => v.file === 'src/stats.mjs'));
  });

  it("TypeScript: `../src/money.js` is money.ts, traced with the .ts file's lines", async () => {
    const json = await traced(['tests/money.test.ts']);
    assert.deepEqual([json.function, json.file, json.outcome.status], ['cents', 'src/money.ts', 'failed']);
    assert.deepEqual(where(json), ['src/money.ts:cents#0']);
    assert.match(
      json.prompt,
      /^\[BLOCK-0\]\n# text = '1\.05'\nconst \[whole, frac = '0'\] = text\.split\('\.'\);\nconst digits: string/,
    );
  });

  it('ldb trace MODULE --test TESTFILE::ID runs that test of the other file', async () => {
    const json = await traced(['src/stats.mjs', '--test', 'tests/stats.test.mjs::mean of three']);
    assert.equal(json.test, 'tests/stats.test.mjs::test-function:9');
    assert.equal(json.function, 'mean');
    const byId = await traced([
      'src/cart.cjs',
      '--test',
      'tests/cart.test.cjs::test-function:8',
      '--function',
      'withTax',
    ]);
    assert.deepEqual([byId.function, byId.file], ['withTax', 'src/tax.cjs']);
  });

  const bad: [string, string[], string][] = [
    [
      'a test id that names no test lists the closest',
      ['trace', 'src/cart.cjs', '--test', 'tests/cart.test.cjs::test-function:7'],
      "ldb: no test 'test-function:7' in tests/cart.test.cjs: the closest are tests/cart.test.cjs::test-function:8",
    ],
    [
      'a test id of a missing file',
      ['trace', 'src/cart.cjs', '--test', 'tests/nope.test.js::test-function:1'],
      `ldb: no test file 'tests/nope.test.js' in ${PROJECT} (a test id is PATH::ID, PATH relative to the project root)`,
    ],
    [
      '--function naming no function of the run',
      ['trace', 'tests/cart.test.cjs', '--function', 'nope'],
      "ldb: --function 'nope': no file of the run defines it; name it as module:function (shop.cart:apply_discount) or path::function",
    ],
  ];
  for (const [name, args, message] of bad) {
    it(`${name}: exit 2, one line`, async () => {
      const run = await runCli(args, { cwd: PROJECT });
      assert.equal(run.code, 2, run.stdout);
      assert.equal(run.stderr, `${message}\n`);
    });
  }
});

describe('cli: ldb tests on a JavaScript / TypeScript project', function () {
  this.timeout(60_000);

  interface TestsJson {
    root: string;
    interpreter: { name: string; version: string };
    collected: { id: string; label: string; item: { file: string; line: number } }[];
  }

  it('a module that throws as it loads: the run ends in its error, told in that module', async () => {
    const run = await runCli(['trace', 'tests/limits.test.cjs', '--json'], {
      cwd: join(FIXTURES_DIR, 'js', 'load-error'),
    });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as TraceJson;
    assert.deepEqual(
      [
        json.function,
        json.file,
        json.outcome.status,
        json.outcome.exception?.type,
        json.outcome.exception?.line,
      ],
      ['clampToMax', 'src/limits.cjs', 'error', 'SyntaxError', 2],
    );
    assert.deepEqual(json.visits, []);
  });

  it('TypeScript in a "type": "commonjs" project: import x = require, export =, and ES imports of a module using __filename', async () => {
    const cwd = join(FIXTURES_DIR, 'js', 'ts-commonjs');
    const outcomes: unknown[] = [];
    for (const file of ['tests/ids.test.ts', 'tests/ids_import.test.ts', 'tests/legacy.test.ts']) {
      const run = await runCli(['trace', file, '--json'], { cwd });
      assert.equal(run.code, 0, run.stderr);
      const json = JSON.parse(run.stdout) as TraceJson;
      const e = json.outcome.exception;
      outcomes.push([json.function, json.file, json.outcome.status, e?.file, e?.line]);
    }
    // The failing assert's own line in its test file (the test runs appended past the file's end).
    assert.deepEqual(outcomes, [
      ['nextId', 'src/ids.ts', 'failed', 'tests/ids.test.ts', 4],
      ['nextId', 'src/ids.ts', 'failed', 'tests/ids_import.test.ts', 6],
      // `export = label` is the module's exports, as TypeScript compiles it.
      ['label', 'src/legacy.ts', 'failed', 'tests/legacy.test.ts', 4],
    ]);
  });

  it('without a package.json, a test in tests/ has the folder above it as its root: ../src is traced', async () => {
    const json = await tracedIn(
      {
        'src/half.js': 'exports.half = (n) => Math.round(n / 2);\n',
        'tests/half.test.js':
          "const assert = require('node:assert');\nconst { half } = require('../src/half');\nassert.strictEqual(half(5), 2);\n",
      },
      'tests/half.test.js',
    );
    assert.deepEqual([json.file, json.outcome.status], ['src/half.js', 'failed']);
    assert.ok(json.visits.some((v) => v.file === 'src/half.js'));
  });

  it('a tsconfig.json without a package.json marks the root: files are named from it', async () => {
    const json = await tracedIn(
      {
        'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
        'src/half.ts': 'export const half = (n: number): number => Math.round(n / 2);\n',
        'src/half.test.ts':
          "import assert from 'node:assert';\nimport { half } from './half';\nassert.strictEqual(half(5), 2);\n",
      },
      'src/half.test.ts',
    );
    assert.deepEqual([json.file, json.outcome.status], ['src/half.ts', 'failed']);
  });

  it('lists the tests of its test files by the PATH::ID that --test takes', async () => {
    const run = await runCli(['tests', '.', '--json'], { cwd: PROJECT });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as TestsJson;
    assert.equal(json.root, PROJECT);
    assert.deepEqual([json.interpreter.name, json.interpreter.version], ['Node', process.versions.node]);
    assert.deepEqual(
      json.collected.map((t) => [t.id, t.label, `${t.item.file}:${t.item.line}`]),
      [
        ['tests/cart.test.cjs::test-function:8', 'testTotal()', 'tests/cart.test.cjs:8'],
        ['tests/money.test.ts::test-function:8', 'testCents()', 'tests/money.test.ts:8'],
        ['tests/stats.test.mjs::test-function:5', 'mean of one', 'tests/stats.test.mjs:5'],
        ['tests/stats.test.mjs::test-function:9', 'mean of three', 'tests/stats.test.mjs:9'],
      ],
    );
    // An id from the listing traces that test into the module it imports.
    const json2 = await traced(['src/stats.mjs', '--test', json.collected[3].id]);
    assert.deepEqual([json2.test, json2.outcome.status], [json.collected[3].id, 'failed']);
  });

  it('a folder with Python files in it stays a Python project (pytest lists it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldb-mixed-'));
    try {
      mkdirSync(join(dir, 'tests'));
      writeFileSync(join(dir, 'tests', 'a.test.js'), "require('node:assert').equal(1, 1);\n");
      writeFileSync(join(dir, 'tests', 'test_a.py'), 'def test_a():\n    assert 1 == 1\n');
      const run = await runCli(['tests', dir], { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^collected by pytest .*\n {2}tests\/test_a\.py::test_a/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cli: a test file that imports nothing of its project', function () {
  this.timeout(60_000);

  it('traces the functions it defines, its test callbacks left out, by PATH::ID too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldb-standalone-'));
    try {
      writeFileSync(
        join(dir, 'slug.test.js'),
        [
          "const { test } = require('node:test');",
          "const assert = require('node:assert/strict');",
          'function slug(s) {',
          "  return s.toLowerCase().replace(/ /, '-');",
          '}',
          "test('one space', () => {",
          "  assert.equal(slug('A B'), 'a-b');",
          '});',
          "test('two spaces', () => {",
          "  assert.equal(slug('A B C'), 'a-b-c');",
          '});',
          '',
        ].join('\n'),
      );
      const run = await runCli(
        ['trace', 'slug.test.js', '--test', 'slug.test.js::test-function:9', '--json'],
        {
          cwd: dir,
        },
      );
      assert.equal(run.code, 0, run.stderr);
      const json = JSON.parse(run.stdout) as TraceJson;
      assert.deepEqual(
        [json.function, json.outcome.status, json.visits.map((v) => v.block)],
        ['slug', 'failed', ['slug#0']],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

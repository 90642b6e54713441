// Enums and parameter properties lowered in place (src/core/languages/javascript/lowerTypeScript.ts):
// each shape gives the object TypeScript's own compiler makes, on the file's own lines.
import { strict as assert } from 'node:assert';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { stripTypes } from '../../../src/core/languages/javascript/stripTypes';
import { loadParser } from '../../../src/core/parse/treeSitter';
import { DIST_DIR } from '../../support/paths';

/** What the snippet leaves in `E` (null when nothing runs), as this realm's value. */
function valueOfE(js: string): unknown {
  const box: { result?: string } = {};
  runInNewContext(`${js}\nresult = JSON.stringify(typeof E === 'undefined' ? null : E);`, box);
  return JSON.parse(box.result ?? 'undefined') as unknown;
}

const typeScriptEmit = (code: string) =>
  ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;

const ENUMS: [string, string][] = [
  ['auto-increment', 'enum E { A, B, C }'],
  ['explicit values and increments after them', 'enum E { A = 3, B, C = 10, D }'],
  ['strings', "enum E { A = 'a', B = 'b' }"],
  ['members used by later initializers', 'enum E { A = 1, B = A * 2, C = B + A, D = 1 << 3 }'],
  ['a negative start and a trailing comma', 'enum E { A = -1, B, }'],
  ['comments between members', 'enum E {\n  // first\n  A, /* second */ B = 5,\n  C\n}'],
  ['string-literal names', "enum E { 'a-b' = 1, c = 2 }"],
  ['reserved words as names', 'enum E { default = 1, delete }'],
  ['a member named as the enum', 'enum E { E, F }'],
  ['an initializer over several lines', 'enum E {\n  A = (1 +\n    2),\n  B,\n}'],
  ['const enum', "const enum E { X = 'x', Y = 'y' }"],
  ['declare enum (nothing runs)', 'declare enum E { A }'],
  ['exported, in a function', 'function f() { enum E { A = 2, B } return E; }\nconst E = f();'],
];

const CASTS: [string, string][] = [
  ['of a name', 'const x: unknown = 4;\nvar E = <number>x + 1;'],
  ['of a call, generic type', 'const f = () => [1, 2];\nvar E = (<Array<number>>f()).length;'],
  [
    'nested, with an `as` inside',
    'const o: any = { a: { b: 7 } };\nvar E = <number>(<any>o.a as { b: number }).b;',
  ],
  ['of an object literal, over lines', 'var E = <{ a: number }>{\n  a: 1,\n};'],
  ['with a comment in the type', 'const y: any = 2;\nvar E = < /* n */ number >y * 3;'],
  ['returned', 'function g(v: unknown) { return <string>v; }\nvar E = g("s");'],
  ['of an object an arrow returns', 'const h = () => <{ a: number }>{ a: 1 };\nvar E = h();'],
];

describe('TypeScript lowered in place', () => {
  let parser: Awaited<ReturnType<typeof loadParser>>;
  before(async () => {
    parser = await loadParser('typescript', DIST_DIR);
  });
  const strip = (code: string) => stripTypes(code, 'x.ts', DIST_DIR, parser);

  for (const [what, code] of ENUMS) {
    it(`an enum: ${what}`, () => {
      const lowered = strip(code);
      assert.equal(lowered.split('\n').length, code.split('\n').length, 'the same lines');
      assert.deepEqual(valueOfE(lowered), valueOfE(typeScriptEmit(code)));
    });
  }

  for (const [what, code] of CASTS) {
    it(`a <T>x cast ${what}: blanked`, () => {
      const lowered = strip(code);
      assert.equal(lowered.split('\n').length, code.split('\n').length, 'the same lines');
      assert.deepEqual(valueOfE(lowered), valueOfE(typeScriptEmit(code)));
    });
  }

  it("import x = require('y'): a const of the same length", () => {
    const code = "import path = require('node:path');\nvar E = path.sep;";
    const lowered = strip(code);
    assert.equal(lowered.length, code.length);
    assert.equal(valueOfE(lowered.replace('require', '(() => ({ sep: "/" }))')), '/');
  });

  it('parameter properties: assigned in the constructor, after super(...), on the same lines', () => {
    const code = [
      'class A {',
      "  kind = 'a';",
      '  constructor(private readonly x: number, public y = 2, z?: number) {}',
      '}',
      'class B extends A {',
      '  constructor(protected w: string) {',
      '    super(w.length);',
      '  }',
      '}',
      'var E = [new A(1), new B("abc")];',
    ].join('\n');
    const lowered = strip(code);
    assert.equal(lowered.split('\n').length, code.split('\n').length);
    assert.deepEqual(valueOfE(lowered), valueOfE(typeScriptEmit(code)));
    // The keys in TypeScript's order too: the parameter properties first.
    assert.equal(JSON.stringify(valueOfE(lowered)), JSON.stringify(valueOfE(typeScriptEmit(code))));
    assert.deepEqual(valueOfE(lowered), [
      { x: 1, y: 2, kind: 'a' },
      { x: 3, y: 2, kind: 'a', w: 'abc' },
    ]);
  });
});

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

/** `E` and `E2` after the snippet runs (its `export` keywords dropped; `exports` for TypeScript's emit). */
function valuesOf(js: string): unknown {
  const box: { result?: string; exports: object } = { exports: {} };
  runInNewContext(
    `${js.replace(/^export /gm, '')}\nresult = JSON.stringify([E, typeof E2 === 'undefined' ? null : E2]);`,
    box,
  );
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

const NAMESPACES: [string, string][] = [
  [
    'a constant and a function using it',
    'namespace E {\n  export const k = 2;\n  export function twice(x: number): number {\n    return x * k;\n  }\n}\nvar E2 = E.twice(3);',
  ],
  [
    'types, a class, a private helper and an enum inside',
    [
      'namespace E {',
      '  export interface Shape { area(): number }',
      '  export type Id = string;',
      '  const half = (n: number) => n / 2;',
      '  export class Square implements Shape {',
      '    constructor(private side: number) {}',
      '    area(): number { return this.side * this.side; }',
      '  }',
      '  export enum Kind { A, B }',
      '  export const mid = half(10);',
      '}',
      'var E2 = [new E.Square(3).area(), E.Kind.B, E.Kind[1]];',
    ].join('\n'),
  ],
  [
    'exported, beside another',
    "export namespace E {\n  export let names: string[] = ['a'];\n}\nnamespace E {\n  export const more = 1;\n}",
  ],
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

  for (const [what, code] of NAMESPACES) {
    it(`a namespace: ${what}`, () => {
      const lowered = strip(code);
      assert.equal(lowered.split('\n').length, code.split('\n').length, 'the same lines');
      assert.deepEqual(valuesOf(lowered), valuesOf(typeScriptEmit(code)));
    });
  }

  it('a namespace inside a namespace is refused in one line', () => {
    assert.throws(
      () => strip('namespace A {\n  export namespace B {\n    export const c = 1;\n  }\n}'),
      /x\.ts:1: 'namespace A \{' is TypeScript that only runs compiled/,
    );
  });

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

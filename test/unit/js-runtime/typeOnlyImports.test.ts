// Names imported without `type` that only types use go, as TypeScript drops them
// (src/core/languages/javascript/typeOnlyImports.ts): each case's imports as TypeScript's own
// emit keeps them, on the file's own lines.
import { strict as assert } from 'node:assert';
import ts from 'typescript';
import { stripTypes } from '../../../src/core/languages/javascript/stripTypes';
import { loadParser } from '../../../src/core/parse/treeSitter';
import { DIST_DIR } from '../../support/paths';

/** The import statements of `js`, whitespace collapsed, in order. */
const importsOf = (js: string) =>
  js
    .split(';')
    .map((s) => s.replace(/\s+/g, ' ').replace(/, \}/g, ' }').trim())
    .filter((s) => s.startsWith('import '));

const typeScriptEmit = (code: string) =>
  ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;

const CASES: [string, string, string[]][] = [
  [
    'an interface beside a function',
    "import { Box, makeBox } from './box.js';\nconst b: Box = makeBox();",
    ["import { makeBox } from './box.js'"],
  ],
  ['types only: the import goes', "import { Box, Shape } from './box.js';\nlet b: Box | Shape;", []],
  ['a default only a type uses', "import Def, { y } from 'm';\nlet d: Def;\ny();", ["import { y } from 'm'"]],
  ['a namespace only types use', "import * as shapes from './shapes.js';\ntype T = shapes.Circle;", []],
  ['a side effect stays', "import './setup.js';\nlet n: number = 1;", ["import './setup.js'"]],
  [
    'a shorthand property is a use',
    "import { a } from 'm';\nexport const o = { a };",
    ["import { a } from 'm'"],
  ],
  [
    'an alias',
    "import { Box as B, make as m } from 'm';\nconst x: B = m();",
    ["import { make as m } from 'm'"],
  ],
  [
    'over several lines, the last name a type',
    "import {\n  parse,\n  format,\n  Options,\n} from './fmt.js';\nconst o: Options = {};\nformat(parse('x'), o);",
    ["import { parse, format } from './fmt.js'"],
  ],
];

describe('TypeScript imports of types without `type`', () => {
  let parser: Awaited<ReturnType<typeof loadParser>>;
  before(async () => {
    parser = await loadParser('typescript', DIST_DIR);
  });

  for (const [what, code, expected] of CASES) {
    it(what, () => {
      const js = stripTypes(code, 'x.ts', DIST_DIR, parser);
      assert.equal(js.split('\n').length, code.split('\n').length, 'the same lines');
      assert.deepEqual(importsOf(js), expected);
      assert.deepEqual(
        importsOf(js),
        importsOf(typeScriptEmit(code)).map((s) => s.replace(/"/g, "'")),
      );
    });
  }
});

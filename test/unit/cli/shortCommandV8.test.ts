// A short command's V8 flags (src/cli/shortCommandV8.ts): set, and no module of Node's own is
// loaded after them (it would compile without its code cache: 3x slower), for the commands that
// matter most: a JavaScript trace with the head start, a Python trace, and `ldb tests`.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';

const PRELOAD = join(__dirname, '..', '..', 'support', 'builtinsAfterFlags.cjs');

const FILES = {
  'add.js':
    "const assert = require('node:assert');\nfunction add(a, b) {\n  return a - b;\n}\nassert.equal(add(1, 2), 3);\n",
  'add.py': 'def add(a, b):\n    return a - b\n',
};

describe('ldb: V8 set up for a short command', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ldb-v8-'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const [what, argv] of [
    ['a JavaScript trace (head start)', ['trace', 'add.js', '--json']],
    ['a Python trace', ['trace', 'add.py', '--test', 'assert add(1, 2) == 3', '--json']],
    ['ldb tests', ['tests', 'add.js']],
  ] as const) {
    it(`loads none of Node's public modules after the flags: ${what}`, async () => {
      const out = join(dir, 'builtins.json');
      const run = await runCli([...argv], {
        cwd: dir,
        env: { NODE_OPTIONS: `--require ${PRELOAD}`, LDB_TEST_BUILTINS_OUT: out },
      });
      assert.ok(run.code === 0 || run.code === 1, run.stderr);
      const after = JSON.parse(readFileSync(out, 'utf8')) as string[] | null;
      assert.ok(after, 'the command set V8 flags');
      const publicModules = after
        .filter((m) => m.startsWith('NativeModule '))
        .map((m) => m.slice('NativeModule '.length))
        .filter((m) => !m.startsWith('internal/'));
      assert.deepEqual(publicModules, [], 'load these in shortCommandV8.ts before the flags');
    });
  }
});

// The module-graph check of `npm test` (`npm run lint:deps`: dependency-cruiser with
// .dependency-cruiser.mjs) fails when an import cycle or a layering break is added: run on a copy of
// src/ it passes, then fails once one type-only import closes a cycle; run on a small tree that
// breaks each rule once (beside imports that are allowed), it names exactly the breaks.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../../support/paths';

const CRUISER = join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = join(REPO_ROOT, '.dependency-cruiser.mjs');

/** A directory laid out like the repository: tsconfig.json and node_modules as the check sees them. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ldb-layering-'));
  cpSync(join(REPO_ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/**
 * Runs the check as `npm run lint:deps` does (the same config, the error reporter) on `src` in
 * `dir`. Each violation comes back on one line: `rule: a → b` (a cycle: `rule: a → b → a`).
 */
function check(dir: string): { code: number; violations: string[]; output: string } {
  const r = spawnSync(process.execPath, [CRUISER, '--config', CONFIG, '--output-type', 'err', 'src'], {
    cwd: dir,
    encoding: 'utf8',
  });
  assert.equal(r.error, undefined);
  const output = `${r.stdout}${r.stderr}`;
  const violations: string[] = [];
  for (const line of r.stdout.split('\n')) {
    const start = /^\s+(?:error|warn|info) ([\w-]+): (.*)$/.exec(line);
    if (start) violations.push(`${start[1]}: ${start[2].trim()}`);
    else if (line.trim() !== '' && violations.length > 0 && /^\s{4,}\S/.test(line))
      violations[violations.length - 1] += ` ${line.trim()}`;
  }
  return { code: r.status ?? 1, violations: violations.map((v) => v.replace(/\s+/g, ' ')).sort(), output };
}

describe('module graph check (npm run lint:deps)', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  const fresh = (): string => {
    const dir = workspace();
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  describe('on a copy of src/', () => {
    let dir: string;
    before(() => {
      dir = fresh();
      cpSync(join(REPO_ROOT, 'src'), join(dir, 'src'), { recursive: true });
    });

    it('passes as the code is', () => {
      const r = check(dir);
      assert.deepEqual(r.violations, [], r.output);
      assert.equal(r.code, 0, r.output);
    });

    it('fails once a type-only import closes a cycle (the context and the Testing view)', () => {
      // context.ts holds the Testing view's records; testController.ts needs the context.
      appendFileSync(
        join(dir, 'src/extension/context.ts'),
        "import type { LdbTestController } from './testController';\nexport type Controller = LdbTestController;\n",
      );
      const r = check(dir);
      assert.notEqual(r.code, 0, r.output);
      assert.ok(
        r.violations.includes(
          'no-circular: src/extension/context.ts → src/extension/testController.ts → src/extension/context.ts',
        ),
        r.output,
      );
      assert.ok(
        r.violations.every((v) => v.startsWith('no-circular: ')),
        r.output,
      );
    });
  });

  describe('on a tree that breaks each rule once', () => {
    let result: ReturnType<typeof check>;
    before(() => {
      const dir = fresh();
      write(dir, {
        // Allowed: the faces import the core, the extension imports vscode, run/ spawns.
        'src/core/model.ts': 'export type Id = string;\n',
        'src/core/run/sandbox.ts':
          "import { spawn } from 'node:child_process';\nexport const start = spawn;\n",
        'src/cli/main.ts': "import type { Id } from '../core/model';\nexport const id: Id = 'cli';\n",
        'src/extension/extension.ts':
          "import * as vscode from 'vscode';\nimport { start } from '../core/run/sandbox';\nexport const both = [vscode, start];\n",
        // Broken, one rule each.
        'src/core/trace/editor.ts': "import type * as vscode from 'vscode';\nexport type U = vscode.Uri;\n",
        'src/core/trace/face.ts':
          "import type { both } from '../../extension/extension';\nexport type B = typeof both;\n",
        'src/cli/ui.ts': "import { both } from '../extension/extension';\nexport const b = both;\n",
        'src/cli/plain.ts': "import * as vscode from 'vscode';\nexport const v = vscode;\n",
        'src/extension/shell.ts': "import { id } from '../cli/main';\nexport const i = id;\n",
        'src/core/llm/spawns.ts': "import { execFile } from 'child_process';\nexport const e = execFile;\n",
        'src/core/parse/builtin.ts': "export const cp = process.getBuiltinModule('node:child_process');\n",
        'src/extension/lazy.ts': "export const cp = () => import('node:child_process');\n",
        'src/core/source.ts':
          "import { Fixture } from '../../test/support/fixture';\nexport const f = Fixture;\n",
        'test/support/fixture.ts': 'export const Fixture = 1;\n',
        'src/core/debug/loop.ts': "import type { Part } from './part';\nexport type Loop = { part: Part };\n",
        'src/core/debug/part.ts':
          "import type { Loop } from './loop';\nexport type Part = { loop?: Loop };\n",
      });
      result = check(dir);
    });

    it('exits non-zero', () => {
      assert.notEqual(result.code, 0, result.output);
    });

    it('names exactly the breaks', () => {
      const vscodeTypes = /→ \S*node_modules\/@types\/vscode\/index\.d\.ts/;
      assert.deepEqual(
        result.violations.map((v) => v.replace(vscodeTypes, '→ vscode')),
        [
          'cli-not-to-extension: src/cli/ui.ts → src/extension/extension.ts',
          'cli-not-to-vscode: src/cli/plain.ts → vscode',
          'core-not-to-faces: src/core/trace/face.ts → src/extension/extension.ts',
          'core-not-to-vscode: src/core/trace/editor.ts → vscode',
          'extension-not-to-cli: src/extension/shell.ts → src/cli/main.ts',
          'no-circular: src/core/debug/loop.ts → src/core/debug/part.ts → src/core/debug/loop.ts',
          'only-run-spawns: src/core/llm/spawns.ts → child_process',
          'only-run-spawns: src/core/parse/builtin.ts → child_process',
          'only-run-spawns: src/extension/lazy.ts → child_process',
          'src-not-to-tests: src/core/source.ts → test/support/fixture.ts',
        ].sort(),
        result.output,
      );
    });
  });
});

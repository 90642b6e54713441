// The instrumenter on code no one here wrote: the JavaScript and TypeScript sources of packages
// installed with the project's dependencies. Every file that parses and defines a function must
// still parse once hooks are put in it (a brace put inside a comment, an empty body's end before
// its start: the kinds of slip this caught). TypeScript's own parser judges the syntax.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { prepareProgram } from '../../../src/core/languages/javascript/program';
import { loadProgram } from '../../../src/core/trace/tracing';
import { DIST_DIR, REPO_ROOT } from '../../support/paths';

/** Folders of installed packages (package-lock.json pins them): CommonJS, ES modules, TypeScript. */
const FOLDERS = [
  'diff/libcjs',
  'semver/functions',
  'commander/lib',
  'ajv/lib/compile',
  'zod/src/v4/core',
  'openai/src/internal',
  'minimatch/dist/esm',
  'undici/lib/web/fetch',
];
const SCRIPT = /\.[cm]?[jt]s$/;
const DECLARATIONS = /\.d\.[cm]?ts$/;

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return SCRIPT.test(e.name) && !DECLARATIONS.test(e.name) ? [path] : [];
  });
}

/** TypeScript's syntax errors in `code` (none: it parses). */
function syntaxErrors(code: string): string[] {
  const { diagnostics = [] } = ts.transpileModule(code, { reportDiagnostics: true });
  return diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

describe('js instrumenter on installed packages', function () {
  this.timeout(300_000);

  it('every function-defining file still parses with its hooks in', async () => {
    const files = FOLDERS.flatMap((f) => sources(join(REPO_ROOT, 'node_modules', f)));
    let checked = 0;
    const broken: string[] = [];
    for (const path of files) {
      let source;
      try {
        source = await loadProgram({ path, assets: { dir: DIST_DIR } });
      } catch {
        continue; // not readable as a program of ours (a namespace, say)
      }
      if (source.syntaxErrors.length > 0 || source.functions.length === 0) continue;
      const prepare = async (traced: boolean) =>
        (
          await prepareProgram({
            main: source,
            mainOptions: { traced, unit: 'block' },
            maxFiles: 1000,
            assetsDir: DIST_DIR,
          })
        ).program.main.code;
      let plain: string;
      try {
        plain = await prepare(false);
      } catch {
        continue; // TypeScript that does not erase: said in one line, tested elsewhere
      }
      if (syntaxErrors(plain).length > 0) continue;
      const errors = syntaxErrors(await prepare(true));
      checked++;
      if (errors.length > 0) broken.push(`${path}: ${errors[0]}`);
    }
    assert.deepEqual(broken, []);
    assert.ok(checked >= 120, `${checked} files checked of ${files.length}: are the packages installed?`);
  });
});

// Bundles the extension-host tests: test/host/index.ts (Mocha's programmatic run()) with every
// test/host/**/*.test.ts and Mocha itself into out/test/host/index.js, `vscode` left external.
// The test files reach the bundle through a generated module, `ldb:host-tests` (test/host/hostTests.d.ts).
// The source map goes beside it: VS Code's extension host installs its own Error.prepareStackTrace,
// which turns Node's source maps off, so runHostTests.mjs maps the stack frames it prints.
//
//   node scripts/vscode/buildHostTests.mjs [--outdir out/test/host]
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const hostDir = join(root, 'test', 'host');
const outIdx = process.argv.indexOf('--outdir');
const outdir = resolve(root, outIdx > 0 ? process.argv[outIdx + 1] : join('out', 'test', 'host'));

/**
 * @param {string} dir
 * @returns {string[]}
 */
function findTests(dir) {
  /** @type {string[]} */
  const found = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) found.push(...findTests(p));
    else if (e.name.endsWith('.test.ts')) found.push(p);
  }
  return found;
}

const files = findTests(hostDir)
  .map((f) => relative(hostDir, f).split(sep).join('/'))
  .sort();
if (files.length === 0) {
  console.error('buildHostTests: no test/host/**/*.test.ts found');
  process.exit(1);
}

/** @type {esbuild.Plugin} */
const hostTestsModule = {
  name: 'ldb-host-tests',
  setup(build) {
    build.onResolve({ filter: /^ldb:host-tests$/ }, () => ({
      path: 'ldb:host-tests',
      namespace: 'ldb-host-tests',
    }));
    build.onLoad({ filter: /.*/, namespace: 'ldb-host-tests' }, () => ({
      // require() inside the function: each file's top level runs when run() asks, after Mocha's
      // globals exist, not when the bundle loads.
      contents: [
        `exports.hostTestFiles = ${JSON.stringify(files)};`,
        'exports.loadHostTests = function (onFile) {',
        ...files.map((f) => `  onFile(${JSON.stringify(f)}); require(${JSON.stringify('./' + f)});`),
        '};',
      ].join('\n'),
      resolveDir: hostDir,
      loader: 'js',
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
const t0 = performance.now();
await esbuild.build({
  entryPoints: [join(hostDir, 'index.ts')],
  outfile: join(outdir, 'index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: 'linked',
  external: ['vscode'],
  plugins: [hostTestsModule],
  logLevel: 'warning',
  // Mocha's parallel mode (worker files found with require.resolve) is never used in the host.
  logOverride: { 'require-resolve-not-external': 'silent' },
});
console.log(
  `buildHostTests: ${files.length} file(s) -> ${relative(root, join(outdir, 'index.js'))} in ${Math.round(performance.now() - t0)} ms`,
);

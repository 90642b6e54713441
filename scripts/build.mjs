// Bundles the extension and the CLI with esbuild and copies the files they load at run time
// (tree-sitter wasm, the Python tracer runtime) next to the bundles, then checks they are there.
import * as esbuild from 'esbuild';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  readFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const finalDist = join(root, 'dist');
// Build beside dist/ and swap it in at the end: tests and benchmarks running from dist/ while a
// build happens keep a whole bundle under their feet.
const dist = join(root, `.dist-build-${process.pid}`);
const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'python'), { recursive: true });

// esbuild would pick web-tree-sitter's ESM build, which calls createRequire(import.meta.url) and
// breaks inside a CJS bundle: point the import at the package's own CJS file.
const webTreeSitterDir = dirname(require.resolve('web-tree-sitter/web-tree-sitter.wasm'));
const webTreeSitterCjs = join(webTreeSitterDir, 'web-tree-sitter.cjs');

const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const common = {
  define: { LDB_VERSION: JSON.stringify(version) },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: production ? false : 'linked',
  minify: production,
  external: ['vscode'],
  alias: { 'web-tree-sitter': webTreeSitterCjs },
  logLevel: 'warning',
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'src/extension/extension.ts')],
    outfile: join(dist, 'extension.js'),
  }),
  esbuild.build({
    ...common,
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: join(dist, 'cli.js'),
    banner: { js: '#!/usr/bin/env node' },
  }),
]);

const assets = [
  [require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'web-tree-sitter.wasm'],
  [require.resolve('tree-sitter-python/tree-sitter-python.wasm'), 'tree-sitter-python.wasm'],
  [require.resolve('tree-sitter-javascript/tree-sitter-javascript.wasm'), 'tree-sitter-javascript.wasm'],
  [require.resolve('tree-sitter-typescript/tree-sitter-typescript.wasm'), 'tree-sitter-typescript.wasm'],
  [require.resolve('tree-sitter-typescript/tree-sitter-tsx.wasm'), 'tree-sitter-tsx.wasm'],
];
for (const [from, name] of assets) copyFileSync(from, join(dist, name));

const runtimeDir = join(root, 'src/core/languages/python/runtime');
for (const name of readdirSync(runtimeDir)) {
  if (name.endsWith('.py')) copyFileSync(join(runtimeDir, name), join(dist, 'python', name));
}

// The build fails loudly when anything the bundles load at run time is missing.
const required = ['extension.js', 'cli.js', ...assets.map(([, name]) => name), 'python/ldb_tracer.py'];
const missing = required.filter((f) => !existsSync(join(dist, f)) || statSync(join(dist, f)).size === 0);
if (missing.length > 0) {
  console.error(`build: missing from dist/: ${missing.join(', ')}`);
  rmSync(dist, { recursive: true, force: true });
  process.exit(1);
}
writeFileSync(join(dist, 'build-info.json'), JSON.stringify({ version, production }) + '\n');
const old = join(root, `.dist-old-${process.pid}`);
if (existsSync(finalDist)) renameSync(finalDist, old);
renameSync(dist, finalDist);
rmSync(old, { recursive: true, force: true });

// Bundles the extension and the CLI with esbuild and copies the files they load at run time
// (tree-sitter wasm, the Python tracer runtime) next to the bundles, then checks they are there.
//   node scripts/build.mjs                 dist/ for tests and the CLI (with source maps)
//   node scripts/build.mjs --production    dist/ for the .vsix (minified, no source maps)
//   node scripts/build.mjs --watch         `npm run watch`: rebuilds dist/ in place on every change;
//                                          the "watch" task of .vscode/tasks.json reads its output
import * as esbuild from 'esbuild';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  watch as watchDir,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { readJson } from './readJson.mjs';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const finalDist = join(root, 'dist');
const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watching = process.argv.includes('--watch');

// esbuild would pick web-tree-sitter's ESM build, which calls createRequire(import.meta.url) and
// breaks inside a CJS bundle: point the import at the package's own CJS file.
const webTreeSitterDir = dirname(require.resolve('web-tree-sitter/web-tree-sitter.wasm'));
const webTreeSitterCjs = join(webTreeSitterDir, 'web-tree-sitter.cjs');

/**
 * Leaves the import of `from` out of a bundle: it loads `to` (another bundle beside it) at run time.
 * @param {string} from
 * @param {string} to
 * @returns {esbuild.Plugin}
 */
function ownBundle(from, to) {
  const filter = new RegExp(`^${from.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
  return {
    name: 'own-bundle',
    setup(build) {
      build.onResolve({ filter }, () => ({ path: to, external: true }));
    },
  };
}

/** js-tiktoken's cl100k rank table: src/core/llm/tokens.ts requires it when cl100k.index is unusable. */
const RANKS_MODULE = 'js-tiktoken/ranks/cl100k_base';

/** @type {{ version: string }} */
const { version } = readJson(join(root, 'package.json'));
/** @type {esbuild.BuildOptions} */
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

/**
 * The bundles, written into `outDir`.
 * @param {string} outDir
 * @returns {esbuild.BuildOptions[]}
 */
function bundles(outDir) {
  return [
    {
      ...common,
      entryPoints: [join(root, 'src/extension/extension.ts')],
      outfile: join(outDir, 'extension.js'),
    },
    // `ldb`: a launcher of a few kB that starts `ldb trace`'s child before the CLI's bundle is
    // compiled (src/cli/headStart.ts), then loads that bundle.
    {
      ...common,
      entryPoints: [join(root, 'src/cli/launcher.ts')],
      outfile: join(outDir, 'cli.js'),
      banner: { js: '#!/usr/bin/env node' },
      plugins: [ownBundle('./main.js', './ldb.js')],
    },
    // Every short command compiles this bundle (from V8's code cache) before it does anything:
    // what only some commands use is required from bundles of its own, beside it. The OpenAI SDK
    // (430 kB; `ldb debug` and `ldb bench` with a model) and js-tiktoken's rank table (1.1 MB; read
    // only when cl100k.index is unusable) made `ldb trace` of a small file ~6 ms slower
    // inlined, though never run there (measured side by side: 119 vs 112 ms).
    {
      ...common,
      entryPoints: [join(root, 'src/cli/main.ts')],
      outfile: join(outDir, 'ldb.js'),
      plugins: [
        ownBundle('./commands/mcp.js', './mcp.js'),
        ownBundle('openai', './openai.js'),
        ownBundle(RANKS_MODULE, './cl100k_ranks.js'),
      ],
    },
    {
      ...common,
      stdin: {
        contents: "export * from 'openai';\nexport { default } from 'openai';\n",
        resolveDir: root,
        sourcefile: 'openai-bundle.js',
      },
      outfile: join(outDir, 'openai.js'),
    },
    {
      ...common,
      sourcemap: false,
      entryPoints: [require.resolve(RANKS_MODULE)],
      outfile: join(outDir, 'cl100k_ranks.js'),
    },
    // `ldb mcp` with the MCP SDK: its own bundle, so that the other commands do not parse the SDK.
    {
      ...common,
      entryPoints: [join(root, 'src/cli/commands/mcp.ts')],
      outfile: join(outDir, 'mcp.js'),
    },
    // The TypeScript stripper (with the TypeScript parser it needs) is loaded only for .ts files.
    {
      ...common,
      sourcemap: false,
      minify: true,
      entryPoints: [join(root, 'src/core/languages/javascript/tsStripBundle.mts')],
      outfile: join(outDir, 'javascript', 'ldb_ts_strip.cjs'),
    },
  ];
}

/** @type {[from: string, name: string][]} */
const assets = [
  [require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'web-tree-sitter.wasm'],
  [require.resolve('tree-sitter-python/tree-sitter-python.wasm'), 'tree-sitter-python.wasm'],
  [require.resolve('tree-sitter-javascript/tree-sitter-javascript.wasm'), 'tree-sitter-javascript.wasm'],
  [require.resolve('tree-sitter-typescript/tree-sitter-typescript.wasm'), 'tree-sitter-typescript.wasm'],
  [require.resolve('tree-sitter-typescript/tree-sitter-tsx.wasm'), 'tree-sitter-tsx.wasm'],
];
const runtimeDir = join(root, 'src/core/languages/python/runtime');
const jsRuntimeDir = join(root, 'src/core/languages/javascript/runtime');

/**
 * Copies the wasm files and the Python runtime into `outDir` (its python/ folder must exist).
 * @param {string} outDir
 */
function copyAssets(outDir) {
  for (const [from, name] of assets) copyFileSync(from, join(outDir, name));
  for (const name of readdirSync(runtimeDir)) {
    if (name.endsWith('.py')) copyFileSync(join(runtimeDir, name), join(outDir, 'python', name));
  }
  mkdirSync(join(outDir, 'javascript'), { recursive: true });
  for (const name of readdirSync(jsRuntimeDir)) {
    if (/\.(cjs|mjs)$/.test(name)) copyFileSync(join(jsRuntimeDir, name), join(outDir, 'javascript', name));
  }
}

/**
 * Writes the index of the cl100k rank table into `outDir`: the table hashed once here rather than
 * at every `ldb trace` (src/core/llm/cl100k.ts reads it for the same bundled table, or hashes the
 * table itself when it is missing or was built from another).
 * @param {string} outDir
 */
async function writeTokenizerIndex(outDir) {
  const indexer = await esbuild.build({
    ...common,
    sourcemap: false,
    entryPoints: [join(root, 'scripts/tokenizerIndex.ts')],
    write: false,
  });
  const script = join(outDir, 'tokenizer-index.cjs');
  writeFileSync(script, indexer.outputFiles?.[0]?.text ?? '');
  try {
    execFileSync(process.execPath, [script, join(outDir, 'cl100k.index')]);
  } finally {
    rmSync(script);
  }
}

/**
 * Rewrites the few characters above ASCII that esbuild leaves in a bundle (in comments and regular
 * expressions) as \u escapes, the same program: the launcher reads an all-ASCII bundle ten times
 * faster than one it must decode as UTF-8 (src/core/run/codeCache.ts).
 * @param {string} file
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  const escaped = text.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if (escaped !== text) writeFileSync(file, escaped);
}

if (watching) await watch();
else await buildOnce();

async function buildOnce() {
  // Build beside dist/ and swap it in at the end: tests and benchmarks running from dist/ while a
  // build happens keep a whole bundle under their feet.
  const dist = join(root, `.dist-build-${process.pid}`);
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(join(dist, 'python'), { recursive: true });
  await Promise.all(bundles(dist).map((options) => esbuild.build(options)));
  asciiOnly(join(dist, 'ldb.js'));
  asciiOnly(join(dist, 'javascript', 'ldb_ts_strip.cjs'));
  copyAssets(dist);
  await writeTokenizerIndex(dist);

  // The build fails loudly when anything the bundles load at run time is missing.
  const required = [
    'extension.js',
    'cli.js',
    'ldb.js',
    'mcp.js',
    'openai.js',
    'cl100k_ranks.js',
    ...assets.map(([, name]) => name),
    'python/ldb_tracer.py',
    'cl100k.index',
    'javascript/ldb_js_run.cjs',
    'javascript/ldb_ts_strip.cjs',
  ];
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
}

/**
 * Rebuilds the bundles into dist/ whenever a file they include changes, and copies the Python
 * runtime when one of its files changes. Every round of rebuilding prints `build: started`, one
 * line per problem (`file:line:column: error: text`) and `build: finished, N error(s)`: the
 * problem matcher of .vscode/tasks.json reads exactly these lines.
 */
async function watch() {
  mkdirSync(join(finalDist, 'python'), { recursive: true });
  copyAssets(finalDist);
  await writeTokenizerIndex(finalDist);
  writeFileSync(join(finalDist, 'build-info.json'), JSON.stringify({ version, production: false }) + '\n');
  let building = 0;
  let errors = 0;
  /** @type {esbuild.Plugin} */
  const report = {
    name: 'ldb-watch-report',
    setup(build) {
      build.onStart(() => {
        if (building++ === 0) {
          errors = 0;
          console.log('build: started');
        }
      });
      build.onEnd((result) => {
        for (const [severity, messages] of /** @type {const} */ ([
          ['error', result.errors],
          ['warning', result.warnings],
        ])) {
          for (const m of messages) {
            const where = m.location
              ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: `
              : '';
            console.log(`${where}${severity}: ${m.text}`);
          }
        }
        errors += result.errors.length;
        if (--building === 0) console.log(`build: finished, ${errors} error(s)`);
      });
    },
  };
  const contexts = await Promise.all(
    // esbuild's own report would say each problem a second time, over several lines.
    bundles(finalDist).map((options) =>
      esbuild.context({ ...options, logLevel: 'silent', plugins: [report] }),
    ),
  );
  await Promise.all(contexts.map((context) => context.watch()));
  watchDir(runtimeDir, (_event, name) => {
    if (name?.endsWith('.py') && existsSync(join(runtimeDir, name))) {
      copyFileSync(join(runtimeDir, name), join(finalDist, 'python', name));
      console.log(`build: copied ${name} to dist/python/`);
    }
  });
  console.log('build: watching src/ (Ctrl+C stops)');
}

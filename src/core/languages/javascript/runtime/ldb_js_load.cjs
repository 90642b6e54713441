// Loading the program from its instrumented copies: the main file (the one the test is appended
// to) and the files it imports, each under its own path, so that relative requires and imports,
// stack traces and `import.meta.url` are the file's. CommonJS: the loader's per-extension
// compilers are wrapped (a file of the program compiles its copy) and resolution looks up the
// specifiers the parent resolved first (`./x.js` naming `x.ts`). ES modules: load hooks
// (ldb_js_hooks.mjs, module.register, Node 20.6+) do the same on the module loader's thread.
'use strict';
const path = require('node:path');
const Module = require('node:module');
const { pathToFileURL } = require('node:url');

/** @typedef {import('./ldb_js_types').Config} Config */
/** @typedef {import('./ldb_js_types').ProgramFile} ProgramFile */

/**
 * The parts of Node's CommonJS loader this file wraps (internal, stable since Node 12).
 * @typedef {{
 *   _compile(code: string, file: string): unknown;
 *   id: string;
 *   filename: string;
 *   paths: string[];
 *   loaded: boolean;
 * }} LoadedModule
 * @typedef {{
 *   new (id: string, parent: unknown): LoadedModule;
 *   _load: (this: unknown, request: string, parent: LoadedModule | undefined, isMain: boolean) => unknown;
 *   _resolveFilename: (this: unknown, request: string, parent: LoadedModule | undefined, ...rest: unknown[]) => string;
 *   _nodeModulePaths(dir: string): string[];
 *   _cache: Record<string, LoadedModule>;
 *   _extensions: Record<string, (module: LoadedModule, file: string) => void>;
 *   register?: (specifier: string, options: { data: unknown, transferList?: unknown[] }) => void;
 * }} CjsLoader
 */
const loader = /** @type {CjsLoader} */ (/** @type {unknown} */ (Module));

/** Extensions a file of the program may have; TypeScript ones are compiled from their erased copy. */
const EXTENSIONS = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.jsx', '.tsx'];

/**
 * @param {Config} config
 * @param {unknown} nodeTest the runtime's node:test, given to the main file instead of Node's
 */
function installCommonJs(config, nodeTest) {
  /** @type {Map<string, ProgramFile>} */
  const copies = new Map(config.modules.map((m) => [m.file, m]));
  const main = config.main.file;
  const compileCopy = (/** @type {LoadedModule} */ module, /** @type {string} */ file) => {
    const copy = copies.get(file);
    if (copy === undefined) return false;
    module._compile(copy.code, file);
    return true;
  };
  for (const ext of EXTENSIONS) {
    const compile = loader._extensions[ext] ?? loader._extensions['.js'];
    loader._extensions[ext] = function (module, file) {
      if (!compileCopy(module, file)) compile.call(this, module, file);
    };
  }
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request, parent, ...rest) {
    const named = parent && config.resolve[parent.filename]?.[request];
    return named ?? resolve.call(this, request, parent, ...rest);
  };
  const load = loader._load;
  loader._load = function (request, parent, isMain) {
    if ((request === 'node:test' || request === 'test') && parent && parent.filename === main)
      return nodeTest;
    return load.call(this, request, parent, isMain);
  };
}

/** @param {ProgramFile} main */
function loadCommonJsMain(main) {
  const m = new loader(main.file, null);
  m.filename = main.file;
  // The program is the main module, as with `node FILE`: `require.main === module` holds.
  m.id = '.';
  process.mainModule = /** @type {NodeJS.Module} */ (/** @type {unknown} */ (m));
  m.paths = loader._nodeModulePaths(path.dirname(main.file));
  loader._cache[main.file] = m;
  m._compile(main.code, main.file);
  m.loaded = true;
}

/** The hooks' module, for module.register. */
const HOOKS_URL = pathToFileURL(path.join(__dirname, 'ldb_js_hooks.mjs')).href;

/**
 * What the ES module hooks are given: every ES module of the program (and, for an ES main file,
 * itself) as its copy, the CommonJS files, and the specifiers the parent resolved.
 * @param {Config} config
 */
function hookData(config) {
  /** @type {Record<string, string>} ES modules' copies, by URL */
  const sources = {};
  /** @type {string[]} CommonJS files of the program: the CommonJS loader compiles their copies */
  const commonJs = [];
  for (const f of [config.main, ...config.modules]) {
    if (f.esm) sources[pathToFileURL(f.file).href] = f.code;
    else commonJs.push(pathToFileURL(f.file).href);
  }
  /** @type {Record<string, Record<string, string>>} */
  const resolved = {};
  for (const [from, specifiers] of Object.entries(config.resolve)) {
    /** @type {Record<string, string>} */
    const urls = {};
    for (const [specifier, to] of Object.entries(specifiers)) urls[specifier] = pathToFileURL(to).href;
    resolved[pathToFileURL(from).href] = urls;
  }
  return {
    mainUrl: pathToFileURL(config.main.file).href,
    sources,
    commonJs,
    resolved,
    testUrl: pathToFileURL(path.join(__dirname, 'ldb_js_node_test.mjs')).href,
  };
}

function registerOrFail() {
  if (typeof loader.register !== 'function')
    throw new Error('tracing an ES module needs Node 20.6 or later (module.register)');
  return loader.register;
}

/**
 * Starts the hooks' thread before the program is known: module.register waits ~45 ms for it, which
 * this way passes while the parent still prepares the program. The hooks wait for their data
 * on the port this returns (loadProgram posts it); undefined where there is no module.register.
 * @returns {import('node:worker_threads').MessagePort | undefined}
 */
function startHooksEarly() {
  if (typeof loader.register !== 'function') return undefined;
  const { port1, port2 } = new MessageChannel();
  loader.register(HOOKS_URL, { data: { port: port2 }, transferList: [port2] });
  port1.unref(); // the program's own event loop decides when the process ends
  return /** @type {import('node:worker_threads').MessagePort} */ (/** @type {unknown} */ (port1));
}

/**
 * Loads the program: its main file runs, and with it what it imports.
 * @param {Config} config
 * @param {unknown} nodeTest
 * @param {import('node:worker_threads').MessagePort | undefined} early the port of hooks started early (startHooksEarly)
 */
async function loadProgram(config, nodeTest, early) {
  installCommonJs(config, nodeTest);
  // Hooks started early are always given their data: until then, every import waits for it. A
  // main file the sandbox shows in place of its file (process.ts) needs none.
  if (early !== undefined) early.postMessage(hookData(config));
  else if ((config.main.esm && !config.main.shown) || config.modules.some((m) => m.esm))
    registerOrFail()(HOOKS_URL, { data: hookData(config) });
  if (config.main.esm) await import(pathToFileURL(config.main.file).href);
  else loadCommonJsMain(config.main);
}

module.exports = { loadProgram, startHooksEarly };

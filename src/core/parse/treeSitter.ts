// Loads web-tree-sitter and a grammar from a wasm directory the caller passes in (the bundle's own
// dist/ in the CLI and the extension, the built dist/ in tests): guessing it from the environment
// breaks as soon as the code is bundled or installed somewhere else.
//
// Start-up cost matters here: `ldb trace` is one short process, and its child Python waits for the
// parse. So the runtime's wasm and the grammar's wasm are read and compiled at the same time (V8
// compiles on background threads, the main thread stays free), instead of the grammar only after
// the runtime is up; compiling starts as soon as the parser is asked for; and web-tree-sitter's
// own JavaScript is evaluated after that, not when this module loads, so that a caller can start
// its child process in between.
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import {
  compileWasm,
  grammarWasm,
  runtimeWasm,
  wasm,
  type Grammar,
  type WasmInstance,
  type WasmModule,
} from './wasmFiles';

export type { Grammar } from './wasmFiles';

type TreeSitter = typeof import('web-tree-sitter');

// Parser.init instantiates the Emscripten module once per process; later calls reuse it. The
// first wasm directory wins for the runtime itself, which is fine: every dist/ ships the same one.
let runtime: Promise<TreeSitter> | undefined;
const parsers = new Map<string, Promise<Parser>>();

/**
 * A parser for `language`, cached per (wasmDir, language). Parsers are not re-entrant, but
 * `parse` is synchronous, so sharing one per language within a process is safe. Calling it early
 * (and not awaiting) starts the loading in the background.
 */
export function loadParser(language: Grammar, wasmDir: string): Promise<Parser> {
  const key = `${path.resolve(wasmDir)}\0${language}`;
  let parser = parsers.get(key);
  if (!parser) {
    parser = createParser(language, wasmDir);
    // A failed load (wrong directory, missing file) must not poison the cache for a later retry.
    parser.catch(() => parsers.delete(key));
    parsers.set(key, parser);
  }
  return parser;
}

async function createParser(language: Grammar, wasmDir: string): Promise<Parser> {
  const grammar = compileWasm(grammarWasm(language, wasmDir));
  grammar.catch(() => undefined); // reported where it is awaited, below
  runtime ??= initRuntime(wasmDir).catch((e: unknown) => {
    runtime = undefined;
    throw e;
  });
  const { Language, Parser } = await runtime;
  const parser = new Parser();
  parser.setLanguage(Language.loadSync(await grammar));
  return parser;
}

async function initRuntime(wasmDir: string): Promise<TreeSitter> {
  const compiled = compileWasm(runtimeWasm(wasmDir));
  compiled.catch(() => undefined); // reported through `failed`
  // web-tree-sitter's JavaScript is evaluated once the wasm is compiled, not before: a caller that
  // preloads the parser and then starts a process gets its process started first.
  await compiled.catch(() => undefined);
  const treeSitter = await import('web-tree-sitter');
  // Emscripten's hook takes no error callback: a failure to compile or link would leave init
  // waiting forever, so it is raced against.
  let fail!: (e: unknown) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  const init = treeSitter.Parser.init({
    locateFile: (file: string) => path.join(wasmDir, file),
    instantiateWasm(imports: object, done: (instance: WasmInstance, module: WasmModule) => void) {
      compiled.then(async (module) => done(await wasm.instantiate(module, imports), module)).catch(fail);
      return {};
    },
  });
  await Promise.race([init, failed]);
  return treeSitter;
}

// Loads web-tree-sitter and a grammar from a wasm directory the caller passes in (the bundle's own
// dist/ in the CLI and the extension, the built dist/ in tests): guessing it from the environment
// breaks as soon as the code is bundled or installed somewhere else.
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

/** The grammars the bundle ships (TypeScript with JSX needs a grammar of its own). */
export type Grammar = 'python' | 'javascript' | 'typescript' | 'tsx';

const GRAMMAR_FILE: Record<Grammar, string> = {
  python: 'tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};

// Parser.init instantiates the Emscripten module once per process; later calls reuse it. The
// first wasm directory wins for the runtime itself, which is fine: every dist/ ships the same one.
let runtime: Promise<void> | undefined;
const parsers = new Map<string, Promise<Parser>>();

/**
 * A parser for `language`, cached per (wasmDir, language). Parsers are not re-entrant, but
 * `parse` is synchronous, so sharing one per language within a process is safe.
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
  runtime ??= Parser.init({ locateFile: (file: string) => path.join(wasmDir, file) }).catch((e: unknown) => {
    runtime = undefined;
    throw e;
  });
  await runtime;
  const grammar = await Language.load(path.join(wasmDir, GRAMMAR_FILE[language]));
  const parser = new Parser();
  parser.setLanguage(grammar);
  return parser;
}

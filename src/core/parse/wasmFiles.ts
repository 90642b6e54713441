// The shipped wasm files (tree-sitter's runtime and one per grammar), read and compiled. V8
// compiles on background threads, so compiling can start long before a parser is needed: `ldb
// trace` starts it before the rest of the CLI is loaded and hands the compiles over (adoptCompiles).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The grammars the bundle ships (TypeScript with JSX needs a grammar of its own). */
export type Grammar = 'python' | 'javascript' | 'typescript' | 'tsx';

const GRAMMAR_FILE: Record<Grammar, string> = {
  python: 'tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};

const RUNTIME_FILE = 'web-tree-sitter.wasm';

/** The part of the WebAssembly global used here (@types/node 20 does not declare it). */
export interface WasmModule {
  readonly compiled: unique symbol;
}
export interface WasmInstance {
  readonly instantiated: unique symbol;
}
export const wasm = (
  globalThis as unknown as {
    WebAssembly: {
      compile(bytes: Uint8Array): Promise<WasmModule>;
      instantiate(module: WasmModule, imports: object): Promise<WasmInstance>;
    };
  }
).WebAssembly;

export function runtimeWasm(wasmDir: string): string {
  return path.resolve(wasmDir, RUNTIME_FILE);
}

export function grammarWasm(grammar: Grammar, wasmDir: string): string {
  return path.resolve(wasmDir, GRAMMAR_FILE[grammar]);
}

/** Compiles started elsewhere in this process, by absolute path; each is used once. */
const adopted = new Map<string, Promise<WasmModule>>();

/** Starts compiling files now (read at once, a few hundred KB from the page cache). */
export function startCompiles(files: readonly string[]): Map<string, Promise<WasmModule>> {
  const compiles = new Map<string, Promise<WasmModule>>();
  for (const file of files) {
    const compiling = compileNow(file);
    compiling.catch(() => undefined); // reported to whoever adopts it, or compiled again
    compiles.set(path.resolve(file), compiling);
  }
  return compiles;
}

/** Takes over compiles another copy of this module started (the CLI's launcher bundle). */
export function adoptCompiles(compiles: ReadonlyMap<string, Promise<WasmModule>>): void {
  for (const [file, compiling] of compiles) adopted.set(file, compiling);
}

/** The compiled module of a wasm file: an adopted compile when there is one, else compiled now. */
export function compileWasm(file: string): Promise<WasmModule> {
  const key = path.resolve(file);
  const early = adopted.get(key);
  if (early === undefined) return compileNow(file);
  adopted.delete(key);
  // An early compile that failed (say, the file changed under it) is retried once, here.
  return early.catch(() => compileNow(file));
}

async function compileNow(file: string): Promise<WasmModule> {
  return wasm.compile(readFileSync(file));
}

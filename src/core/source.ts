// From a file's text to a SourceFile: functions cut into blocks, syntax errors, tests found.
// Parsing never throws on bad code (errors are reported in `syntaxErrors`); reading a file that is
// not source text (missing, a directory, binary) is bad input, reported as one clear line.
import { readFile, stat } from 'node:fs/promises';
import { badInput, isLdbError } from './errors';
import { languageById, languageForPath, languageForPathOrDefault } from './languages/registry';
import type { LanguageSupport } from './languages/support';
import type { SourceFile } from './model';
import { grammarForPath } from './parse/grammars';
import { treeSyntaxErrors } from './parse/syntaxErrors';
import { loadParser, type Grammar } from './parse/treeSitter';
import { keepTree } from './parse/treeCache';

export interface ParseSourceOptions {
  path: string;
  text: string;
  /** A language id (SourceFile.language); taken from the extension when absent. */
  language?: string;
  /** Directory holding web-tree-sitter.wasm and the grammar wasm files (the bundle's dist/). */
  wasmDir: string;
}

/** How a file is read: by a language support, or by a shipped grammar alone (syntax errors only). */
function readerFor(opts: ParseSourceOptions): {
  support?: LanguageSupport;
  grammar: Grammar;
  language: string;
} {
  if (opts.language !== undefined) {
    const support = languageById(opts.language);
    return { support, grammar: support.grammarFor(opts.path), language: support.id };
  }
  const support = languageForPath(opts.path);
  if (support) return { support, grammar: support.grammarFor(opts.path), language: support.id };
  const known = grammarForPath(opts.path);
  if (known) return { grammar: known.grammar, language: known.language };
  const fallback = languageForPathOrDefault(opts.path);
  return { support: fallback, grammar: fallback.grammarFor(opts.path), language: fallback.id };
}

/** The language id a file is read as (SourceFile.language). */
export function languageOf(file: string): string {
  return readerFor({ path: file, text: '', wasmDir: '' }).language;
}

/**
 * Starts loading the parser a file will need, without waiting: its wasm compiles on V8's
 * background threads while the caller does other work (say, starts an interpreter).
 */
export function preloadParser(file: string, wasmDir: string): void {
  loadParser(readerFor({ path: file, text: '', wasmDir }).grammar, wasmDir).catch(() => undefined); // reported when parsing
}

export async function parseSource(opts: ParseSourceOptions): Promise<SourceFile> {
  const { support, grammar, language } = readerFor(opts);
  // The BOM is not part of the program (CPython and Node skip it); CRLF stays: tree-sitter counts
  // lines by '\n', as the runtimes do, so line numbers agree either way.
  const text = opts.text.charCodeAt(0) === 0xfeff ? opts.text.slice(1) : opts.text;
  const parser = await loadParser(grammar, opts.wasmDir);
  // wasmDir is the bundle's dist/: every asset a language loads is there.
  const tree = support?.parse ? support.parse(parser, text, opts.path, opts.wasmDir) : parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree'); // only when no language is set: a bug of ours
  try {
    if (support) return { path: opts.path, language, text, ...support.analyze(tree.rootNode, text, parser) };
    // A grammar without a language support: syntax errors only.
    const syntaxErrors = treeSyntaxErrors(tree.rootNode, text);
    return { path: opts.path, language, text, functions: [], syntaxErrors, tests: [] };
  } finally {
    keepTree(grammar, text, tree); // the runtime's copy of the program may need it next
  }
}

/** Reads and parses a file; a file that cannot be read as source text is bad input. */
export async function readSource(file: string, wasmDir: string): Promise<SourceFile> {
  preloadParser(file, wasmDir); // compiles while the file is read
  return parseSource({ path: file, text: await readSourceText(file), wasmDir });
}

/** A file's text as a program's source; a file that cannot be read as source text is bad input. */
export async function readSourceText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw badInput(`cannot read ${file}: it is a directory`);
    // A FIFO or a device would block the read (or never end): only regular files are programs.
    if (!info.isFile()) throw badInput(`cannot read ${file}: not a regular file (a FIFO, device or socket)`);
    bytes = await readFile(file);
  } catch (e) {
    if (isLdbError(e)) throw e;
    throw badInput(`cannot read ${file}: ${describeFsError(e)}`);
  }
  // CPython refuses source with NUL bytes; so do we, and that is also how binary files look.
  if (bytes.includes(0)) throw badInput(`cannot read ${file}: binary file (contains NUL bytes)`);
  const encoding = declaredEncoding(bytes) ?? 'utf-8';
  // ISO-8859-1 decodes every byte; WHATWG's "latin1" label would mean windows-1252 instead.
  if (encoding === 'iso-8859-1') return bytes.toString('latin1');
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw badInput(`cannot read ${file}: not valid ${encoding} text`);
  }
}

/** PEP 263: `# -*- coding: latin-1 -*-` on line 1 or 2, when Node can decode that encoding. */
function declaredEncoding(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 400).toString('latin1').split(/\r?\n/, 2);
  for (const line of head) {
    const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(line);
    if (!m) continue;
    // Python's codec names (latin_1, utf_8, iso8859_15) to WHATWG labels.
    const name = (m[1] ?? '').toLowerCase().replace(/_/g, '-');
    if (/^(latin-?1|l1|iso-?8859-1|iso-ir-100|8859)$/.test(name)) return 'iso-8859-1';
    if (/^utf-?8(-sig)?$/.test(name)) return 'utf-8';
    try {
      return new TextDecoder(name.replace(/^iso(?=\d)/, 'iso-')).encoding;
    } catch {
      return undefined; // unknown to Node: read as UTF-8, which is what most such files are
    }
  }
  return undefined;
}

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

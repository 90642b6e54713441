// What a command works on: a document of a language LDB reads, parsed, and the function at the cursor (or the one a
// CodeLens or the Testing view named). Anything missing is bad input, said in one line.
import * as vscode from 'vscode';
import { badInput } from '../core/errors';
import { allLanguages, languageForEditor } from '../core/languages/registry';
import type { FunctionInfo, SourceFile } from '../core/model';
import type { ParseCache } from './parse';

/**
 * The documents LDB works on: files on disk of a language it reads (it runs them as files, beside
 * their modules), not unsaved buffers, diffs' proposal side (`ldb-fix:`) or other versions (`git:`).
 */
export const SOURCE_FILES: vscode.DocumentFilter[] = allLanguages().flatMap((l) =>
  l.editorLanguageIds.map((language) => ({ language, scheme: 'file' })),
);

/** The editor language ids of those documents (the menus' `ldb.languageIds`). */
export const LANGUAGE_IDS: readonly string[] = allLanguages().flatMap((l) => l.editorLanguageIds);

/** Whether LDB reads this document: a file on disk of a language it supports. */
export function isSourceDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && languageForEditor(document.languageId) !== undefined;
}

/** "Python" (or "Python or JavaScript"): the languages LDB reads, for messages. */
const LANGUAGE_NAMES = inWords(allLanguages().map((l) => l.words.name));

/** `a`, `a or b`, `a, b or c`. */
function inWords(names: string[]): string {
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** What CodeLens, the Testing view and tests pass to the commands. */
export interface TargetArgs {
  uri?: string | vscode.Uri;
  /** Qualified function name. */
  function?: string;
  /** 1-based line; default: the cursor's. */
  line?: number;
  /** Only these test ids (from the Testing view). */
  tests?: string[];
}

export interface Target {
  document: vscode.TextDocument;
  source: SourceFile;
  fn: FunctionInfo;
  /** Workspace-relative name, for messages. */
  name: string;
  /** The document's version and text that `source` was parsed from. */
  version: number;
  text: string;
}

export function asTargetArgs(arg: unknown): TargetArgs {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (arg && typeof arg === 'object') return arg;
  return {};
}

export async function documentFor(args: TargetArgs): Promise<vscode.TextDocument> {
  if (args.uri !== undefined) {
    const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
    return vscode.workspace.openTextDocument(uri);
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw badInput(`open a ${LANGUAGE_NAMES} file and put the cursor in the function to debug`);
  return editor.document;
}

function innermostAt(source: SourceFile, line: number): FunctionInfo | undefined {
  return source.functions
    .filter((f) => f.startLine <= line && line <= f.endLine)
    .sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine))[0];
}

export async function resolveTarget(parse: ParseCache, args: TargetArgs): Promise<Target> {
  const document = await documentFor(args);
  const name = vscode.workspace.asRelativePath(document.uri);
  const language = languageForEditor(document.languageId);
  if (language === undefined) {
    throw badInput(`${name} is not a ${LANGUAGE_NAMES} file: LDB traces functions in those languages`);
  }
  if (document.uri.scheme !== 'file') {
    const kind = language.words.name;
    throw badInput(
      document.uri.scheme === 'untitled'
        ? `${name} is not saved: LDB traces ${kind} files on disk, so save it as a ${language.extensions[0]} file first`
        : `${name} is a ${document.uri.scheme}: document, not a file on disk: LDB traces ${kind} files on disk`,
    );
  }
  // Read in the same tick as the parse starts: the version and text `source` is of.
  const version = document.version;
  const text = document.getText();
  const source = await parse.source(document);
  const syntax = source.syntaxErrors[0];
  if (syntax) {
    // The core's message may already say where; say it once.
    const why = syntax.message.replace(/^syntax error at \d+:\d+:\s*/, '');
    throw badInput(`${name} has a syntax error at ${syntax.line}:${syntax.column} (${why}): fix it first`);
  }
  if (args.function !== undefined) {
    const fn = source.functions.find((f) => f.qualifiedName === args.function);
    if (!fn) throw badInput(`${name} has no function ${args.function} (any more?)`);
    return { document, source, fn, name, version, text };
  }
  const editor = vscode.window.activeTextEditor;
  const line =
    args.line ??
    (editor && editor.document.uri.toString() === document.uri.toString()
      ? editor.selection.active.line + 1
      : undefined);
  if (line === undefined) throw badInput(`put the cursor in a function of ${name}`);
  const fn = innermostAt(source, line);
  if (!fn) {
    const known = source.functions.filter((f) => f.parent === undefined).map((f) => f.name);
    throw badInput(
      `no function at the cursor (${name}, line ${line}): put the cursor inside a def` +
        (known.length > 0 ? ` (${known.join(', ')})` : `; ${name} defines none`),
    );
  }
  return { document, source, fn, name, version, text };
}

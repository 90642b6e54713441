// The program a JavaScript run loads, prepared in the parent: the file the test is appended to and
// every file of the project it imports (directly or not), each as the runtime loads it instead of
// the file on disk (instrumented when traced, TypeScript erased), whether Node reads it as an ES
// module, and which file each relative specifier names (so that `./x.js` finds `x.ts`). The files
// on disk are never written.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { badInput } from '../../errors';
import type { SourceFile, TestCase } from '../../model';
import { loadParser, type Grammar } from '../../parse/treeSitter';
import { importSpecifiers, importsRelative, resolveSpecifier } from './imports';
import { instrument, type InstrumentOptions } from './instrument';
import { stripTypes } from './stripTypes';

/** One file as the runtime loads it (runtime/ldb_js_types.d.ts, ProgramFile). */
export interface ProgramFile {
  file: string;
  code: string;
  esm: boolean;
}

/** The part of the runtime's config that is the program (runtime/ldb_js_types.d.ts, Config). */
export interface JsProgram {
  main: ProgramFile;
  modules: ProgramFile[];
  resolve: Record<string, Record<string, string>>;
  rel: Record<string, string>;
}

export function isTypeScriptPath(path: string): boolean {
  return /\.[cm]?tsx?$/i.test(path);
}

export function grammarOf(path: string): Grammar {
  return /\.tsx$/i.test(path) ? 'tsx' : isTypeScriptPath(path) ? 'typescript' : 'javascript';
}

interface PreparedFile {
  file: ProgramFile;
  /** Relative specifier -> the project file it names. */
  resolved: Record<string, string>;
}

/** One file's copy: instrumented as `options` say (a test appended when given), types erased. */
async function prepareFile(
  source: Pick<SourceFile, 'path' | 'text' | 'functions'>,
  test: TestCase | undefined,
  options: InstrumentOptions | undefined,
  assetsDir: string,
): Promise<PreparedFile> {
  const parser = await loadParser(grammarOf(source.path), assetsDir);
  const tree = parser.parse(source.text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  let code: string;
  let esm: boolean;
  const resolved: Record<string, string> = {};
  try {
    const root = tree.rootNode;
    code =
      options === undefined
        ? source.text
        : instrument(root, parser, { ...source, language: '', syntaxErrors: [], tests: [] }, test, options)
            .code;
    esm = isEsm(
      source.path,
      root.namedChildren.some((c) => c?.type === 'import_statement' || c?.type === 'export_statement'),
    );
    if (importsRelative(source.text))
      for (const specifier of importSpecifiers(root)) {
        const to = resolveSpecifier(source.path, specifier);
        if (to !== undefined) resolved[specifier] = to;
      }
  } finally {
    tree.delete();
  }
  if (isTypeScriptPath(source.path)) code = stripTypes(code, source.path, assetsDir);
  return { file: { file: resolve(source.path), code, esm }, resolved };
}

export interface ProgramRequest {
  main: SourceFile;
  test: TestCase;
  mainOptions: InstrumentOptions;
  /**
   * How each imported file is copied: traced (with its relative path) or as it is; undefined
   * copies it as it is. `read` gives the file segmented (needed to trace it).
   */
  moduleOptions?: (path: string) => InstrumentOptions | undefined;
  read?: (path: string) => Promise<SourceFile>;
  maxFiles: number;
  assetsDir: string;
}

/** The program: the main file and, breadth first, the project files it imports. */
export async function prepareProgram(
  req: ProgramRequest,
): Promise<{ program: JsProgram; modules: Map<string, SourceFile> }> {
  const main = await prepareFile(req.main, req.test, req.mainOptions, req.assetsDir);
  const program: JsProgram = { main: main.file, modules: [], resolve: {}, rel: {} };
  const modules = new Map<string, SourceFile>();
  const seen = new Set<string>([main.file.file]);
  const queue: PreparedFile[] = [main];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (Object.keys(next.resolved).length > 0) program.resolve[next.file.file] = next.resolved;
    for (const to of Object.values(next.resolved)) {
      if (seen.has(to)) continue;
      seen.add(to);
      if (seen.size > req.maxFiles)
        throw badInput(
          `${req.main.path} imports more than ${req.maxFiles} files of its project: raise the maxProjectFiles setting`,
        );
      const options = req.moduleOptions?.(to);
      const source =
        options?.traced && req.read
          ? await req.read(to)
          : { path: to, text: readFileSync(to, 'utf8').replace(/^\uFEFF/, ''), functions: [] };
      // A module that does not parse runs as it is: Node reports its syntax error, as for a plain run.
      const broken = 'syntaxErrors' in source && source.syntaxErrors.length > 0;
      const prepared = await prepareFile(source, undefined, broken ? undefined : options, req.assetsDir);
      if ('syntaxErrors' in source && !broken && options?.traced) modules.set(to, source);
      program.modules.push(prepared.file);
      queue.push(prepared);
    }
  }
  return { program, modules };
}

/**
 * Whether Node would load the file as an ES module: by its extension, else by the nearest
 * package.json's "type", else (a loose .js file) by whether it imports or exports.
 */
export function isEsm(file: string, hasModuleSyntax: boolean): boolean {
  const lower = file.toLowerCase();
  if (/\.m[jt]s$/.test(lower)) return true;
  if (/\.c[jt]s$/.test(lower)) return false;
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const type = (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type;
        if (type === 'module') return true;
        if (type === 'commonjs') return false;
      } catch {
        // an unreadable package.json says nothing
      }
      break;
    }
    if (dirname(dir) === dir) break;
  }
  return hasModuleSyntax;
}

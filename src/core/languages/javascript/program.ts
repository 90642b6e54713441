// The program a JavaScript run loads, prepared in the parent: the file the test is appended to and
// every file of the project it imports (directly or not), each as the runtime loads it instead of
// the file on disk (instrumented when traced, TypeScript erased), whether Node reads it as an ES
// module, and which file each relative specifier names (so that `./x.js` finds `x.ts`). The files
// on disk are never written.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { badInput } from '../../errors';
import { withCommonJsGlobals } from './commonJsGlobals';
import type { SourceFile, TestCase } from '../../model';
import type { Node } from 'web-tree-sitter';
import { takeTree } from '../../parse/treeCache';
import { loadParser, type Grammar } from '../../parse/treeSitter';
import { importSpecifiers, importsRelative, resolveSpecifier } from './imports';
import { instrument, type InstrumentOptions } from './instrument';
import { declaredKind, isEsm, isTypeScriptPath } from './moduleKind';
import { parseJsFile } from './erasedTwin';
import { providePreparer, type JsProgram, type ProgramFile, type ProgramRequest } from './preparer';
import { isExportEquals } from './lowerTypeScript';
import { stripTypes } from './stripTypes';

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
  isMain: boolean,
): Promise<PreparedFile> {
  const grammar = grammarOf(source.path);
  const parser = await loadParser(grammar, assetsDir);
  // The tree the file's analysis parsed, when it is still there: its walks are remembered too.
  const tree = takeTree(grammar, source.text) ?? parseJsFile(parser, source.text, source.path, assetsDir);
  if (!tree) throw new Error('tree-sitter returned no tree');
  let code: string;
  let esm: boolean;
  const resolved: Record<string, string> = {};
  try {
    const root = tree.rootNode;
    if (isTypeScriptPath(source.path)) refuseDecorators(root, source.path);
    code =
      options === undefined
        ? source.text
        : instrument(root, parser, { ...source, language: '', syntaxErrors: [], tests: [] }, test, options)
            .code;
    // `import x = require('y')` and `export = x` are TypeScript's CommonJS, not module syntax.
    const moduleSyntax = root.namedChildren.some(
      (c) =>
        (c?.type === 'import_statement' &&
          !c.namedChildren.some((k) => k?.type === 'import_require_clause')) ||
        (c?.type === 'export_statement' && !isExportEquals(c.text)),
    );
    // TypeScript with imports runs as an ES module even where TypeScript would compile it to
    // CommonJS ("type": "commonjs", .cts): CommonJS's names are made for it (commonJsGlobals.ts).
    esm = isTypeScriptPath(source.path)
      ? moduleSyntax || declaredKind(source.path) === true
      : isEsm(source.path, moduleSyntax);
    if (importsRelative(source.text))
      for (const specifier of importSpecifiers(root)) {
        const to = resolveSpecifier(source.path, specifier);
        if (to !== undefined) resolved[specifier] = to;
      }
  } finally {
    tree.delete();
  }
  if (isTypeScriptPath(source.path))
    code = withCommonJsGlobals(stripTypes(code, source.path, assetsDir, parser), source.path, esm, isMain);
  return { file: { file: resolve(source.path), code, esm }, resolved };
}

/** The program: the main file and, breadth first, the project files it imports. */
export async function prepareProgram(
  req: ProgramRequest,
): Promise<{ program: JsProgram; modules: Map<string, SourceFile> }> {
  const main = await prepareFile(req.main, req.test, req.mainOptions, req.assetsDir, true);
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
      const changed = req.overlay?.get(to);
      const source =
        options?.traced && req.read
          ? await req.read(to)
          : { path: to, text: (changed ?? readFileSync(to, 'utf8')).replace(/^\uFEFF/, ''), functions: [] };
      // A module that does not parse runs as it is: Node reports its syntax error, as for a plain run.
      const broken = 'syntaxErrors' in source && source.syntaxErrors.length > 0;
      const prepared = await prepareFile(
        source,
        undefined,
        broken ? undefined : options,
        req.assetsDir,
        false,
      );
      if ('syntaxErrors' in source && !broken && options?.traced) modules.set(to, source);
      program.modules.push(prepared.file);
      queue.push(prepared);
    }
  }
  return { program, modules };
}

// The runtime the CLI's launcher started gets its program from here (preparer.ts).
providePreparer(prepareProgram);

/**
 * Decorators (`@Injectable()`) are left by the type stripper as they are, and Node 20 cannot parse
 * them: said in one line, as TypeScript that only runs compiled.
 */
function refuseDecorators(root: Node, path: string): void {
  const decorator = root.descendantsOfType('decorator')[0];
  if (!decorator) return;
  const text = decorator.text.split('\n')[0]?.trim().slice(0, 40) ?? '';
  throw badInput(
    `${path}:${decorator.startPosition.row + 1}: '${text}' is a decorator, which only runs compiled: LDB runs TypeScript by erasing types, and Node cannot run decorators; trace the code without them`,
  );
}

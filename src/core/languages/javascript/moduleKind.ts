// Whether Node loads a file as an ES module or as CommonJS. Light on purpose (node:fs and
// node:path only): the runtime's start asks it before the rest of LDB is loaded (start.ts).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Whether Node would load the file as an ES module: by its extension, else by the nearest
 * package.json's "type", else (a loose .js file) by whether it imports or exports.
 */
export function isEsm(file: string, hasModuleSyntax: boolean): boolean {
  return declaredKind(file) ?? hasModuleSyntax;
}

/**
 * How a file's extension or its package.json's "type" says Node loads it: true for an ES module,
 * false for CommonJS, undefined when neither says (a loose file: its syntax decides).
 */
export function declaredKind(file: string): boolean | undefined {
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
  return undefined;
}

/** A line that starts an import or export declaration (not `import(...)`, a call). */
const MODULE_SYNTAX = /^[ \t]*(?:import[ \t]*[\w*{'"]|export[ \t{*])/m;

/** An import of node:test (the runtime gives the main file its own: that takes the module hooks). */
export const IMPORTS_NODE_TEST = /\bfrom\s*['"](?:node:)?test['"]|\bimport\s*\(\s*['"](?:node:)?test['"]/;

/** How the runtime will likely load a main file, told from its text without parsing it. */
export interface LoadGuess {
  /** It runs as an ES module (a comment or a string may fool the guess). */
  esm: boolean;
  /** An ES module in JavaScript importing no file of its project nor node:test: it can run in place. */
  inPlace: boolean;
}

export function guessLoad(file: string, importsRelative: (text: string) => boolean): LoadGuess {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { esm: false, inPlace: false }; // unreadable here: the run says why
  }
  const esm = isEsm(file, MODULE_SYNTAX.test(text));
  return {
    esm,
    inPlace: esm && /\.m?js$/i.test(file) && !importsRelative(text) && !IMPORTS_NODE_TEST.test(text),
  };
}

/** TypeScript, whatever its module kind (.ts, .mts, .cts, .tsx). */
export function isTypeScriptPath(path: string): boolean {
  return /\.[cm]?tsx?$/i.test(path);
}

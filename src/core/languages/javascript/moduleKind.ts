// Whether Node loads a file as an ES module or as CommonJS. Light on purpose (node:fs and
// node:path only): the runtime's start asks it before the rest of LDB is loaded (start.ts).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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

/** A line that starts an import or export declaration (not `import(...)`, a call). */
const MODULE_SYNTAX = /^[ \t]*(?:import[ \t]*[\w*{'"]|export[ \t{*])/m;

/**
 * Whether the file will likely run as an ES module, told from its text without parsing it (a
 * comment or a string may fool it: a guess, for starting the module hooks early, see start.ts).
 */
export function likelyEsm(file: string): boolean {
  try {
    return isEsm(file, MODULE_SYNTAX.test(readFileSync(file, 'utf8')));
  } catch {
    return false; // unreadable here: the run says why
  }
}

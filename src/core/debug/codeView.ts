// What code the model sees, and where a fix goes back. The model sees the entry function and the
// top-level functions the traced run called (its helpers); everything else in the file (other
// functions, tests, module code) stays out of the prompt and untouched by the fix.
import type { FunctionInfo, SourceFile } from '../model';
import { sourceLines } from '../trace/units';

export function topLevelOf(source: SourceFile, qualifiedName: string): FunctionInfo | undefined {
  let fn = source.functions.find((f) => f.qualifiedName === qualifiedName);
  // A method or nested function is shown with its enclosing top-level function or class method.
  while (fn?.parent !== undefined) {
    const parent = source.functions.find((f) => f.qualifiedName === fn!.parent);
    if (!parent) break;
    fn = parent;
  }
  return fn;
}

/** The functions shown to the model, in file order: the entry and the helpers that ran. */
export function shownFunctions(
  source: SourceFile,
  entry: FunctionInfo,
  called: Iterable<string>,
): FunctionInfo[] {
  const names = new Set<string>([(topLevelOf(source, entry.qualifiedName) ?? entry).qualifiedName]);
  for (const name of called) {
    const top = topLevelOf(source, name);
    if (top) names.add(top.qualifiedName);
  }
  return source.functions.filter((f) => names.has(f.qualifiedName)).sort((a, b) => a.startLine - b.startLine);
}

export function functionText(source: SourceFile, fn: FunctionInfo): string {
  const lines = sourceLines(source).slice(fn.startLine - 1, fn.endLine);
  const indent = /^[ \t]*/.exec(lines[0] ?? '')![0];
  return lines.map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart())).join('\n');
}

/** The code block of the prompt: the shown functions, or the whole file when it does not parse. */
export function promptCode(source: SourceFile, shown: readonly FunctionInfo[]): string {
  if (source.syntaxErrors.length > 0 || shown.length === 0) return source.text.replace(/\r\n/g, '\n');
  return shown.map((f) => functionText(source, f)).join('\n\n\n');
}

// What code the model sees, and where a fix goes back. The model sees the entry function and the
// top-level functions the traced run called (its helpers), in a trace across modules file by file;
// everything else (other functions, tests, module code) stays out of the prompt and untouched.
import type { FunctionInfo, SourceFile } from '../model';
import type { TraceReport } from '../trace/tracing';
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
  entry: FunctionInfo | undefined,
  called: Iterable<string>,
): FunctionInfo[] {
  const names = new Set<string>(
    entry ? [(topLevelOf(source, entry.qualifiedName) ?? entry).qualifiedName] : [],
  );
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

/** The functions shown from one file: in a trace across modules, one per file the run reached. */
export interface ShownFile {
  /** As the prompt names it: relative to the project root in a trace across modules. */
  file: string;
  source: SourceFile;
  functions: FunctionInfo[];
  /** Show the whole file, not only the functions (a fix changed it and no trace says what ran). */
  whole?: boolean;
}

/**
 * The functions shown, file by file, of a trace across modules: the entry's file first (the entry
 * and the helpers of that file that ran), then each other file the run reached, in the order it
 * did, with the functions that ran there.
 */
export function shownAcross(report: TraceReport): ShownFile[] {
  const files = report.files;
  const entryFile = report.entryFile;
  if (!files || entryFile === undefined) return [];
  const called = new Map<string, string[]>([[entryFile, []]]);
  for (const v of report.run.visits) {
    const file = v.file ?? entryFile;
    const names = called.get(file);
    if (names) names.push(v.function);
    else called.set(file, [v.function]);
  }
  const shown: ShownFile[] = [];
  for (const [file, names] of called) {
    const source = files.get(file);
    if (!source) continue;
    const functions =
      file === entryFile
        ? shownFunctions(source, report.entry, names)
        : shownFunctions(source, undefined, names);
    if (functions.length > 0) shown.push({ file, source, functions });
  }
  return shown;
}

/** The code block of a prompt over several files: each file's functions after its header line. */
export function promptCodeAcross(shown: readonly ShownFile[], header: (file: string) => string): string {
  return shown
    .map((f) => [header(f.file), promptCode(f.source, f.whole ? [] : f.functions)].join('\n'))
    .join('\n\n\n');
}

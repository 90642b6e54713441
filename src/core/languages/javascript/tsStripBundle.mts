// The entry of dist/javascript/ldb_ts_strip.cjs, the bundle that carries TypeScript's parser (3.5
// MB, loaded only when a TypeScript file needs it: stripTypes.ts, erasedTwin.ts). Its default
// export is ts-blank-space's eraser; erasedTwin asks TypeScript's own parser whether the text is
// TypeScript at all before erasing it.
import tsBlankSpace, { blankSourceFile } from 'ts-blank-space';
import ts from 'typescript';

export default tsBlankSpace;

/** The text with its types erased (positions kept), or undefined when TypeScript finds a syntax error in it. */
export function erasedTwin(text: string): string | undefined {
  const file = ts.createSourceFile(
    'input.ts',
    text,
    { languageVersion: ts.ScriptTarget.ESNext, impliedNodeFormat: ts.ModuleKind.ESNext },
    false,
    ts.ScriptKind.TS,
  );
  // parseDiagnostics is internal to TypeScript's API but stable: what `tsc` reports as TS1xxx.
  const diagnostics = (file as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics;
  if (diagnostics === undefined || diagnostics.length > 0) return undefined;
  return blankSourceFile(file);
}

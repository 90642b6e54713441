// Replacements of ranges of a text, applied in one pass: the type eraser's lowerings
// (languages/javascript/lowerTypeScript.ts) and the editor's Accept of a fix (extension/fix/hunks.ts).

/** A replacement of text[from, to). */
export interface TextEdit {
  from: number;
  to: number;
  text: string;
}

/** Applies edits that do not overlap, in any order given (insertions at one place keep their order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => a.from - b.from || a.to - b.to || a.i - b.i);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.from) + e.text;
    at = e.to;
  }
  return out + text.slice(at);
}

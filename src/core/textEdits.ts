// Replacements of ranges of a text, applied in one pass: the type eraser's lowerings
// (languages/javascript/lowerTypeScript.ts, typeOnlyImports.ts) and the editor's Accept of a fix
// (extension/fix/hunks.ts); and the two ways the eraser keeps lines where they were.

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

/** `text` as spaces, its line breaks kept: what is erased leaves the positions after it alone. */
export function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

/** `text` followed by the line breaks of `original` it lacks: the lines after stay where they were. */
export function onSameLines(original: string, text: string): string {
  const breaks = (t: string) => t.split('\n').length - 1;
  return text + '\n'.repeat(Math.max(0, breaks(original) - breaks(text)));
}

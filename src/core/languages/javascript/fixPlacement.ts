// Puts a proposed fix back into a JavaScript / TypeScript program: each function the model was
// shown and the fix redefines (same qualified name, or the entry by its short name) is replaced by
// the fix's text of it, whole lines, re-indented to where it sits; functions the fix adds go
// after the entry. Every other byte stays as it was.
import type { FunctionInfo } from '../../model';
import type { AppliedFix, FixPlacement } from '../support';

export function placeJsFix(p: FixPlacement): AppliedFix {
  const { original, fix } = p;
  const problem = fix.syntaxErrors[0];
  if (problem)
    return { ok: false, reason: `the fix does not parse: syntax error at ${problem.line}:${problem.column}` };
  const short = p.entry.replace(/^.*\./, '');
  const fixEntry =
    fix.functions.find((f) => f.qualifiedName === p.entry) ?? fix.functions.find((f) => f.name === short);
  if (!fixEntry) return { ok: false, reason: `the fix does not define ${short}()` };
  const eol = original.text.includes('\r\n') ? '\r\n' : '\n';
  const lines = original.text.split(/\r?\n/);
  const fixLines = fix.text.split(/\r?\n/);
  const edits: { start: number; end: number; text: string[] }[] = [];
  const replaced: string[] = [];
  for (const name of p.shown) {
    const target = original.functions.find((f) => f.qualifiedName === name);
    const replacement = name === p.entry ? fixEntry : fix.functions.find((f) => f.qualifiedName === name);
    if (!target || !replacement) continue;
    edits.push({
      start: target.startLine,
      end: target.endLine,
      text: reindent(fixLines, replacement, indentOf(lines[target.startLine - 1] ?? '')),
    });
    replaced.push(name);
  }
  const known = new Set(original.functions.map((f) => f.qualifiedName));
  const fresh = fix.functions.filter((f) => !f.parent && f !== fixEntry && !known.has(f.qualifiedName));
  const entry = original.functions.find((f) => f.qualifiedName === p.entry);
  if (entry && fresh.length > 0) {
    edits.push({
      start: entry.endLine + 1,
      end: entry.endLine,
      text: fresh.flatMap((f) => ['', ...reindent(fixLines, f, indentOf(lines[entry.startLine - 1] ?? ''))]),
    });
  }
  if (edits.length === 0) return { ok: false, reason: `the fix redefines none of ${p.shown.join(', ')}` };
  edits.sort((a, b) => b.start - a.start);
  for (const e of edits) lines.splice(e.start - 1, e.end - e.start + 1, ...e.text);
  return { ok: true, text: lines.join(eol), replaced, added: fresh.map((f) => f.qualifiedName) };
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** The fix's lines of a function, moved from its own indentation to `indent`. */
function reindent(fixLines: string[], fn: FunctionInfo, indent: string): string[] {
  const own = fixLines.slice(fn.startLine - 1, fn.endLine);
  const base = indentOf(own[0] ?? '');
  return own.map((l) => (l.startsWith(base) ? indent + l.slice(base.length) : l));
}

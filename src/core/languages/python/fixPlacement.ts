// Puts a proposed fix back into the program: each function the model was shown and redefined is
// replaced in place (re-indented to where it sits), functions the fix adds go right after the
// entry, and imports the fix needs that the file lacks go after the file's last top-level import.
// Every other byte of the file stays as it was. Where the model writes whole programs (LDB's
// benchmark, whose published runs hold whole programs), the fix replaces the program instead.
import type { FunctionInfo } from '../../model';
import type { AppliedFix, FixPlacement } from '../support';

export function placePythonFix(p: FixPlacement): AppliedFix {
  const { original, fix } = p;
  const first = fix.syntaxErrors[0];
  if (first) return { ok: false, reason: `does not parse: syntax error at ${first.line}:${first.column}` };
  const entryShort = shortName(p.entry);
  const fixTop = fix.functions.filter((f) => f.parent === undefined);
  const originalEntry = original.functions.find((f) => f.qualifiedName === p.entry);
  // A top-level function is replaced by a top-level one: a method of the same name (the model
  // wrapped its answer in a class) would be called without its instance.
  const topLevelEntry = originalEntry ? originalEntry.parent === undefined : !p.entry.includes('.');
  const fixEntry =
    lastNamed(fixTop, entryShort) ?? (topLevelEntry ? undefined : lastNamed(fix.functions, entryShort));
  if (!fixEntry) {
    const inside = lastNamed(fix.functions, entryShort)?.parent;
    return {
      ok: false,
      reason:
        inside === undefined
          ? `does not define ${entryShort}()`
          : `defines ${entryShort}() only inside ${inside}, not at the top level`,
    };
  }

  const eol = original.text.includes('\r\n') ? '\r\n' : '\n';
  const lines = original.text.split(/\r?\n/);
  const fixLines = fix.text.split(/\r?\n/);
  if (p.replacesProgram || !originalEntry || original.syntaxErrors.length > 0) {
    // The fix is the new program (ending as the file did): asked for, or nothing reliable to
    // splice into.
    const text =
      fix.text.replace(/\s+$/, '').split(/\r?\n/).join(eol) + (/\r?\n$/.test(original.text) ? eol : '');
    return { ok: true, text, replaced: [p.entry], added: [] };
  }

  type Edit = { start: number; end: number; text: string[] };
  const edits: Edit[] = [];
  const replaced: string[] = [];
  const added: string[] = [];
  for (const name of p.shown) {
    const target = original.functions.find((f) => f.qualifiedName === name);
    const replacement =
      name === p.entry
        ? fixEntry
        : lastNamed(
            fixTop.filter((f) => f !== fixEntry),
            shortName(name),
          );
    if (!target || !replacement) continue;
    edits.push({
      start: target.startLine,
      end: target.endLine,
      text: withDocstring(
        reindent(fixLines, replacement, indentOf(lines, target)),
        replacement,
        target,
        lines,
      ),
    });
    replaced.push(name);
  }
  const known = new Set(original.functions.filter((f) => f.parent === undefined).map((f) => f.name));
  const fresh = fixTop.filter((f) => f !== fixEntry && !known.has(f.name));
  if (fresh.length > 0) {
    const at = originalEntry.endLine;
    const text = fresh.flatMap((f) => ['', '', ...reindent(fixLines, f, indentOf(lines, originalEntry))]);
    edits.push({ start: at + 1, end: at, text });
    added.push(...fresh.map((f) => f.name));
  }
  const imports = missingImports(lines, fixLines);
  if (imports.length > 0) {
    const after = lastTopLevelImport(lines);
    edits.push({ start: after + 1, end: after, text: after === 0 ? [...imports, ''] : imports });
  }
  // Apply bottom-up so earlier line numbers stay valid.
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  for (const e of edits) lines.splice(e.start - 1, e.end - e.start + 1, ...e.text);
  return { ok: true, text: lines.join(eol), replaced, added };
}

/**
 * Models often drop the docstring when they rewrite a function. The user's docstring is theirs:
 * when the fix has none, the original one goes back in, at the top of the new body.
 */
function withDocstring(
  newLines: string[],
  fixFn: FunctionInfo,
  original: FunctionInfo,
  lines: string[],
): string[] {
  if (fixFn.docstring !== undefined || original.docstring === undefined) return newLines;
  const docstring = docstringLines(original, lines);
  if (docstring.length === 0) return newLines;
  const bodyAt = fixFn.bodyStartLine - fixFn.startLine;
  const bodyLine = newLines[bodyAt];
  if (bodyLine === undefined) return newLines;
  const bodyIndent = /^[ \t]*/.exec(bodyLine)![0];
  const ownIndent = /^[ \t]*/.exec(docstring[0])![0];
  const moved = docstring.map((l) =>
    l.trim() === '' ? '' : bodyIndent + (l.startsWith(ownIndent) ? l.slice(ownIndent.length) : l.trimStart()),
  );
  return [...newLines.slice(0, bodyAt), ...moved, ...newLines.slice(bodyAt)];
}

/** The docstring's lines: from the first string-literal line after `def` to the line before the body. */
function docstringLines(fn: FunctionInfo, lines: string[]): string[] {
  for (let n = fn.defLine + 1; n < fn.bodyStartLine; n++) {
    if (/^\s*[rRuUbBfF]{0,2}("|')/.test(lines[n - 1] ?? '')) {
      let end = fn.bodyStartLine - 1;
      while (end > n && (lines[end - 1] ?? '').trim() === '') end--;
      return lines.slice(n - 1, end);
    }
  }
  return [];
}

function shortName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

function indentOf(lines: string[], fn: FunctionInfo): string {
  return /^[ \t]*/.exec(lines[fn.startLine - 1] ?? '')![0];
}

function reindent(fixLines: string[], fn: FunctionInfo, indent: string): string[] {
  const body = fixLines.slice(fn.startLine - 1, fn.endLine);
  const own = /^[ \t]*/.exec(body[0] ?? '')![0];
  // Whitespace-only lines keep their spaces (inside a string they are part of its text).
  return body.map((l) =>
    l === '' ? '' : indent + (l.startsWith(own) ? l.slice(own.length) : l.trimStart()),
  );
}

/** Python keeps the last definition of a name: so does the fix. */
function lastNamed(fns: readonly FunctionInfo[], name: string): FunctionInfo | undefined {
  return [...fns].reverse().find((f) => f.name === name);
}

const IMPORT = /^(import\s+\S|from\s+\S+\s+import\s)/;

function topLevelImports(lines: string[]): string[] {
  return lines.filter((l) => IMPORT.test(l) && !l.trimEnd().endsWith('(')).map((l) => l.trimEnd());
}

function missingImports(originalLines: string[], fixLines: string[]): string[] {
  const have = new Set(topLevelImports(originalLines));
  return [...new Set(topLevelImports(fixLines))].filter((l) => !have.has(l));
}

function lastTopLevelImport(lines: string[]): number {
  let last = 0;
  lines.forEach((l, i) => {
    if (IMPORT.test(l)) last = i + 1;
  });
  return last;
}

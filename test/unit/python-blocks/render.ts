// A compact, reviewable rendering of what the segmenter made of a file: per function its facts,
// per block its kind, range and successors, then the source lines it owns (`*` = a statement
// starts there). Golden files in this form are read by people; the JSON goldens beside them pin
// every field.
import type { SourceFile } from '../../../src/core/model';

export function renderSource(source: SourceFile): string {
  const lines = source.text.split(/\r?\n/);
  const out: string[] = [];
  for (const fn of source.functions) {
    const facts = [
      `lines ${fn.startLine}-${fn.endLine}`,
      `def ${fn.defLine}`,
      `body ${fn.bodyStartLine}`,
      `params (${fn.params.join(', ')})`,
      fn.isAsync ? 'async' : '',
      fn.isGenerator ? 'generator' : '',
      fn.parent ? `in ${fn.parent}` : '',
    ].filter(Boolean);
    out.push(`${fn.qualifiedName}: ${facts.join(', ')}`);
    if (fn.docstring !== undefined) out.push(`  docstring ${JSON.stringify(fn.docstring)}`);
    const owner = new Map<number, string>();
    for (const b of fn.blocks) for (const l of b.lines) owner.set(l, b.id);
    for (const b of fn.blocks) {
      const range = b.startLine === b.endLine ? `L${b.startLine}` : `L${b.startLine}-${b.endLine}`;
      const next = b.successors.length > 0 ? b.successors.join(' ') : 'exit';
      out.push(`  ${b.id} ${b.kind} ${range} -> ${next}`);
      for (let l = b.startLine; l <= b.endLine; l++) {
        if (b.lines.includes(l)) {
          const mark = b.statementStarts?.includes(l) ? '*' : ' ';
          out.push(`    ${String(l).padStart(3)}${mark}| ${lines[l - 1] ?? ''}`);
        } else if (owner.has(l)) {
          out.push(`    ${String(l).padStart(3)} = line owned by ${owner.get(l)}`);
        }
      }
    }
  }
  if (source.functions.length === 0) out.push('(no functions)');
  for (const e of source.syntaxErrors) out.push(`syntax: ${e.message}`);
  for (const t of source.tests) {
    const sides =
      t.form === 'assert-compare' ? ` [actual ${t.actualSource} | expected ${t.expectedSource}]` : '';
    out.push(`test ${t.id} ${t.form}: ${t.label}${sides} calls (${t.functions.join(', ')})`);
  }
  return out.join('\n') + '\n';
}

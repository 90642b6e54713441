// The runtime's tests do not depend on the tree-sitter segmenter: each fixture marks where its
// blocks start with a trailing `#>` comment, and this helper turns that into the line -> block map
// and the function table the runtime gets. A marked line starts block `function#i`; the lines
// after it, up to the next mark or the end of the function, belong to it.
import type { TracedFunction } from '../../../src/core/languages/python/runTest';

export interface FixtureMap {
  lineToBlock: Record<number, string>;
  functions: TracedFunction[];
}

interface Scope {
  kind: 'def' | 'class';
  name: string;
  indent: number;
  fn?: TracedFunction;
}

const DEF = /^(\s*)(?:async\s+)?def\s+([\p{L}_][\p{L}\p{N}_]*)/u;
const CLASS = /^(\s*)class\s+([\p{L}_][\p{L}\p{N}_]*)/u;
const MARK = /#>\s*$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

export function fixtureMap(text: string): FixtureMap {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const functions: TracedFunction[] = [];
  const lineToBlock: Record<number, string> = {};
  const scopes: Scope[] = [];
  const blockCount = new Map<string, number>();
  let current: { fn: TracedFunction; block: string } | undefined;

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const indent = indentOf(raw);
    while (scopes.length > 0 && indent <= scopes[scopes.length - 1].indent) {
      const closed = scopes.pop()!;
      if (closed.fn && current?.fn === closed.fn) current = undefined;
    }
    const def = DEF.exec(raw);
    const cls = def ? null : CLASS.exec(raw);
    if (def || cls) {
      const name = (def ?? cls)![2];
      const qualifiedName = [...scopes.map((s) => s.name), name].join('.');
      let startLine = lineNo;
      while (startLine > 1 && lines[startLine - 2].trim().startsWith('@')) startLine--;
      const scope: Scope = { kind: def ? 'def' : 'class', name, indent };
      if (def) {
        scope.fn = { qualifiedName, name, startLine, defLine: lineNo, endLine: lineNo };
        functions.push(scope.fn);
      }
      scopes.push(scope);
      return;
    }
    const owner = [...scopes].reverse().find((s) => s.fn)?.fn;
    if (!owner) return;
    for (const s of scopes) if (s.fn) s.fn.endLine = lineNo;
    if (MARK.test(raw) || current?.fn !== owner) {
      const n = blockCount.get(owner.qualifiedName) ?? 0;
      blockCount.set(owner.qualifiedName, n + 1);
      current = { fn: owner, block: `${owner.qualifiedName}#${n}` };
    }
    lineToBlock[lineNo] = current.block;
  });
  return { lineToBlock, functions };
}

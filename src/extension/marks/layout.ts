// The pure step between the marks and the editor: what goes on which line (gutter state, the text
// at the end of the line, backgrounds), and the hover text of a block. decorations/render.ts only
// turns this into vscode ranges; host tests read it back through the test API.
import { diffState } from '../../core/trace/render';
import type { BlockMark, BlockState, DocMarks, VisitRow } from './model';

export type GutterState = BlockState | 'raised';

export interface Layout {
  /** One gutter mark per line: the most telling state of the blocks starting there. */
  gutter: { line: number; state: GutterState }[];
  /** Text at the end of a line: the values after the blocks that end there (latest visit). */
  values: { line: number; text: string }[];
  /** Lines of blocks judged wrong (background). */
  wrongLines: number[];
  raised?: { line: number; text: string };
  /** The fix proposal beside the lines it replaces. */
  fixLines: number[];
  fixText: { line: number; text: string }[];
}

const PRIORITY: Record<GutterState, number> = { raised: 4, wrong: 3, unknown: 2, correct: 1, traced: 0 };
/** Visits a hover lists before it says how many more there were (display only). */
export const HOVER_MAX_ROWS = 40;

export function layout(marks: DocMarks): Layout {
  const gutter = new Map<number, GutterState>();
  const put = (line: number, state: GutterState): void => {
    const had = gutter.get(line);
    if (had === undefined || PRIORITY[state] > PRIORITY[had]) gutter.set(line, state);
  };
  const texts = new Map<number, string[]>();
  const wrong = new Set<number>();
  for (const b of marks.blocks) {
    put(b.startLine, b.state);
    if (b.state === 'wrong') for (let l = b.startLine; l <= b.endLine; l++) wrong.add(l);
    const text = valuesText(b);
    if (text !== '') texts.set(b.endLine, [...(texts.get(b.endLine) ?? []), text]);
  }
  if (marks.raised) put(marks.raised.line, 'raised');
  const fixLines = marks.fix?.lines ?? [];
  const fixText = marks.fix?.proposed.map((p) => ({ line: p.line, text: `⇢ ${p.text}` })) ?? [];
  const fixAt = new Set(fixText.map((f) => f.line));
  // A line that shows a proposed fix shows that alone; the values are in the hover.
  const values = [...texts]
    .filter(([line]) => !fixAt.has(line) && line !== marks.raised?.line)
    .map(([line, parts]) => ({ line, text: parts.join('  │  ') }))
    .sort((a, b) => a.line - b.line);
  return {
    gutter: [...gutter].map(([line, state]) => ({ line, state })).sort((a, b) => a.line - b.line),
    values,
    wrongLines: [...wrong].sort((a, b) => a - b),
    ...(marks.raised ? { raised: marks.raised } : {}),
    fixLines: [...fixLines].sort((a, b) => a - b),
    fixText,
  };
}

/** `i=1  pile=[3, 4, 6]   ×2`: what the latest visit changed, its return value, how many visits there were. */
export function valuesText(block: BlockMark): string {
  const last = block.visits[block.visits.length - 1];
  if (!last) return '';
  const parts = Object.entries(diffState(last.before, last.after)).map(([k, v]) => `${k}=${v}`);
  if (last.returned !== undefined) parts.push(`→ ${last.returned}`);
  if (last.raised) parts.push(`raised ${last.raised.type}`);
  const count = block.visits.length > 1 ? `×${block.visits.length}` : '';
  if (parts.length === 0) return count;
  return count === '' ? parts.join('  ') : `${parts.join('  ')}   ${count}`;
}

const STATE_TEXT: Record<BlockState, string> = {
  traced: 'traced',
  correct: '✓ correct',
  wrong: '✗ wrong',
  unknown: '? not judged',
};

/** The hover of a block: its verdict, then every visit as a table of the state before and after. */
export function hoverMarkdown(block: BlockMark): string {
  const lines =
    block.startLine === block.endLine
      ? `line ${block.startLine}`
      : `lines ${block.startLine}–${block.endLine}`;
  const n = block.visits.length;
  const out = [
    `**LDB** · \`${block.function}\` ${lines} · ${n} visit${n === 1 ? '' : 's'} · ${STATE_TEXT[block.state]}`,
  ];
  for (const e of block.explanations) out.push('', `> ${escapeMarkdown(e.replace(/\n+/g, ' '))}`);
  out.push('', '| segment | iteration | depth | before | after |', '| --- | ---: | ---: | --- | --- |');
  for (const v of block.visits.slice(0, HOVER_MAX_ROWS)) {
    out.push(
      `| ${v.label} | ${v.iteration} | ${v.depth} | ${cell(stateText(v.before))} | ${cell(afterText(v))} |`,
    );
  }
  if (n > HOVER_MAX_ROWS) out.push('', `… ${n - HOVER_MAX_ROWS} more visits (LDB: Show Trace has the trace)`);
  return out.join('\n');
}

function stateText(state: Record<string, string>): string {
  const parts = Object.entries(state).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? '(no variables)' : parts.join(', ');
}

function afterText(v: VisitRow): string {
  const changed = Object.entries(diffState(v.before, v.after)).map(([k, val]) => `${k}=${val}`);
  if (v.returned !== undefined) changed.push(`returned ${v.returned}`);
  if (v.raised) changed.push(`raised ${v.raised.type}${v.raised.message ? `: ${v.raised.message}` : ''}`);
  return changed.length === 0 ? '(no change)' : changed.join(', ');
}

/** The model's words as plain text: `n + 2*i` must not turn into emphasis. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|]/g, '\\$&');
}

/** A table cell holding code: pipes escaped for the table, backticks fenced by longer runs. */
function cell(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

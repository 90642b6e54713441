// The source text behind a traced unit: a block id (`f#3`) or a line unit (`f@L12`, level 'line').
// The lines of a unit are those the run's line map sends to it, so a statement over several lines
// shows whole, and the text is exactly what the runtime attributed to the unit.
import type { Block, SourceFile } from '../model';

export interface UnitText {
  startLine: number;
  endLine: number;
  /** The unit's lines with their common indentation removed. */
  code: string;
}

export type UnitIndex = ReadonlyMap<string, readonly number[]>;

/** Inverts a line map (line -> unit id) into unit id -> its lines, ascending. */
export function indexUnits(lineMap: Readonly<Record<number, string>>): UnitIndex {
  const out = new Map<string, number[]>();
  for (const [line, unit] of Object.entries(lineMap)) {
    const list = out.get(unit);
    if (list) list.push(Number(line));
    else out.set(unit, [Number(line)]);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

export function unitText(source: SourceFile, units: UnitIndex, unitId: string): UnitText {
  let picked = units.get(unitId);
  if (!picked || picked.length === 0) {
    // A block that owns no line of its own (the body of a one-line `if x: return y` shares the
    // header's line): show its range.
    const block = findBlock(source, unitId);
    if (!block) return { startLine: 0, endLine: 0, code: '' };
    picked = [block.startLine];
  }
  const lines = sourceLines(source);
  const startLine = picked[0];
  const endLine = picked[picked.length - 1];
  const text = picked.map((n) => lines[n - 1] ?? '');
  return { startLine, endLine, code: dedent(text).join('\n') };
}

const blockIndex = new WeakMap<SourceFile, Map<string, Block>>();

/** The block with this id; indexed once per source file (trace assembly asks per visit). */
export function findBlock(source: SourceFile, blockId: string): Block | undefined {
  let index = blockIndex.get(source);
  if (!index) {
    index = new Map(source.functions.flatMap((f) => f.blocks.map((b) => [b.id, b] as const)));
    blockIndex.set(source, index);
  }
  return index.get(blockId);
}

const cache = new WeakMap<SourceFile, string[]>();
export function sourceLines(source: SourceFile): string[] {
  let lines = cache.get(source);
  if (!lines) {
    lines = source.text.split(/\r?\n/);
    cache.set(source, lines);
  }
  return lines;
}

function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut).replace(/\s+$/, ''));
}

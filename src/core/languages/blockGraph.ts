// What every language's block segmentation shares: drafts of basic blocks with successor edges,
// the blocks control falls out of, the straight-line block still open, and the rule that turns
// drafts into Blocks (the first statement or header covering a line, in source order, owns it).
// A language's builder reads its own syntax and says where blocks start and end (python/blocks.ts,
// javascript/blocks.ts).
import type { Block, BlockKind } from '../model';

/** A statement or header as lines: where it starts in the file, and its first and last line. */
export interface Unit {
  startIndex: number;
  startLine: number;
  endLine: number;
}

/** A block being built; `S` is what a language keeps per block besides (JavaScript: its hook's site). */
export interface DraftBlock<S> {
  kind: BlockKind;
  units: Unit[];
  successors: Set<number>;
  site?: S;
  /** Filled by finishBlocks(): the lines the block owns and the statements starting on them. */
  lines: number[];
  starts: number[];
}

export abstract class BlockGraphBuilder<S = never> {
  protected readonly blocks: DraftBlock<S>[] = [];
  /** Blocks control falls out of into the next statement. */
  protected preds: number[] = [];
  /** The straight-line block the next simple statement may join, if it is still open. */
  protected open: number | null = null;

  /** Starts a block of its own for a header (a test, a loop head) entered from the current preds. */
  protected headerBlock(kind: BlockKind, unit: Unit): number {
    const block = this.newBlock(kind, this.preds);
    this.at(block).units.push(unit);
    this.preds = [block];
    this.open = null;
    return block;
  }

  /** Control goes on from `exits` (the ends of a compound statement's branches). */
  protected continueWith(exits: number[]): void {
    this.preds = exits;
    this.open = null;
  }

  protected newBlock(kind: BlockKind, preds: number[]): number {
    const index = this.blocks.length;
    this.blocks.push({ kind, units: [], successors: new Set(), lines: [], starts: [] });
    for (const p of preds) this.edge(p, index);
    return index;
  }

  protected edge(from: number, to: number): void {
    this.at(from).successors.add(to);
  }

  protected at(index: number): DraftBlock<S> {
    const block = this.blocks[index];
    if (!block) throw new Error(`internal: no block ${index}`); // indices come from newBlock only
    return block;
  }

  /** The drafts as Blocks of `qualifiedName`, each line owned by the first unit covering it. */
  protected finishBlocks(qualifiedName: string): Block[] {
    const owned = new Set<number>();
    const units = this.blocks.flatMap((block) => block.units.map((unit) => ({ unit, block })));
    units.sort((a, b) => a.unit.startIndex - b.unit.startIndex);
    for (const { unit, block } of units) {
      for (let line = unit.startLine; line <= unit.endLine; line++) {
        if (owned.has(line)) continue;
        owned.add(line);
        block.lines.push(line);
        if (line === unit.startLine) block.starts.push(line);
      }
    }
    const id = (index: number) => `${qualifiedName}#${index}`;
    return this.blocks.map((b, index) => ({
      id: id(index),
      index,
      function: qualifiedName,
      startLine: Math.min(...b.units.map((u) => u.startLine)),
      endLine: Math.max(...b.units.map((u) => u.endLine)),
      kind: b.kind,
      lines: b.lines.sort((x, y) => x - y),
      successors: [...b.successors].sort((x, y) => x - y).map(id),
      statementStarts: b.starts.sort((x, y) => x - y),
    }));
  }
}

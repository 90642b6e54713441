// Where a proposed program differs from the document, line by line: the hunks the Accept edit
// replaces (and nothing else), and the proposal shown beside the lines it replaces. Pure; no vscode.
import { diffArrays } from 'diff';
import type { FixMark } from '../marks/model';
import { applyEdits } from '../../core/textEdits';

export interface LineHunk {
  /** First replaced line of the old text, 1-based; for a pure insertion, the line it goes before. */
  oldStart: number;
  /** Lines replaced (0 for a pure insertion). */
  oldCount: number;
  /** The new lines, without their line ends. */
  newLines: string[];
  /** The replaced slice of the old text, as character offsets (line ends included). */
  startOffset: number;
  endOffset: number;
  /** What replaces that slice, line ends included. */
  newText: string;
}

/** Lines with their line ends, so that joining them gives the text back exactly. */
function splitKeepEnds(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const stripEnd = (line: string): string => line.replace(/\r?\n$/, '');

/** The smallest line hunks that turn oldText into newText. */
export function lineHunks(oldText: string, newText: string): LineHunk[] {
  const oldLines = splitKeepEnds(oldText);
  const newLines = splitKeepEnds(newText);
  const hunks: LineHunk[] = [];
  let line = 1;
  let offset = 0;
  let open: LineHunk | undefined;
  const close = (): void => {
    if (open) hunks.push(open);
    open = undefined;
  };
  for (const part of diffArrays(oldLines, newLines)) {
    if (!part.added && !part.removed) {
      close();
      for (const l of part.value) offset += l.length;
      line += part.value.length;
      continue;
    }
    open ??= {
      oldStart: line,
      oldCount: 0,
      newLines: [],
      startOffset: offset,
      endOffset: offset,
      newText: '',
    };
    if (part.removed) {
      open.oldCount += part.value.length;
      for (const l of part.value) offset += l.length;
      open.endOffset = offset;
      line += part.value.length;
    } else {
      open.newLines.push(...part.value.map(stripEnd));
      open.newText += part.value.join('');
    }
  }
  close();
  return hunks;
}

/** Applies hunks to the text they were computed from (what the Accept edit does to the document). */
export function applyHunks(oldText: string, hunks: readonly LineHunk[]): string {
  return applyEdits(
    oldText,
    hunks.map((h) => ({ from: h.startOffset, to: h.endOffset, text: h.newText })),
  );
}

/**
 * The proposal beside the document: the replaced lines (struck through when drawn), each new line
 * beside the old line it replaces, in order; new lines beyond the replaced ones go with the last of
 * them (` ⏎ `-joined); a pure insertion sits beside the line before it.
 */
export function proposalMark(hunks: readonly LineHunk[], summary: string): FixMark | undefined {
  if (hunks.length === 0) return undefined;
  const lines: number[] = [];
  const proposed: { line: number; text: string }[] = [];
  const show = (newLines: string[]): string => {
    const text = newLines.map((l) => l.trim()).join(' ⏎ ');
    return text === '' ? '(blank line)' : text;
  };
  for (const h of hunks) {
    if (h.oldCount === 0) {
      proposed.push({ line: Math.max(1, h.oldStart - 1), text: `+ ${show(h.newLines)}` });
      continue;
    }
    for (let i = 0; i < h.oldCount; i++) {
      const line = h.oldStart + i;
      lines.push(line);
      const mine = i === h.oldCount - 1 ? h.newLines.slice(i) : h.newLines.slice(i, i + 1);
      if (mine.length > 0) proposed.push({ line, text: show(mine) });
    }
  }
  const anchorLine = Math.min(...lines, ...proposed.map((p) => p.line));
  return { lines, proposed, anchorLine, summary };
}

// A parsed tree kept for a moment after its analysis, for the next step that needs the same tree:
// `ldb trace` reads a file (functions, blocks, tests), then makes the copy the runtime runs from
// the same text, and parsing it again (and walking it again) would cost a short process a few ms.
// The cache owns what it keeps and gives it away once: the taker deletes it. Bounded, and the
// oldest tree is deleted when a new one comes, so a long-lived process (the extension) never
// holds more than a few.
import type { Tree } from 'web-tree-sitter';
import type { Grammar } from './treeSitter';

const MAX_KEPT = 4;
const kept: { grammar: Grammar; text: string; tree: Tree }[] = [];

/** Keeps `tree` (of `text` read with `grammar`); the cache now owns it. */
export function keepTree(grammar: Grammar, text: string, tree: Tree): void {
  kept.push({ grammar, text, tree });
  while (kept.length > MAX_KEPT) kept.shift()?.tree.delete();
}

/** The tree kept for this text, if any; the caller owns it (and deletes it). */
export function takeTree(grammar: Grammar, text: string): Tree | undefined {
  const at = kept.findIndex((k) => k.grammar === grammar && k.text === text);
  if (at < 0) return undefined;
  return kept.splice(at, 1)[0]?.tree;
}

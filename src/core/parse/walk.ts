// Tree walks without recursion: generated code can nest expressions deeply enough to overflow the
// JavaScript stack, and parsing must never throw on any input.
import type { Node } from 'web-tree-sitter';

/**
 * Visits `root` and its descendants (named and anonymous) in source order. `visit` gets the
 * chain of ancestors (root first, excluding the node) and returns whether to descend. When
 * `wanted` is given, a node whose type it rejects is skipped with its subtree before a Node
 * object is made for it: most of a tree is expressions that most walks never need to see.
 */
export function preorder(
  root: Node,
  visit: (node: Node, ancestors: readonly Node[]) => boolean,
  wanted?: (type: string) => boolean,
): void {
  const cursor = root.walk();
  const ancestors: Node[] = [];
  try {
    for (;;) {
      const skip = wanted !== undefined && ancestors.length > 0 && !wanted(cursor.nodeType);
      const node = skip ? undefined : cursor.currentNode;
      if (node && visit(node, ancestors) && cursor.gotoFirstChild()) {
        ancestors.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (ancestors.length === 0 || !cursor.gotoParent()) return;
        ancestors.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

/** True if some descendant of `root` satisfies `match`, not looking inside nodes `skip` rejects. */
export function someDescendant(root: Node, match: (n: Node) => boolean, skip: (n: Node) => boolean): boolean {
  let found = false;
  preorder(root, (node) => {
    if (found) return false;
    const isRoot = node.id === root.id;
    if (!isRoot && match(node)) {
      found = true;
      return false;
    }
    return isRoot || !skip(node);
  });
  return found;
}

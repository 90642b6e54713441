// The tests a runner collected in one file as the Testing view shows them: classes hold their test
// functions, a parametrized function holds its cases (`[3-10-2.7]`), everything else is a leaf.
// Every node's id is the runner's id of what it stands for (`tests/test_x.py::TestCart::test_total`),
// which the runner also accepts. Pure: no vscode (test/unit/extension/collectedTree.test.ts).
import type { TestCase } from '../core/model';

export interface CollectedNode {
  /** The runner's id of the class, the function, or the test. */
  id: string;
  label: string;
  /** 1-based, where the runner places it (its first decorator); a parent takes its first child's. */
  line?: number;
  /** The test a leaf runs; parents have none. */
  test?: TestCase;
  children: CollectedNode[];
}

/** A collected test of a function, a class and parameters; anything else the runner gave stays a leaf. */
function pathOf(test: TestCase): { parents: { id: string; label: string }[]; leaf: string } {
  const item = test.item;
  if (!item) return { parents: [], leaf: test.label };
  const parents: { id: string; label: string }[] = [];
  let id = item.file;
  for (const name of item.class?.split('.') ?? []) {
    id = `${id}::${name}`;
    parents.push({ id, label: name });
  }
  if (item.parameters === undefined) return { parents, leaf: item.function };
  parents.push({ id: `${id}::${item.function}`, label: item.function });
  return { parents, leaf: `[${item.parameters}]` };
}

/** The tree of a file's collected tests, in the runner's order. */
export function collectedTree(tests: readonly TestCase[]): CollectedNode[] {
  const roots: CollectedNode[] = [];
  const parentsById = new Map<string, CollectedNode>();
  for (const test of tests) {
    const { parents, leaf } = pathOf(test);
    let siblings = roots;
    for (const p of parents) {
      let node = parentsById.get(p.id);
      if (!node) {
        node = {
          id: p.id,
          label: p.label,
          ...(test.line !== undefined ? { line: test.line } : {}),
          children: [],
        };
        parentsById.set(p.id, node);
        siblings.push(node);
      }
      siblings = node.children;
    }
    siblings.push({
      id: test.id,
      label: leaf,
      ...(test.line !== undefined ? { line: test.line } : {}),
      test,
      children: [],
    });
  }
  return roots;
}

/** Whether a collected test belongs to a function of its file (by name, and its class by qualified name). */
export function collectedFrom(test: TestCase, fn: { name: string; parent?: string }): boolean {
  const item = test.item;
  return item !== undefined && item.function === fn.name && (item.class ?? '') === (fn.parent ?? '');
}

/** The runner's id of the test function a collected test runs (its parameters left out). */
export function testFunctionId(test: TestCase): string {
  const item = test.item;
  if (!item) return test.id;
  return [item.file, ...(item.class?.split('.') ?? []), item.function].join('::');
}

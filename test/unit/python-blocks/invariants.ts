// Properties every segmentation must have, whatever the program: checked on each fixture and on
// each program of the LDB corpus.
import { strict as assert } from 'node:assert';
import { lineToBlock } from '../../../src/core/languages/python/lineMap';
import type { SourceFile } from '../../../src/core/model';

/** `xs[i]`, failing the test when it is not there. */
export function nth<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  assert.ok(x !== undefined, `no item ${i} among ${xs.length}`);
  return x;
}

export function checkInvariants(source: SourceFile): void {
  const ids = new Set<string>();
  const owner = new Map<number, string>(); // line -> function, for the flat map check
  for (const fn of source.functions) {
    const own = new Set(fn.blocks.map((b) => b.id));
    const seenLines = new Set<number>();
    assert.ok(fn.startLine <= fn.defLine && fn.defLine <= fn.endLine, `${fn.qualifiedName}: line order`);
    fn.blocks.forEach((b, index) => {
      const where = `${b.id}`;
      assert.equal(b.id, `${fn.qualifiedName}#${index}`, where);
      assert.equal(b.index, index, where);
      assert.equal(b.function, fn.qualifiedName, where);
      assert.ok(!ids.has(b.id), `duplicate block id ${b.id}`);
      ids.add(b.id);
      assert.ok(
        b.startLine <= b.endLine && b.startLine >= fn.defLine && b.endLine <= fn.endLine,
        `${where}: range`,
      );
      assert.deepEqual(
        b.lines,
        [...b.lines].sort((x, y) => x - y),
        `${where}: lines sorted`,
      );
      for (const line of b.lines) {
        assert.ok(line >= b.startLine && line <= b.endLine, `${where}: line ${line} outside its range`);
        assert.ok(!seenLines.has(line), `${where}: line ${line} belongs to two blocks`);
        seenLines.add(line);
        owner.set(line, fn.qualifiedName);
      }
      for (const start of b.statementStarts ?? [])
        assert.ok(b.lines.includes(start), `${where}: start ${start}`);
      for (const s of b.successors)
        assert.ok(own.has(s), `${where}: successor ${s} is not a block of its function`);
    });
  }
  // The flat map agrees with the blocks: a line maps to a block of the innermost function owning it.
  const flat = lineToBlock(source, 'block');
  for (const [line, fn] of owner)
    assert.ok(flat[line]?.startsWith(`${fn}#`), `line ${line}: ${flat[line]} for ${fn}`);
  const lineLevel = lineToBlock(source, 'line');
  assert.deepEqual(Object.keys(lineLevel), Object.keys(flat), 'both levels map the same lines');
}

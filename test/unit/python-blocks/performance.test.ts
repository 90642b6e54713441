// Segmentation must be cheap enough to run on every keystroke's worth of edits: a 1,000-line
// file, once the parser is loaded, in a few milliseconds. The bound asserted is loose (slow CI
// machines); the measured time is printed.
import { strict as assert } from 'node:assert';
import { loadParser } from '../../../src/core/parse/treeSitter';
import { parseSource } from '../../../src/core/source';
import { DIST_DIR } from '../../support/paths';

/** 1,000 lines of the shapes LLM-written code has: loops, branches, try, nested helpers, docstrings. */
function thousandLines(): string {
  const parts: string[] = [];
  for (let i = 0; parts.join('\n').split('\n').length < 1000; i++) {
    parts.push(
      [
        `def task_${i}(values, limit=10):`,
        `    """Task ${i}.`,
        `    >>> task_${i}([1, 2, 3])`,
        `    6`,
        `    """`,
        `    total = 0`,
        `    for index, value in enumerate(values):`,
        `        if value < 0: continue`,
        `        elif value > limit:`,
        `            break`,
        `        try:`,
        `            total += helper_${i}(value,`,
        `                                 index)`,
        `        except ZeroDivisionError:`,
        `            total -= 1`,
        `    while total > 100:`,
        `        total //= 2`,
        `    return total`,
        ``,
        `def helper_${i}(a, b):`,
        `    def inner(x): return x * 2`,
        `    return inner(a) + [b for b in range(b) if b % 2][0:1].__len__()`,
        ``,
      ].join('\n'),
    );
  }
  return parts.join('\n');
}

describe('python blocks: performance', () => {
  it('segments a 1,000-line file in a few milliseconds once loaded', async () => {
    const text = thousandLines();
    const lines = text.split('\n').length;
    const parser = await loadParser('python', DIST_DIR);
    const times: number[] = [];
    const parseTimes: number[] = [];
    let blocks = 0;
    for (let run = 0; run < 21; run++) {
      let start = performance.now();
      const source = await parseSource({ path: 'big.py', text, wasmDir: DIST_DIR });
      times.push(performance.now() - start);
      blocks = source.functions.reduce((n, f) => n + f.blocks.length, 0);
      assert.deepEqual(source.syntaxErrors, []);
      start = performance.now();
      parser.parse(text)?.delete();
      parseTimes.push(performance.now() - start);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
    console.log(
      `    ${lines} lines, ${blocks} blocks: parseSource median ${median(times).toFixed(1)} ms, ` +
        `of which the tree-sitter parse ${median(parseTimes).toFixed(1)} ms`,
    );
    assert.ok(median(times) < 100, `median ${median(times).toFixed(1)} ms`);
  });
});

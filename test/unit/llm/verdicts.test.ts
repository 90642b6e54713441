// Verdict parsing on realistic replies (fixtures in test/fixtures/llm/verdicts-*.txt). Each case
// states the reading as `LABEL:T|F|?` per block, so a failure shows the whole reading at once.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVerdicts, readCorrect, type VerdictTarget } from '../../../src/core/llm/replies';
import { findJsonValues } from '../../../src/core/llm/relaxedJson';
import { FIXTURES_DIR } from '../../support/paths';

function blocks(count: number, prefix = 'BLOCK'): VerdictTarget[] {
  return Array.from({ length: count }, (_, i) => ({
    label: `${prefix}-${i}`,
    startLine: 2 + 2 * i,
    endLine: 3 + 2 * i,
  }));
}

function fixture(name: string): string {
  return readFileSync(join(FIXTURES_DIR, 'llm', name), 'utf8');
}

function summary(
  text: string,
  targets: VerdictTarget[],
): { reading: string; usable: boolean; problems: string[] } {
  const result = parseVerdicts(text, targets);
  const mark = (c: boolean | 'unknown'): string => (c === 'unknown' ? '?' : c ? 'T' : 'F');
  return {
    reading: result.verdicts.map((v) => `${v.block}:${mark(v.correct)}`).join(' '),
    usable: result.usable,
    problems: result.problems,
  };
}

function check(
  name: string,
  targets: VerdictTarget[],
  expected: { reading: string; usable?: boolean; problems?: string[] },
): void {
  const actual = summary(fixture(name), targets);
  assert.equal(actual.reading, expected.reading, name);
  assert.equal(actual.usable, expected.usable ?? true, name);
  assert.deepEqual(actual.problems, expected.problems ?? [], name);
}

describe('reading verdicts from replies', () => {
  it("reads LDB's JSON lines with prose around them, keeping explanations and line ranges", () => {
    check('verdicts-json-lines-prose.txt', blocks(3), { reading: 'BLOCK-0:T BLOCK-1:T BLOCK-2:F' });
    const [, , third] = parseVerdicts(fixture('verdicts-json-lines-prose.txt'), blocks(3)).verdicts;
    assert.deepEqual(third, {
      block: 'BLOCK-2',
      correct: false,
      explanation: 'The loop stops at `i < n`, so the last value n=5 is never added. It should be `i <= n`.',
      startLine: 6,
      endLine: 7,
    });
  });

  it('reads a fenced JSON array with a trailing comma', () => {
    check('verdicts-fenced-array.txt', blocks(3), { reading: 'BLOCK-0:T BLOCK-1:F BLOCK-2:T' });
  });

  it('reads Python literals in a bare fence, an apostrophe inside a quoted string included', () => {
    check('verdicts-bare-fence-python-literals.txt', blocks(2), { reading: 'BLOCK-0:T BLOCK-1:F' });
    const [first] = parseVerdicts(fixture('verdicts-bare-fence-python-literals.txt'), blocks(2)).verdicts;
    assert.equal(first.explanation, "It's fine: the dict is built from the input.");
  });

  it('reads an object keyed by block, with yes/no and a bare boolean', () => {
    check('verdicts-keyed-object.txt', blocks(3), { reading: 'BLOCK-0:T BLOCK-1:F BLOCK-2:T' });
    const verdicts = parseVerdicts(fixture('verdicts-keyed-object.txt'), blocks(3)).verdicts;
    assert.equal(verdicts[1].explanation, "Counts vowels but skips 'y' at the end of a word.");
  });

  it('reads an object holding a list, blocks named by number and by "block 1"', () => {
    check('verdicts-object-with-list.txt', blocks(2), { reading: 'BLOCK-0:T BLOCK-1:F' });
  });

  it("reads LDB's completion-style [BLOCK-i] Feedback: CORRECT / INCORRECT", () => {
    check('verdicts-ldb-completion-style.txt', blocks(2), { reading: 'BLOCK-0:T BLOCK-1:F' });
    const [first] = parseVerdicts(fixture('verdicts-ldb-completion-style.txt'), blocks(2)).verdicts;
    assert.equal(
      first.explanation,
      'The function parameter `n` is 3. This block initializes the `sum` variable to 0.',
    );
  });

  it('reads markdown prose: "**BLOCK-1**: This block is not correct"', () => {
    check('verdicts-markdown-prose.txt', blocks(3), { reading: 'BLOCK-0:T BLOCK-1:F BLOCK-2:T' });
    const verdicts = parseVerdicts(fixture('verdicts-markdown-prose.txt'), blocks(3)).verdicts;
    assert.match(
      verdicts[1].explanation,
      /^The condition `len\(w\) > 4` drops words of exactly four letters/,
    );
  });

  it('marks missing blocks unknown and drops a verdict for a block that does not exist', () => {
    check('verdicts-missing-and-extra.txt', blocks(3), {
      reading: 'BLOCK-0:T BLOCK-1:? BLOCK-2:F',
      problems: ['verdict for BLOCK-7, which is not in the trace (dropped)', 'no verdict for BLOCK-1'],
    });
  });

  it('finds no verdicts in a reply without any: not usable', () => {
    check('verdicts-none.txt', blocks(2), {
      reading: 'BLOCK-0:? BLOCK-1:?',
      usable: false,
      problems: ['no verdicts found in the reply', 'no verdict for BLOCK-0', 'no verdict for BLOCK-1'],
    });
  });

  it('reads thousands of nested brackets as no verdict, without overflowing the stack', () => {
    const deep = '['.repeat(3000) + '{"block": "BLOCK-0", "correct": false}' + ']'.repeat(3000);
    const reading = parseVerdicts(deep, blocks(1));
    assert.equal(reading.usable, false);
    // The same verdict a few levels down is read.
    assert.equal(parseVerdicts('[[[{"block": "BLOCK-0", "correct": false}]]]', blocks(1)).usable, true);
  });

  it("ignores a reasoning model's <think> section", () => {
    check('verdicts-think-then-json.txt', blocks(2), { reading: 'BLOCK-0:T BLOCK-1:F' });
  });

  it('reads JSON lines with unescaped quotes inside the explanation', () => {
    check('verdicts-unescaped-quotes.txt', blocks(2), { reading: 'BLOCK-0:T BLOCK-1:F' });
    const [, second] = parseVerdicts(fixture('verdicts-unescaped-quotes.txt'), blocks(2)).verdicts;
    assert.equal(
      second.explanation,
      'Adds to "seen" before checking it, so every element looks like a duplicate.',
    );
  });

  it('matches labels of line and function level, and a reply that names them as blocks', () => {
    const lines = blocks(2, 'LINE');
    assert.equal(
      summary('{"block": "LINE-0", "correct": true}\n{"block": "BLOCK-1", "correct": false}', lines).reading,
      'LINE-0:T LINE-1:F',
    );
  });

  it('takes unnamed verdicts by position only when there is exactly one per block', () => {
    const inOrder = '[{"correct": true, "explanation": "a"}, {"correct": false, "explanation": "b"}]';
    assert.deepEqual(summary(inOrder, blocks(2)), {
      reading: 'BLOCK-0:T BLOCK-1:F',
      usable: true,
      problems: ['verdicts without block names, matched by position'],
    });
    assert.deepEqual(summary(inOrder, blocks(3)).usable, false);
  });

  it('says so when a block gets two different verdicts, and keeps the last', () => {
    const text = '{"block": "BLOCK-0", "correct": true}\n{"block": "BLOCK-0", "correct": false}';
    assert.deepEqual(summary(text, blocks(1)), {
      reading: 'BLOCK-0:F',
      usable: true,
      problems: ['two different verdicts for BLOCK-0 (kept the last)'],
    });
  });

  it('keeps a verdict it cannot read as unknown, and says why', () => {
    const text = '{"block": "BLOCK-0", "correct": "partially"}\n{"block": "BLOCK-1", "correct": "False"}';
    assert.deepEqual(summary(text, blocks(2)), {
      reading: 'BLOCK-0:? BLOCK-1:F',
      usable: true,
      problems: ['BLOCK-0: cannot read "partially" as correct or not'],
    });
  });

  it('is usable with no blocks to judge', () => {
    assert.equal(parseVerdicts('anything', []).usable, true);
  });

  it('reads the usual spellings of correct and incorrect', () => {
    const cases: [unknown, boolean | 'unknown' | undefined][] = [
      [true, true],
      ['True', true],
      ['true', true],
      ['YES', true],
      ['Correct.', true],
      ['correct - the loop is fine', true],
      [1, true],
      [false, false],
      ['False', false],
      ['no', false],
      ['INCORRECT', false],
      ['Not correct', false],
      ['wrong', false],
      [0, false],
      [null, 'unknown'],
      ['unknown', 'unknown'],
      ['perhaps', undefined],
      [2, undefined],
    ];
    for (const [value, expected] of cases) assert.equal(readCorrect(value), expected, JSON.stringify(value));
  });

  it('finds relaxed JSON values in text and skips what is not JSON', () => {
    assert.deepEqual(findJsonValues('see [BLOCK-0] and {x} then {a: 1, "b": [True, None,],} and [1, 2]'), [
      { a: 1, b: [true, null] },
      [1, 2],
    ]);
  });
});

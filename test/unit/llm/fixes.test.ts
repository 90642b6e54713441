// Taking the fix out of a reply (fixtures in test/fixtures/llm/fix-*.txt). The check here is a
// stand-in for the tree-sitter one the loop supplies: it is only as clever as these tests need.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { correctiveMessage, extractFix, type FixCheck } from '../../../src/core/llm/replies';
import { FIXTURES_DIR } from '../../support/paths';
import { python } from '../../../src/core/languages/python';

function fixture(name: string): string {
  return readFileSync(join(FIXTURES_DIR, 'llm', name), 'utf8');
}

/** Top-level lines look like Python statements, brackets balance, and `name` is defined. */
function simpleCheck(name: string): FixCheck {
  return (code) => {
    const topLevel = code.split('\n').filter((l) => l.trim() !== '' && !/^\s/.test(l));
    const prose = topLevel.find((l) => !/^(def |class |import |from |@|#|[A-Za-z_][\w.]*\s*(=|\())/.test(l));
    if (prose) return { ok: false, reason: `does not parse: "${prose}" is not Python` };
    const opened = code.replace(/[^([{]/g, '').length;
    const closed = code.replace(/[^)\]}]/g, '').length;
    if (opened !== closed) return { ok: false, reason: 'does not parse: unbalanced brackets' };
    if (!new RegExp(`^def ${name}\\(`, 'm').test(code))
      return { ok: false, reason: `does not define \`${name}\`` };
    return { ok: true };
  };
}

const SUM_TO = [
  'def sum_to(n):',
  '    total = 0',
  '    for i in range(1, n + 1):',
  '        total += i',
  '    return total',
].join('\n');

function check(name: string, expected: { code: string } | { error: string; likeliest?: string }): void {
  assert.deepEqual(extractFix(fixture(name), 'sum_to', simpleCheck('sum_to'), python.words), expected, name);
}

describe('extracting the fix from a reply', () => {
  it('takes a fence without a language tag', () => {
    check('fix-untagged-fence.txt', { code: SUM_TO });
  });

  it('takes a python-tagged fence with prose around it', () => {
    check('fix-python-tag.txt', { code: SUM_TO });
  });

  it('takes, among several fences, the one that defines the entry function', () => {
    check('fix-several-fences.txt', { code: `import math\n\n${SUM_TO}` });
  });

  it('takes the code out of a reply without fences, leaving the sentences out', () => {
    check('fix-no-fence.txt', { code: SUM_TO });
  });

  it('takes a whole reply that is code', () => {
    check('fix-bare-code.txt', { code: 'def sum_to(n):\n    return n * (n + 1) // 2' });
  });

  it("takes LDB's [PYTHON] ... [/PYTHON] block", () => {
    check('fix-ldb-brackets.txt', { code: 'def sum_to(n):\n    return n * (n + 1) // 2' });
  });

  it('takes a fence the reply ended inside, if the code is complete', () => {
    check('fix-cut-off.txt', { code: SUM_TO });
  });

  it('refuses a fix that no longer defines the entry function', () => {
    check('fix-drops-entry.txt', {
      error: 'the code in the reply does not define `sum_to`',
      likeliest: 'def sum_numbers(n):\n    return n * (n + 1) // 2',
    });
  });

  it('says which block it tried when several fences hold nothing usable', () => {
    const text = '```python\ndef total(n):\n    return n\n```\n\n```\nprint(total(3))\n```';
    assert.deepEqual(extractFix(text, 'sum_to', simpleCheck('sum_to'), python.words), {
      error: 'none of the 2 code blocks in the reply is usable; the likeliest does not define `sum_to`',
      likeliest: 'def total(n):\n    return n',
    });
  });

  it('falls back to the next candidate when the likeliest does not pass the check', () => {
    const text =
      '```python\ndef sum_to(n:\n    return n\n```\n\n```python\ndef sum_to(n):\n    return n\n```';
    assert.deepEqual(extractFix(text, 'sum_to', simpleCheck('sum_to'), python.words), {
      code: 'def sum_to(n):\n    return n',
    });
  });

  it('says so when the reply is empty or holds no code', () => {
    assert.deepEqual(extractFix('  \n', 'sum_to', simpleCheck('sum_to'), python.words), {
      error: 'the reply is empty',
    });
    // A reply without code stands for itself: it is what LDB would have run as the next program.
    assert.deepEqual(
      extractFix('I am not sure what is wrong here.', 'sum_to', simpleCheck('sum_to'), python.words),
      {
        error: 'the reply holds no code block and no recognisable code',
        likeliest: 'I am not sure what is wrong here.',
      },
    );
    assert.deepEqual(extractFix('```python\n\n```', 'sum_to', simpleCheck('sum_to'), python.words), {
      error: 'the code blocks in the reply are empty',
    });
  });

  it('finds a method of a class by its short name and removes the shared indent', () => {
    const text = 'Fixed:\n\n1. The method:\n   ```py\n   def add(self, x):\n       return self.v + x\n   ```';
    const check: FixCheck = (code) =>
      code.startsWith('def add(') ? { ok: true } : { ok: false, reason: 'no' };
    assert.deepEqual(extractFix(text, 'Acc.add', check, python.words), {
      code: 'def add(self, x):\n    return self.v + x',
    });
  });

  it('ignores code inside a <think> section', () => {
    const text =
      '<think>\n```python\ndef sum_to(n):\n    return 0\n```\n</think>\n```python\ndef sum_to(n):\n    return n\n```';
    assert.deepEqual(extractFix(text, 'sum_to', simpleCheck('sum_to'), python.words), {
      code: 'def sum_to(n):\n    return n',
    });
  });
});

describe('the corrective message', () => {
  it('repeats the verdict format with the real labels and the problems found', () => {
    const text = correctiveMessage({
      kind: 'verdicts',
      problems: [
        'no verdicts found in the reply',
        'no verdict for BLOCK-0',
        'no verdict for BLOCK-1',
        'more',
      ],
      labels: ['BLOCK-0', 'BLOCK-1'],
    });
    assert.equal(
      text,
      [
        'I could not read your verdicts (no verdicts found in the reply; no verdict for BLOCK-0; no verdict for BLOCK-1).',
        'Answer again with one JSON object per line, one line for each of BLOCK-0, BLOCK-1, and nothing else:',
        '{"block": "BLOCK-0", "correct": true, "explanation": "what this block does and whether that is right"}',
        '"correct" is true or false.',
      ].join('\n'),
    );
  });

  it('asks for the whole function in one code block after an unusable fix', () => {
    assert.equal(
      correctiveMessage({
        kind: 'fix',
        error: 'the code in the reply does not define `sum_to`',
        entryFunction: 'sum_to',
        fence: python.words.fence,
      }),
      'I could not use your fix: the code in the reply does not define `sum_to`.\n' +
        'Reply with the complete corrected function `sum_to`, with the imports and helpers it needs, in one ```python code block.',
    );
  });
});

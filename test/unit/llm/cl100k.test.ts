// Our cl100k counter must count exactly as js-tiktoken's reference encoder does.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCl100k, cl100kIndex, loadCl100k } from '../../../src/core/llm/cl100k';
import { TOKENIZER_INDEX_FILE } from '../../../src/core/llm/tokens';
import { DIST_DIR, REPO_ROOT } from '../../support/paths';
import { failingSeedCases } from '../../support/ldbCorpus';

/* eslint-disable @typescript-eslint/no-require-imports -- js-tiktoken's CJS build, as tokens.ts loads it */
const ranks = require('js-tiktoken/ranks/cl100k_base') as { pat_str: string; bpe_ranks: string };
const lite = require('js-tiktoken/lite') as {
  Tiktoken: new (r: unknown) => { encode(text: string, a: string[], d: string[]): number[] };
};
/* eslint-enable @typescript-eslint/no-require-imports */

describe('cl100k counter', function () {
  this.timeout(60_000);
  const ours = buildCl100k(ranks);
  const reference = new lite.Tiktoken(ranks);
  const check = (text: string): void =>
    assert.equal(ours.count(text), reference.encode(text, [], []).length, JSON.stringify(text.slice(0, 80)));

  it('counts like js-tiktoken on words, code, numbers, whitespace and unicode', () => {
    for (const text of [
      '',
      'hello world',
      'def f(x):\n    return x * 2\n',
      '   \n\n\t\t  x',
      '1234567890 3.14159 -42',
      'größe = länge * breite  # Fläche',
      '日本語のテキストと絵文字 🎉👩‍💻',
      "assert f('a') == {'b': [1, 2, 3]}",
      '<|endoftext|> is plain text here',
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      'antidisestablishmentarianism supercalifragilisticexpialidocious',
      '\r\n\r\n  \r\n',
    ]) {
      check(text);
    }
  });

  it('counts like js-tiktoken on this repository’s sources and golden prompts', () => {
    for (const file of [
      'src/core/debug/debugger.ts',
      'README.md',
      'test/golden/cli/trace/loop_many.prompt.txt',
      'examples/make_a_pile.py',
    ]) {
      check(readFileSync(join(REPO_ROOT, file), 'utf8'));
    }
  });

  it('counts like js-tiktoken on every program of LDB’s corpus', function () {
    for (const c of failingSeedCases()) check(c.program);
  });

  describe('the prebuilt index', () => {
    const shipped = readFileSync(join(DIST_DIR, TOKENIZER_INDEX_FILE));
    const text = 'def f(x):\n    return [v * 2 for v in x if v]  # doubled\n';

    it('is what hashing the bundled table gives, and counts like js-tiktoken', () => {
      assert.ok(Buffer.from(cl100kIndex(ranks)).equals(shipped), 'dist/cl100k.index is out of date');
      const fromIndex = loadCl100k(shipped);
      assert.ok(fromIndex);
      for (const c of failingSeedCases().slice(0, 20)) {
        assert.equal(fromIndex.count(c.program), reference.encode(c.program, [], []).length, c.id);
      }
    });

    it('is read from an unaligned buffer', () => {
      const shifted = Buffer.alloc(shipped.length + 1);
      shipped.copy(shifted, 1);
      assert.equal(loadCl100k(shifted.subarray(1))?.count(text), reference.encode(text, [], []).length);
    });

    it('is refused when it is cut short, of another format, or its table was changed', () => {
      assert.equal(loadCl100k(shipped.subarray(0, 100)), undefined);
      assert.equal(loadCl100k(shipped.subarray(0, shipped.length - 1)), undefined);
      const other = Buffer.from(shipped);
      other.writeInt32LE(0x6c646231, 0); // the older format, whose table was not inside
      assert.equal(loadCl100k(other), undefined);
      const changed = Buffer.from(shipped);
      changed[changed.length - 10] ^= 1;
      assert.equal(loadCl100k(changed), undefined);
    });
  });
});

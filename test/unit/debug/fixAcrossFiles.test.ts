// Reading a fix that spans files out of one reply (core/debug/fixAcrossFiles.ts), on the two files of
// the two_bugs fixture project as a trace across its modules shows them: each function goes to its
// file by the `# file:` line above it or, without one, by the one file the trace showed it in; a
// name shown in both files, a file the trace never reached or a new function without a file is an
// unusable fix whose reason says so. Parsing only: no process runs.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ShownFile } from '../../../src/core/debug/codeView';
import { placeFixAcross } from '../../../src/core/debug/fixAcrossFiles';
import { problemReason, correctiveMessage } from '../../../src/core/llm/replies';
import { parseSource } from '../../../src/core/source';
import { DIST_DIR, FIXTURES_DIR } from '../../support/paths';

const ROOT = join(FIXTURES_DIR, 'projects', 'two_bugs');
const ORDER = 'store/order.py';
const MONEY = 'store/money.py';
const ENTRY = { file: ORDER, name: 'order_total' };

async function shownFile(file: string): Promise<ShownFile> {
  const path = join(ROOT, file);
  const source = await parseSource({ path, text: readFileSync(path, 'utf8'), wasmDir: DIST_DIR });
  // As the trace of tests/test_order.py::test_order shows them: every function of both files ran.
  return { file, source, functions: source.functions };
}

async function read(reply: string) {
  const shown = [await shownFile(ORDER), await shownFile(MONEY)];
  return placeFixAcross(reply, shown, ENTRY, DIST_DIR);
}

async function placed(reply: string): Promise<Map<string, { text: string; functions: string[] }>> {
  const result = await read(reply);
  assert.ok(result.ok, result.ok ? '' : problemReason(result.problem));
  return new Map(result.value.map((p) => [p.file, { text: p.text, functions: p.functions }]));
}

async function unusable(reply: string): Promise<string> {
  const result = await read(reply);
  assert.ok(!result.ok, 'the fix should not be usable');
  return problemReason(result.problem);
}

const fence = (code: string): string => '```python\n' + code + '\n```';

describe('a fix across files', () => {
  it('puts each function under its # file: line into that file, every other byte kept', async () => {
    const files = await placed(
      fence(
        '# file: store/money.py\ndef cents(price, qty):\n    return _round(price * qty)\n\n\n' +
          '# file: store/order.py\ndef order_total(lines):\n    total = 0\n    for price, qty in lines:\n        total += cents(price, qty)\n    return _round(total)',
      ),
    );
    assert.deepEqual([...files.keys()].sort(), [MONEY, ORDER]);
    const money = readFileSync(join(ROOT, MONEY), 'utf8');
    assert.equal(files.get(MONEY)!.text, money.replace('price * (qty + 1)', 'price * qty'));
    assert.deepEqual(files.get(MONEY)!.functions, ['cents']);
    const order = readFileSync(join(ROOT, ORDER), 'utf8');
    assert.equal(files.get(ORDER)!.text, order.replace('total = 1', 'total = 0'));
  });

  it('without # file: lines, maps each function by the one file the trace showed it in', async () => {
    const files = await placed(fence('def cents(price, qty):\n    return _round(price * qty)'));
    assert.deepEqual([...files.keys()], [MONEY], 'only the helper module changes');
  });

  it('takes one code block per file together', async () => {
    const files = await placed(
      'In the order:\n' +
        fence('# file: store/order.py\ndef order_total(lines):\n    return 0') +
        '\nAnd the money:\n' +
        fence('# store/money.py\ndef cents(price, qty):\n    return 0'),
    );
    assert.deepEqual([...files.keys()].sort(), [MONEY, ORDER]);
  });

  it('a name the trace showed in both files, without a # file: line, is unusable and the retry says how to name it', async () => {
    const result = await read(fence('def _round(value):\n    return round(value)'));
    assert.ok(!result.ok);
    assert.equal(
      problemReason(result.problem),
      'the code in the reply defines _round(), which the trace showed in store/order.py and store/money.py: put it under the `# file: PATH` line of its file',
    );
    assert.match(
      correctiveMessage(result.problem),
      /each under the `# file: PATH` line of its file \(store\/order\.py, store\/money\.py\), in one ```python code block/,
    );
  });

  it('the same name under a # file: line goes to that file', async () => {
    const files = await placed(fence('# file: store/money.py\ndef _round(value):\n    return round(value)'));
    assert.deepEqual([...files.keys()], [MONEY]);
    assert.match(files.get(MONEY)!.text, /return round\(value\)/);
    assert.match(files.get(ORDER)?.text ?? readFileSync(join(ROOT, ORDER), 'utf8'), /return int\(value\)$/m);
  });

  it('a file the trace did not pass through is unusable', async () => {
    assert.equal(
      await unusable(fence('# file: store/tax.py\ndef cents(price, qty):\n    return 0')),
      'the code in the reply names the file store/tax.py, which the trace did not pass through (it passed through store/order.py and store/money.py)',
    );
  });

  it('a function put under another file than the one the trace showed it in is unusable', async () => {
    assert.equal(
      await unusable(fence('# file: store/order.py\ndef cents(price, qty):\n    return 0')),
      'the code in the reply puts cents() under store/order.py, but the trace showed cents() in store/money.py',
    );
  });

  it('a new function goes with the file it is written for; without a # file: line, only when one file changes', async () => {
    const one = await placed(
      fence(
        'def cents(price, qty):\n    return _half_up(price * qty)\n\n\ndef _half_up(v):\n    return int(v + 0.5)',
      ),
    );
    assert.match(one.get(MONEY)!.text, /def _half_up\(v\):/);
    assert.deepEqual(one.get(MONEY)!.functions, ['cents', '_half_up']);
    assert.equal(
      await unusable(
        fence(
          'def order_total(lines):\n    return 0\n\n\ndef cents(price, qty):\n    return 0\n\n\ndef helper():\n    return 1',
        ),
      ),
      'the code in the reply defines helper(), which the trace did not show, without a `# file: PATH` line to say which file it goes in',
    );
  });

  it('code that rewrites none of the functions shown, or does not parse, is unusable', async () => {
    assert.equal(
      await unusable(fence('def total(xs):\n    return sum(xs)')),
      'the code in the reply rewrites none of the functions the trace showed (order_total(), _round(), cents() and _round())',
    );
    assert.match(
      await unusable(fence('# file: store/money.py\ndef cents(price, qty):\n    return (')),
      /^the code in the reply does not parse: syntax error at \d+:\d+$/,
    );
  });
});

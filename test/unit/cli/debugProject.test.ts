// `ldb debug` on a project, with a pytest item as the failing test: the trace crosses modules, the
// model may rewrite functions in several files, the fix is verified by rerunning the pytest items
// under pytest with the changed files imported from copies, shown as one diff over the files and
// written (--write) to every file or none. A real CLI process, real pytest runs, the scripted
// OpenAI-compatible server on 127.0.0.1.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Session } from '../../../src/core/model';
import { runCli, type CliRun } from '../../support/cli';
import { FIXTURES_DIR } from '../../support/paths';
import { reply, startScriptedServer, type Script, type ScriptedServer } from '../../support/scriptedServer';

const fence = (code: string): string => 'The fix:\n```python\n' + code + '\n```\n';
const VERDICTS = '{"block": "BLOCK-0", "correct": true, "explanation": "Starts the total."}';

let dir: string;
let server: ScriptedServer | undefined;

/** A throwaway copy of a fixture project: its files are what the tests compare. */
function project(name: string): string {
  dir = mkdtempSync(join(tmpdir(), 'ldb-debug-project-'));
  cpSync(join(FIXTURES_DIR, 'projects', name), dir, { recursive: true });
  return dir;
}

/** Every file under the project, with its bytes: nothing may change, appear or go. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(root, path)] = readFileSync(path, 'latin1');
    }
  };
  walk(root);
  return out;
}

async function debug(script: Script, args: string[]): Promise<CliRun> {
  server = await startScriptedServer(script);
  return runCli(['debug', ...args], {
    env: { LDB_BASE_URL: server.baseUrl, LDB_MODEL: 'scripted', OPENAI_API_KEY: '', LDB_API_KEY: '' },
    cwd: dir,
    timeoutMs: 60_000,
  });
}

function lastUserMessage(index: number): string {
  const chat = server!.chats()[index];
  assert.ok(chat, `no chat request ${index}`);
  return chat.messages.filter((m) => m.role === 'user').at(-1)!.content;
}

describe('ldb debug across modules', function () {
  this.timeout(90_000);
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a bug in a helper module is fixed by rewriting the helper: one diff of that file, the files untouched', async () => {
    const root = project('vat_helper');
    const before = snapshot(root);
    const fix = fence(
      '# file: shop/pricing.py\ndef with_vat(cents):\n    return cents + cents * VAT_PERCENT // 100',
    );
    const out = join(tmpdir(), `ldb-session-${process.pid}.json`);
    const run = await debug(
      [reply(VERDICTS), reply(fix)],
      ['shop/cart.py', '--test', 'tests/test_cart.py::test_total', '--out', out],
    );
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const ask = lastUserMessage(0);
    assert.match(
      ask,
      /```python\n# file: shop\/cart\.py\ndef cart_total\(prices\):[\s\S]*# file: shop\/pricing\.py\ndef with_vat\(cents\):/,
    );
    assert.match(ask, /\(in shop\/pricing\.py::with_vat, depth 1\)/);
    assert.match(
      lastUserMessage(1),
      /^Fix the code\. It comes from 2 files \(shop\/cart\.py, shop\/pricing\.py\)/,
    );
    assert.match(run.stdout, /fix: 1\/1 visible tests pass · changes shop\/pricing\.py/);
    assert.match(run.stdout, /^--- shop\/pricing\.py\n\+\+\+ shop\/pricing\.py\t\(proposed fix\)$/m);
    assert.match(run.stdout, /^- {4}return cents \+ cents \* VAT_PERCENT \/\/ 10$/m);
    assert.match(run.stdout, /^\+ {4}return cents \+ cents \* VAT_PERCENT \/\/ 100$/m);
    assert.doesNotMatch(run.stdout, /^--- shop\/cart\.py/m);
    assert.match(run.stdout, /\(shop\/pricing\.py not changed: rerun with --write/);
    assert.deepEqual(snapshot(root), before, 'verification ran on copies');

    const session = JSON.parse(readFileSync(out, 'utf8')) as Session;
    rmSync(out);
    assert.equal(session.status, 'fixed');
    assert.equal(session.function, 'cart_total');
    assert.equal(session.finalCode, session.originalCode, 'shop/cart.py itself is not changed');
    assert.deepEqual(
      session.finalFiles?.map((f) => [f.file, f.path, f.functions]),
      [['shop/pricing.py', join(root, 'shop', 'pricing.py'), ['with_vat']]],
    );
    assert.equal(session.finalFiles?.[0].original, before['shop/pricing.py']);
    assert.deepEqual(session.iterations[0].fix?.files, session.finalFiles);
  });

  it('a fix rewriting two functions in two files passes only with both; --write writes both, nothing else', async () => {
    const root = project('two_bugs');
    const before = snapshot(root);
    // No # file: lines: each name was shown in one file only.
    const fix = fence(
      'def order_total(lines):\n    total = 0\n    for price, qty in lines:\n        total += cents(price, qty)\n    return _round(total)\n\n\n' +
        'def cents(price, qty):\n    return _round(price * qty)',
    );
    const run = await debug(
      [reply(VERDICTS), reply(fix)],
      ['store/order.py', '--test', 'tests/test_order.py::test_order', '--write', '--json'],
    );
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const session = JSON.parse(run.stdout) as Session;
    assert.deepEqual(
      session.finalFiles?.map((f) => [f.file, f.functions]),
      [
        ['store/order.py', ['order_total']],
        ['store/money.py', ['cents']],
      ],
    );
    assert.equal(session.finalCode, session.finalFiles?.[0].code, 'finalCode is still the debugged file');
    const after = snapshot(root);
    assert.equal(after['store/order.py'], before['store/order.py'].replace('total = 1', 'total = 0'));
    assert.equal(after['store/money.py'], before['store/money.py'].replace('(qty + 1)', 'qty'));
    assert.deepEqual(
      Object.keys(after).filter((f) => after[f] !== before[f]),
      ['store/money.py', 'store/order.py'],
    );
    assert.deepEqual(Object.keys(after).sort(), Object.keys(before).sort(), 'no file appeared');
  });

  it('an ambiguous function name fails its iteration with the reason; the next iteration fixes it', async () => {
    project('two_bugs');
    const ambiguous = fence('def _round(value):\n    return round(value)');
    const good = fence(
      '# file: store/order.py\ndef order_total(lines):\n    total = 0\n    for price, qty in lines:\n        total += cents(price, qty)\n    return _round(total)\n\n\n' +
        '# file: store/money.py\ndef cents(price, qty):\n    return _round(price * qty)',
    );
    const run = await debug(
      [reply(VERDICTS), reply(ambiguous), reply(ambiguous), reply(VERDICTS), reply(good)],
      ['store/order.py', '--test', 'tests/test_order.py::test_order', '--json', '--max-iters', '2'],
    );
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const reason =
      'the code in the reply defines _round(), which the trace showed in store/order.py and store/money.py: put it under the `# file: PATH` line of its file';
    assert.match(lastUserMessage(2), /^I could not use your fix: the code in the reply defines _round\(\)/);
    assert.match(
      lastUserMessage(2),
      /each under the `# file: PATH` line of its file \(store\/order\.py, store\/money\.py\)/,
    );
    const session = JSON.parse(run.stdout) as Session;
    assert.equal(session.iterations[0].unusableFix?.reason, reason);
    assert.equal(session.iterations[0].fix, undefined);
    assert.ok(
      lastUserMessage(3).startsWith(`Your last reply could not be used: ${reason}. The code is unchanged`),
    );
    assert.equal(session.status, 'fixed');
    assert.equal(session.finalFiles?.length, 2);
  });

  it('a fix that breaks an import is a failed fix, not an error; the next request has no trace and says why; the files stay', async () => {
    const root = project('two_bugs');
    const before = snapshot(root);
    const breaks = fence(
      '# file: store/money.py\nfrom .rounding import half_up\n\n\ndef cents(price, qty):\n    return half_up(price * qty)',
    );
    const partial = fence('def cents(price, qty):\n    return _round(price * qty)');
    const run = await debug(
      [reply(VERDICTS), reply(breaks), reply('No verdicts without a trace.'), reply(partial)],
      ['store/order.py', '--test', 'tests/test_order.py::test_order', '--json', '--max-iters', '2'],
    );
    assert.equal(run.code, 1, run.stderr + run.stdout);
    const session = JSON.parse(run.stdout) as Session;
    const broken = session.iterations[0].fix?.results[0].outcome;
    assert.equal(broken?.status, 'error');
    assert.equal(broken?.exception?.type, 'CollectionError');
    assert.match(broken?.exception?.message ?? '', /No module named 'store\.rounding'/);
    assert.match(lastUserMessage(2), /^Your fix passes 0 of 1 tests\. It still fails\./);
    assert.match(lastUserMessage(2), /There is no execution trace: /);
    assert.match(lastUserMessage(2), /from \.rounding import half_up/, 'the model sees the code it broke');
    assert.match(lastUserMessage(2), /CollectionError: .*No module named 'store\.rounding'/);
    // The import the first fix added stays (a fix rewrites functions): still broken, still no error.
    assert.equal(session.iterations[1].fix?.results[0].outcome.exception?.type, 'CollectionError');
    assert.deepEqual(snapshot(root), before, 'the files are untouched and nothing was left behind');
  });

  it('--write writes no file when one of them changed while the fix was made', async () => {
    const root = project('two_bugs');
    const fix = fence(
      '# file: store/order.py\ndef order_total(lines):\n    total = 0\n    for price, qty in lines:\n        total += cents(price, qty)\n    return _round(total)\n\n\n' +
        '# file: store/money.py\ndef cents(price, qty):\n    return _round(price * qty)',
    );
    const edited = '# edited meanwhile\n';
    const run = await debug(
      (_request, index) => {
        if (index === 1) writeFileSync(join(root, 'store', 'money.py'), edited);
        return reply(index === 0 ? VERDICTS : fix);
      },
      ['store/order.py', '--test', 'tests/test_order.py::test_order', '--write'],
    );
    assert.equal(run.code, 2, run.stderr + run.stdout);
    assert.equal(
      run.stderr,
      'ldb: store/money.py changed while the project was being debugged; no file written (the fix is in the output above)\n',
    );
    assert.match(run.stdout, /^--- store\/order\.py$/m, 'the fix is in the output');
    assert.match(run.stdout, /^--- store\/money\.py$/m);
    assert.equal(
      readFileSync(join(root, 'store', 'order.py'), 'utf8'),
      readFileSync(join(FIXTURES_DIR, 'projects', 'two_bugs', 'store', 'order.py'), 'utf8'),
    );
    assert.equal(readFileSync(join(root, 'store', 'money.py'), 'utf8'), edited);
  });
});

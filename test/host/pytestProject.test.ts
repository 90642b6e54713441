// A pytest project in the workspace (shop/: a package, tests/ with a conftest fixture, a
// parametrized test and a test class): the Testing view lists what pytest collects (cases under
// their function, methods under their class, with node ids and lines), in the interpreter the
// editor names (no Python extension here: ldb.python, else python3; the output channel says which);
// the CodeLens above a test function traces into the project's module; and "Debug with Trace" on
// the failing case ends with a fix of the module's function, verified under pytest. A project
// without configuration (weather/) has the node ids pytest gives from the workspace folder, though
// the extension host runs from another folder.
import { strict as assert } from 'node:assert';
import { cpSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import type { ItemTree } from '../../src/extension/testRecords';
import { reply, startScriptedServer, type ScriptedServer } from '../support/scriptedServer';
import {
  configure,
  diskText,
  drawnOn,
  EXTENSION_ID,
  fixtureUri,
  openAt,
  reset,
  restoreText,
  state,
  waitFor,
  workspaceDir,
} from './support';

const PRICING_TESTS = 'shop/tests/test_pricing.py';
const CART_TESTS = 'shop/tests/test_cart.py';
const MODULE = 'shop/shop/pricing.py';
const FAILING = 'tests/test_pricing.py::test_discounted[9.99-15-8.49]';
const FIXED_DISCOUNTED = [
  'def discounted(price, percent):',
  '    """The price after `percent` off (at most half off), in cents."""',
  '    cut = price * percent / 100',
  '    if percent > 50:',
  '        cut = price / 2',
  '    return round(price - cut, 2)',
].join('\n');

/** The runner's items of a file in the Testing view: ids without the file's prefix. */
function collected(file: ItemTree): unknown {
  const strip = (item: ItemTree): unknown => [
    item.id.slice(item.id.indexOf('@') + 1),
    item.label,
    item.line,
    item.children.map(strip),
  ];
  return file.children.filter((c) => c.id.includes('@')).map(strip);
}

async function listed(name: string, count: number): Promise<ItemTree> {
  const id = fixtureUri(name).toString();
  return waitFor(
    `${name}'s pytest items in the Testing view`,
    async () => (await state()).testItems.find((i) => i.id === id && i.children.length === count),
    30_000,
  );
}

/**
 * VS Code's "run (debug) the tests of this file": the workbench learns of the items a moment after
 * the extension host adds them, and until then the command finds no test; so it is run again until
 * a run starts.
 */
async function currentFile(
  command: 'testing.runCurrentFile' | 'testing.debugCurrentFile',
  before: number,
): Promise<{ running: Thenable<unknown> }> {
  for (let attempt = 0; ; attempt++) {
    const running = vscode.commands.executeCommand(command);
    try {
      await waitFor('a debug run to start', async () => (await state()).testRuns.length > before, 3000);
      return { running };
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
}

describe('a pytest project', function () {
  this.timeout(60_000);
  let server: ScriptedServer | undefined;
  beforeEach(reset);
  afterEach(async () => {
    await reset();
    await server?.close();
    server = undefined;
    await configure({
      python: undefined,
      'llm.provider': undefined,
      'llm.baseUrl': undefined,
      'llm.model': undefined,
    });
  });

  it('lists what pytest collects, cases under their function and methods under their class', async () => {
    await openAt(PRICING_TESTS, 1);
    await openAt(CART_TESTS, 1);
    assert.deepEqual(collected(await listed(PRICING_TESTS, 1)), [
      [
        'tests/test_pricing.py::test_discounted',
        'test_discounted',
        6,
        [
          ['tests/test_pricing.py::test_discounted[9.99-15-8.49]', '[9.99-15-8.49]', 6, []],
          ['tests/test_pricing.py::test_discounted[10-10-9.0]', '[10-10-9.0]', 6, []],
        ],
      ],
    ]);
    assert.deepEqual(collected(await listed(CART_TESTS, 2)), [
      ['tests/test_cart.py::test_total', 'test_total', 1, []],
      [
        'tests/test_cart.py::TestHalfOff',
        'TestHalfOff',
        8,
        [['tests/test_cart.py::TestHalfOff::test_at_most_half', 'test_at_most_half', 8, []]],
      ],
    ]);
  });

  it('runs the cases under pytest with the Run profile: a failure carries expected and actual', async () => {
    await openAt(PRICING_TESTS, 1);
    await listed(PRICING_TESTS, 1);
    const before = (await state()).testRuns.length;
    await (
      await currentFile('testing.runCurrentFile', before)
    ).running;
    const run = await waitFor('the Run to report', async () => {
      const runs = (await state()).testRuns;
      return runs.length > before && runs[runs.length - 1].results.length === 2 && runs[runs.length - 1];
    });
    assert.equal(run.profile, 'Run');
    assert.deepEqual(
      run.results.map((r) => [r.id.slice(r.id.indexOf('@') + 1), r.state, r.expected, r.actual]),
      [
        [FAILING, 'failed', '8.49', '8.5'],
        ['tests/test_pricing.py::test_discounted[10-10-9.0]', 'passed', undefined, undefined],
      ],
    );
  });

  it('collects in python3 without the Python extension, in ldb.python when set, and says which', async () => {
    await openAt(PRICING_TESTS, 1);
    await listed(PRICING_TESTS, 1);
    const said = (pattern: RegExp) =>
      waitFor(`the output channel to say ${pattern}`, async () =>
        (await state()).log.find((l) => pattern.test(l)),
      );
    await said(
      /^info: Python for workspace: none named in the editor \(ldb.python is empty and the Python extension is not installed\)/,
    );
    await said(
      /^info: Testing view: pytest \S+ collected \d+ test\(s\) in shop\/tests with \/\S+ \(Python 3\.\d+\.\d+; python3 on PATH\)$/,
    );
    await configure({ python: '/usr/bin/python3' });
    await said(/^info: Python for workspace: \/usr\/bin\/python3 \(the ldb.python setting\)$/);
    await said(
      /^info: Testing view: pytest \S+ collected \d+ test\(s\) in shop\/tests with \/usr\/bin\/python3\S* \(Python 3\.\d+\.\d+; the ldb.python setting\)$/,
    );
  });

  it('the lens above a pytest test function traces into the project module', async () => {
    const editor = await openAt(PRICING_TESTS, 1);
    const lens = await waitFor('the "Trace this test" lens', async () =>
      (
        await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          editor.document.uri,
        )
      ).find((l) => l.command?.title === 'Trace this test'),
    );
    assert.equal(lens.range.start.line, 6, 'above `def test_discounted`');
    const result = await vscode.commands.executeCommand<{ status: string; test: string }>(
      lens.command!.command,
      ...((lens.command!.arguments ?? []) as unknown[]),
    );
    assert.deepEqual([result?.status, result?.test], ['failed', FAILING]);
    const drawn = drawnOn(await state(), fixtureUri(MODULE));
    assert.ok(
      drawn.values?.some((v) => v.line === 6 && v.text?.includes('8.5')),
      JSON.stringify(drawn.values),
    );
  });

  it('"Debug with Trace" on the failing case fixes the module function, verified under pytest', async () => {
    server = await startScriptedServer((request) =>
      (request.messages[request.messages.length - 1]?.content ?? '').startsWith('Fix the code')
        ? reply('```python\n' + FIXED_DISCOUNTED + '\n```')
        : reply('{"block": "BLOCK-2", "correct": false, "explanation": "rounds to tenths, not cents"}'),
    );
    await configure({
      'llm.provider': 'openai-compatible',
      'llm.baseUrl': server.baseUrl,
      'llm.model': 'scripted-model',
    });
    const original = diskText(MODULE);
    await openAt(PRICING_TESTS, 1);
    await listed(PRICING_TESTS, 1);
    const before = (await state()).testRuns.length;
    // The "Debug with Trace" profile on the file's cases: the failing one is traced first.
    const { running: done } = await currentFile('testing.debugCurrentFile', before);
    const fix = await waitFor('a fix to review', async () => (await state()).pendingFix, 45_000);
    const module = await vscode.workspace.openTextDocument(fixtureUri(MODULE));
    try {
      assert.equal(fix.uri, module.uri.toString());
      assert.equal(fix.summary, 'passes 2/2 tests');
      assert.ok(fix.code.includes('    return round(price - cut, 2)\n'), fix.code);
      assert.equal(await vscode.commands.executeCommand('ldb.acceptFix'), true);
      await done;
      const run = await waitFor('the debug run to report', async () => {
        const runs = (await state()).testRuns;
        return runs.length > before && runs[runs.length - 1].results.length === 2 && runs[runs.length - 1];
      });
      assert.equal(run.profile, 'Debug with Trace');
      assert.deepEqual(
        run.results.map((r) => r.state),
        ['passed', 'passed'],
      );
      const s = await state();
      assert.equal(s.lastSession?.function, 'discounted');
      assert.equal(s.lastSession?.iterations[0].tracedTest, FAILING);
      assert.ok(module.getText().includes('    return round(price - cut, 2)\n'));
    } finally {
      await restoreText(module, original);
    }
  });
});

describe('a pytest project without configuration, the editor started from another folder', function () {
  this.timeout(60_000);
  const TESTS = 'weather/tests/test_temperature.py';
  const LIB = 'weather/lib/temperature.py';

  before(() => {
    // test/fixtures/projects/conftest_path: no pytest configuration, so pytest's rootdir reaches up
    // to the folder it is run from; its conftest puts ../lib on sys.path.
    const repo = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath;
    assert.ok(repo, 'the extension is not loaded');
    cpSync(join(repo, 'test', 'fixtures', 'projects', 'conftest_path'), join(workspaceDir(), 'weather'), {
      recursive: true,
    });
  });
  beforeEach(reset);
  afterEach(reset);
  after(() => rmSync(join(workspaceDir(), 'weather'), { recursive: true, force: true }));

  it('has the items and a trace by the node ids pytest gives from the workspace folder', async () => {
    // What the test is about: this process did not start in the workspace folder, nor under it
    // (code-server starts its extension host from its own home).
    assert.ok(relative(workspaceDir(), process.cwd()).startsWith('..'), process.cwd());
    const editor = await openAt(TESTS, 1);
    assert.deepEqual(collected(await listed(TESTS, 2)), [
      [
        'weather/tests/test_temperature.py::test_to_fahrenheit',
        'test_to_fahrenheit',
        5,
        [
          ['weather/tests/test_temperature.py::test_to_fahrenheit[freezing]', '[freezing]', 5, []],
          ['weather/tests/test_temperature.py::test_to_fahrenheit[boiling]', '[boiling]', 5, []],
        ],
      ],
      ['weather/tests/test_temperature.py::test_describe', 'test_describe', 10, []],
    ]);
    const lens = await waitFor('the "Trace this test" lens above test_describe', async () =>
      (
        await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          editor.document.uri,
        )
      ).find((l) => l.command?.title === 'Trace this test' && l.range.start.line === 9),
    );
    const result = await vscode.commands.executeCommand<{ status: string; test: string }>(
      lens.command!.command,
      ...((lens.command!.arguments ?? []) as unknown[]),
    );
    const id = 'weather/tests/test_temperature.py::test_describe';
    assert.deepEqual([result?.status, result?.test], ['failed', id]);
    const s = await state();
    assert.equal(s.lastTrace?.test, id);
    assert.equal(s.lastTrace?.uri, fixtureUri(LIB).toString(), 'the trace ends where the test goes wrong');
    // describe(10): to_fahrenheit gives 41.0 (23 added, not 32), so "cold".
    const drawn = drawnOn(s, fixtureUri(LIB));
    assert.ok(
      drawn.values?.some((v) => v.line === 6 && v.text?.includes('41.0')),
      JSON.stringify(drawn.values),
    );
  });
});

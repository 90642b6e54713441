// A fix that spans files, in the editor: Debug with Trace on a pytest item of a small project
// (test/fixtures/projects/two_bugs, copied into the workspace), the scripted model rewriting one
// function in each of two modules. The review holds both files; Accept applies one edit across
// them and one Undo restores both; a file that changed since the trace refuses the whole fix.
import { strict as assert } from 'node:assert';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DebugResult } from '../../src/extension/commands/debugWithTrace';
import { startScriptedServer, type RecordedRequest, type ScriptedServer } from '../support/scriptedServer';
import {
  EXTENSION_ID,
  configure,
  messageCount,
  messagesSince,
  reset,
  restoreText,
  state,
  waitFor,
  workspaceDir,
} from './support';

const PROJECT = 'two_bugs';
const ORDER = `${PROJECT}/store/order.py`;
const MONEY = `${PROJECT}/store/money.py`;
const TEST_ID = 'tests/test_order.py::test_order';

const FIX =
  'Both modules are wrong:\n```python\n' +
  '# file: store/order.py\ndef order_total(lines):\n    total = 0\n    for price, qty in lines:\n        total += cents(price, qty)\n    return _round(total)\n\n\n' +
  '# file: store/money.py\ndef cents(price, qty):\n    return _round(price * qty)\n```';

const isFixRequest = (r: RecordedRequest): boolean =>
  (r.messages[r.messages.length - 1]?.content ?? '').startsWith('Fix the code');

const uriOf = (name: string): vscode.Uri => vscode.Uri.file(join(workspaceDir(), name));

async function startServer(): Promise<ScriptedServer> {
  const server = await startScriptedServer((request) => ({
    reply: isFixRequest(request)
      ? FIX
      : '{"block": "BLOCK-0", "correct": false, "explanation": "the total starts at 1"}',
  }));
  await configure({
    'llm.provider': 'openai-compatible',
    'llm.baseUrl': server.baseUrl,
    'llm.model': 'scripted-model',
  });
  return server;
}

describe('Debug with Trace: a fix across files', function () {
  this.timeout(90_000);
  let server: ScriptedServer | undefined;
  let original: { order: string; money: string };

  before(() => {
    // Run from the repository (extensionDevelopmentPath): its fixture project goes into the workspace.
    const repo = vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath;
    assert.ok(repo, 'the extension is not loaded');
    cpSync(join(repo, 'test', 'fixtures', 'projects', PROJECT), join(workspaceDir(), PROJECT), {
      recursive: true,
    });
    original = {
      order: readFileSync(uriOf(ORDER).fsPath, 'utf8'),
      money: readFileSync(uriOf(MONEY).fsPath, 'utf8'),
    };
  });
  beforeEach(reset);
  afterEach(async () => {
    await reset();
    await server?.close();
    server = undefined;
    for (const [name, text] of [
      [ORDER, original.order],
      [MONEY, original.money],
    ] as const) {
      await restoreText(await vscode.workspace.openTextDocument(uriOf(name)), text);
    }
  });
  after(() => rmSync(join(workspaceDir(), PROJECT), { recursive: true, force: true }));

  async function proposeFix(): Promise<{
    order: vscode.TextDocument;
    done: Thenable<DebugResult | undefined>;
  }> {
    server = await startServer();
    const order = await vscode.workspace.openTextDocument(uriOf(ORDER));
    await vscode.window.showTextDocument(order, { preview: false });
    const done = vscode.commands.executeCommand<DebugResult>('ldb.debugWithTrace', {
      uri: order.uri.toString(),
      function: 'order_total',
      tests: [TEST_ID],
    });
    await waitFor('a fix to review', async () => (await state()).pendingFix, 60_000);
    return { order, done };
  }

  it('one review of both files; Accept applies one edit across them, one Undo restores both', async () => {
    const { order, done } = await proposeFix();
    const pending = (await state()).pendingFix!;
    assert.equal(pending.summary, 'passes 1/1 test');
    assert.deepEqual(
      pending.files.map((f) => [vscode.workspace.asRelativePath(vscode.Uri.parse(f.uri)), f.hunks]),
      [
        [ORDER, 1],
        [MONEY, 1],
      ],
    );
    // The fix request named both files; the model saw them in one prompt.
    const fixAsk = server!.chats().find(isFixRequest)!;
    assert.match(
      fixAsk.messages.at(-1)!.content,
      /It comes from 2 files \(store\/order\.py, store\/money\.py\)/,
    );
    // One multi-file diff editor with both files.
    await waitFor('the multi-file diff', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.label.startsWith('LDB fix of 2 files')),
    );

    assert.equal(await vscode.commands.executeCommand('ldb.acceptFix'), true);
    assert.equal((await done)?.status, 'fixed');
    const money = await vscode.workspace.openTextDocument(uriOf(MONEY));
    const fixedOrder = original.order.replace('total = 1', 'total = 0');
    const fixedMoney = original.money.replace('(qty + 1)', 'qty');
    assert.equal(order.getText(), fixedOrder);
    assert.equal(money.getText(), fixedMoney);
    assert.equal(readFileSync(uriOf(MONEY).fsPath, 'utf8'), original.money, 'Accept saves nothing');
    assert.equal((await state()).pendingFix, undefined);

    // One undo, in either file, takes back the whole edit.
    await vscode.window.showTextDocument(order);
    await vscode.commands.executeCommand('undo');
    await waitFor(
      'both files restored',
      () => order.getText() === original.order && money.getText() === original.money,
    );
  });

  it('refuses the whole fix when one of its files changed since the trace', async () => {
    const { order, done } = await proposeFix();
    const from = await messageCount();
    // Edited in the editor (a file watcher on disk may take seconds in code-server): its version moves on.
    const money = await vscode.workspace.openTextDocument(uriOf(MONEY));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(money.uri, new vscode.Position(money.lineCount, 0), '\n# edited meanwhile\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(await vscode.commands.executeCommand('ldb.acceptFix'), false);
    assert.equal((await done)?.status, 'cancelled');
    assert.equal(order.getText(), original.order, 'nothing applied, not even to the unchanged file');
    assert.ok(
      (await messagesSince(from)).some((m) => m.text.includes(`${MONEY} changed`)),
      JSON.stringify(await messagesSince(from)),
    );
    await vscode.window.showTextDocument(money);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('the edit reverted', () => money.getText() === original.money);
  });
});

// Debug with Trace through VS Code's Language Model API (ldb.llm.provider vscode-lm, and auto with no
// server settings), against test/fixtures/lm-provider: a test-only extension that registers a
// scripted chat model through VS Code's proposed API `chatProvider`, installed by
// scripts/vscode/runHostTests.mjs (unless --without-test-lm). It answers like the scripted
// OpenAI-compatible server does for make_a_pile and records what it received.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { DebugResult } from '../../src/extension/commands/debugWithTrace';
import { FAULTY_BRANCH, FIXED_BRANCH, WRONG_EXPLANATION, fixedFunction } from './makeAPile';
import {
  EXTENSION_ID,
  configure,
  diskText,
  messageCount,
  messagesSince,
  openAt,
  reset,
  state,
  waitFor,
} from './support';

const FILE = 'make_a_pile.py';
const TEST_LM = 'ldb-tests.ldb-test-lm';

interface LmRequest {
  model: string;
  extensionId: string;
  messages: { role: string; content: string }[];
}

async function lmRequests(): Promise<LmRequest[]> {
  return (await vscode.commands.executeCommand<LmRequest[]>('ldbTestLm.requests')) ?? [];
}

const installed = process.env.LDB_HOST_TEST_LM !== 'absent';
const LLM_SETTINGS = {
  'llm.provider': undefined,
  'llm.baseUrl': undefined,
  'llm.model': undefined,
  'llm.vscodeModel': undefined,
  maxIters: undefined,
};

(installed ? describe : describe.skip)('Debug with Trace through a VS Code language model', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension(TEST_LM);
    assert.ok(ext, `${TEST_LM} (test/fixtures/lm-provider) is not installed`);
    await ext.activate();
  });
  beforeEach(async () => {
    await reset();
    await configure(LLM_SETTINGS);
    await vscode.commands.executeCommand('ldbTestLm.register');
    await vscode.commands.executeCommand('ldbTestLm.configure', {
      wrongWhen: 'n + 2*i + 1',
      explanation: WRONG_EXPLANATION,
      fix: fixedFunction(diskText(FILE)),
    });
  });
  afterEach(async () => {
    await reset();
    await vscode.commands.executeCommand('ldbTestLm.register');
    await configure(LLM_SETTINGS);
  });

  it('lists the test model in vscode.lm', async () => {
    const models = await vscode.lm.selectChatModels({ vendor: 'ldb-test' });
    assert.deepEqual(
      models.map((m) => [m.name, m.family]),
      [['LDB Test Model', 'ldb-test-family']],
    );
  });

  for (const provider of ['vscode-lm', 'auto'] as const) {
    it(`provider ${provider}: verdicts and a verified fix come from the VS Code model`, async () => {
      await configure({ 'llm.provider': provider });
      const editor = await openAt(FILE, 20);
      const uri = editor.document.uri;
      const original = editor.document.getText();
      const done = vscode.commands.executeCommand<DebugResult>('ldb.debugWithTrace');
      const fix = await waitFor('a fix to review', async () => (await state()).pendingFix);
      assert.equal(fix.summary, 'passes 2/2 tests');

      const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'LDB');
      assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
      assert.equal(diagnostics[0].range.start.line, 23);
      assert.ok(diagnostics[0].message.startsWith(WRONG_EXPLANATION), diagnostics[0].message);

      // What the model received: a verdict request with the trace, then the fix request.
      const received = await lmRequests();
      assert.equal(received.length, 2, JSON.stringify(received.map((r) => r.messages.length)));
      assert.deepEqual(
        received.map((r) => r.extensionId),
        [EXTENSION_ID.toLowerCase(), EXTENSION_ID.toLowerCase()],
      );
      const verdictAsk = received[0].messages[received[0].messages.length - 1];
      assert.equal(verdictAsk.role, 'user');
      assert.match(verdictAsk.content, /^\[BLOCK-\d+\]/m);
      assert.ok(verdictAsk.content.includes('make_a_pile(3)'), 'the failing test is in the request');
      // The system prompt goes first, as a user message (the API has no system role).
      assert.equal(received[0].messages[0].role, 'user');
      const fixAsk = received[1].messages[received[1].messages.length - 1];
      assert.ok(fixAsk.content.startsWith('Fix the code.'), fixAsk.content.slice(0, 80));
      // The model's verdicts went back to it as the assistant's turn.
      assert.ok(
        received[1].messages.some((m) => m.role === 'assistant' && m.content.includes(WRONG_EXPLANATION)),
      );

      assert.equal(await vscode.commands.executeCommand('ldb.acceptFix'), true);
      const result = await done;
      assert.equal(result?.status, 'fixed');
      assert.equal(editor.document.getText(), original.replace(FAULTY_BRANCH, FIXED_BRANCH));
      const end = await state();
      assert.equal(end.lastSession?.status, 'fixed');
      assert.match(JSON.stringify(end.lastSession), /LDB Test Model/);
      // Tokens are the model's own count, so an estimate.
      assert.match(end.statusBar, /LDB: \d+(\.\d)?k?~ tokens · \d+\.\d s/);
    });
  }

  it('provider vscode-lm with a model name that matches none says so, and asks nothing', async () => {
    await configure({ 'llm.provider': 'vscode-lm', 'llm.vscodeModel': 'no-such-model' });
    const editor = await openAt(FILE, 20);
    const original = editor.document.getText();
    const from = await messageCount();
    const result = await vscode.commands.executeCommand<DebugResult>('ldb.debugWithTrace');
    assert.notEqual(result?.status, 'fixed');
    const shown = (await messagesSince(from)).map((m) => m.text);
    assert.ok(
      shown.some((t) => t.includes('no VS Code language model matches "no-such-model"')),
      JSON.stringify(shown),
    );
    assert.deepEqual(await lmRequests(), []);
    assert.equal(editor.document.getText(), original);
  });

  it('provider vscode-lm with no VS Code model at all says how to get one', async () => {
    await vscode.commands.executeCommand('ldbTestLm.unregister');
    await waitFor('the model to go', async () => (await vscode.lm.selectChatModels()).length === 0);
    await configure({ 'llm.provider': 'vscode-lm' });
    const editor = await openAt(FILE, 20);
    const original = editor.document.getText();
    const from = await messageCount();
    const result = await vscode.commands.executeCommand<DebugResult>('ldb.debugWithTrace');
    assert.notEqual(result?.status, 'fixed');
    const shown = (await messagesSince(from)).map((m) => m.text);
    assert.ok(
      shown.some((t) => t.includes('no VS Code language model is available')),
      JSON.stringify(shown),
    );
    assert.equal(editor.document.getText(), original);
  });
});

// Debug with Trace against the scripted OpenAI-compatible server (a real HTTP server on 127.0.0.1,
// started in this extension host): verdicts as diagnostics and marks, the verified fix as a diff,
// inline and as a code action; Accept changes only the function and Undo restores it; Reject sends
// the user's reason back to the model; cancel leaves nothing behind; a stale Accept is refused.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DebugResult } from '../../src/extension/commands/debugWithTrace';
import type { ScriptedServer } from '../support/scriptedServer';
import { FAULTY_BRANCH, FIXED_BRANCH } from './makeAPile';
import { WRONG_EXPLANATION, fixedFunction, hang, isFixRequest, startServer, verdictReply } from './scripted';
import {
  configure,
  diskText,
  drawnOn,
  messageCount,
  messagesSince,
  openAt,
  reset,
  restoreText,
  state,
  tracerProcesses,
  waitFor,
  workspaceDir,
} from './support';

const FILE = 'make_a_pile.py';

function expectedFixedText(original: string): string {
  assert.ok(original.includes(FAULTY_BRANCH));
  return original.replace(FAULTY_BRANCH, FIXED_BRANCH);
}

async function pendingFix() {
  return waitFor('a fix to review', async () => (await state()).pendingFix);
}

function ldbDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'LDB');
}

describe('Debug with Trace', () => {
  let server: ScriptedServer | undefined;
  beforeEach(async () => {
    await reset();
    await configure({ maxIters: undefined, redactPatterns: undefined });
  });
  afterEach(async () => {
    await reset();
    await server?.close();
    server = undefined;
  });

  it('shows verdicts as diagnostics and the fix as a diff; Accept changes only the function, Undo restores it', async () => {
    server = await startServer();
    const editor = await openAt(FILE, 20);
    const uri = editor.document.uri;
    const original = editor.document.getText();
    const done = vscode.commands.executeCommand<DebugResult>('ldb.debugWithTrace');
    const fix = await pendingFix();
    assert.equal(fix.summary, 'passes 2/2 tests');

    // The wrong block: a diagnostic with the model's explanation, a wrong gutter mark and background.
    const diagnostics = ldbDiagnostics(uri);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.equal(diagnostics[0].range.start.line, 23);
    assert.ok(diagnostics[0].message.startsWith(WRONG_EXPLANATION), diagnostics[0].message);
    const s = await state();
    const drawn = drawnOn(s, uri);
    assert.deepEqual(drawn['gutter.wrong'], [{ line: 24 }]);
    assert.deepEqual(
      drawn['gutter.correct']?.map((g) => g.line),
      [19, 20, 21, 25],
    );
    assert.deepEqual(drawn.wrongLine, [{ line: 24 }]);
    // The proposal beside the lines it replaces.
    assert.deepEqual(drawn.fixText, [{ line: 21, text: '⇢ pile.append(n + 2*i + 2)' }]);
    assert.deepEqual(
      drawn.fixLine?.map((l) => l.line),
      [21, 22, 23, 24],
    );
    assert.ok(drawn.values?.some((v) => v.line === 24 && v.text === 'pile=[3, 4, 6]   ×2'));

    // The diff editor: the document against the proposal.
    const tab = await waitFor('the diff editor', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'ldb-fix'),
    );
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.toString(), uri.toString());
    const proposed = await vscode.workspace.openTextDocument(input.modified);
    assert.equal(proposed.getText(), expectedFixedText(original));
    assert.match(tab.label, /LDB fix \(passes 2\/2 tests\)/);

    // Offered as a code action on the faulty block, and as CodeLens.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(23, 12, 23, 12),
    );
    assert.ok(
      actions.some((a) => a.title === 'Apply LDB fix (passes 2/2 tests)'),
      actions.map((a) => a.title).join(' | '),
    );
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      uri,
    );
    assert.ok(lenses.some((l) => l.command?.title === '$(check) Accept LDB fix (passes 2/2 tests)'));
    assert.ok(lenses.some((l) => l.command?.command === 'ldb.rejectFix'));

    assert.equal(await vscode.commands.executeCommand('ldb.acceptFix'), true);
    const result = await done;
    assert.equal(result?.status, 'fixed');
    const after = editor.document.getText();
    assert.equal(after, expectedFixedText(original));
    // Only the function changed: every line outside it is as it was.
    const before = original.split('\n');
    const now = after.split('\n');
    assert.deepEqual(now.slice(0, 20), before.slice(0, 20));
    assert.deepEqual(now.slice(-6), before.slice(-6));
    assert.equal(diskText(FILE), original, 'Accept must not save the file');
    assert.equal(ldbDiagnostics(uri).length, 0, 'the diagnostics of the old code stay');
    const end = await state();
    assert.equal(end.pendingFix, undefined);
    assert.equal(end.lastSession?.status, 'fixed');
    assert.match(end.statusBar, /LDB: \d+(\.\d)?k?~? tokens · \d+\.\d s/);
    assert.equal(server.chats().length, 2);

    // One undo step restores the old code.
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
  });

  it('applies the fix from the "Apply LDB fix" code action', async () => {
    server = await startServer();
    const editor = await openAt(FILE, 20);
    const original = editor.document.getText();
    const done = vscode.commands.executeCommand<DebugResult>('ldb.debugWithTrace');
    await pendingFix();
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      new vscode.Range(23, 0, 23, 0),
    );
    const apply = actions.find((a) => a.title.startsWith('Apply LDB fix'));
    assert.ok(apply?.command);
    assert.equal(apply.isPreferred, true);
    await vscode.commands.executeCommand(
      apply.command.command,
      ...((apply.command.arguments ?? []) as unknown[]),
    );
    assert.equal((await done)?.status, 'fixed');
    assert.equal(editor.document.getText(), expectedFixedText(original));
  });

  it("Reject sends the user's reason to the model, which tries again", async () => {
    server = await startServer();
    await configure({ maxIters: 2 });
    const editor = await openAt(FILE, 20);
    const original = editor.document.getText();
    const done = vscode.commands.executeCommand<DebugResult>('ldb.debugWithTrace');
    await pendingFix();
    assert.equal(
      await vscode.commands.executeCommand('ldb.rejectFix', 'keep the if/else: it reads better'),
      true,
    );
    // The loop asks again, with the reason in the conversation, and proposes again.
    await waitFor(
      'a second proposal',
      async () => server!.chats().length === 4 && (await state()).pendingFix,
    );
    const third = server.chats()[2];
    assert.ok(!isFixRequest(third), 'after a rejection the model is asked for verdicts again');
    assert.ok(
      third.messages.some(
        (m) =>
          m.role === 'user' &&
          m.content.includes('The user rejected this fix: keep the if/else: it reads better'),
      ),
      JSON.stringify(third.messages.map((m) => m.content.slice(0, 80))),
    );
    // Rejected again, without a reason: the iterations are used up.
    assert.equal(await vscode.commands.executeCommand('ldb.rejectFix', ''), true);
    const result = await done;
    assert.equal(result?.status, 'not-fixed');
    assert.equal(editor.document.getText(), original);
    assert.equal(editor.document.isDirty, false);
    const session = (await state()).lastSession;
    assert.deepEqual(
      session?.iterations.map((i) => i.rejected),
      ['keep the if/else: it reads better', ''],
    );
  });

  it('cancels while the model thinks: the request is dropped and the file untouched', async () => {
    server = await startServer({ verdicts: hang });
    const editor = await openAt(FILE, 20);
    const original = editor.document.getText();
    const done = vscode.commands.executeCommand<DebugResult>('ldb.debugWithTrace');
    // The values are drawn before the model answers.
    await waitFor('values while the model is asked', async () => {
      const s = await state();
      return s.phase?.startsWith('Asking') && s.documents.some((d) => d.drawn?.values);
    });
    // "Asking" is shown just before the request goes out: cancel once the model really has it.
    await waitFor('the request to reach the model', () => server!.requests.length > 0);
    const from = await messageCount();
    await vscode.commands.executeCommand('ldb.clear');
    const result = await done;
    assert.equal(result?.status, 'cancelled');
    await waitFor('the request to be dropped', () => server!.requests.some((r) => r.disconnected));
    assert.equal(editor.document.getText(), original);
    assert.equal(editor.document.isDirty, false);
    assert.equal(diskText(FILE), original);
    assert.deepEqual(tracerProcesses(), []);
    assert.deepEqual(
      (await messagesSince(from)).map((m) => m.text),
      ['LDB: Debug with Trace cancelled; make_a_pile.py was not changed.'],
    );
  });

  it('draws no verdicts on a document edited while the model was asked', async () => {
    server = await startServer({ verdicts: (r) => ({ reply: verdictReply(r), delayMs: 1500 }) });
    const editor = await openAt(FILE, 20);
    const uri = editor.document.uri;
    const original = editor.document.getText();
    const done = vscode.commands.executeCommand<DebugResult>('ldb.debugWithTrace');
    await waitFor('values while the model is asked', async () => {
      const s = await state();
      return s.phase?.startsWith('Asking') && s.documents.some((d) => d.drawn?.values);
    });
    // Above the function: the values move with it, but the verdicts are of another version.
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# edited meanwhile\n'));
    await pendingFix();
    const s = await state();
    const drawn = drawnOn(s, uri);
    assert.equal(drawn['gutter.wrong'], undefined, JSON.stringify(drawn['gutter.wrong']));
    assert.deepEqual(ldbDiagnostics(uri), []);
    assert.ok((s.lastTrace?.verdicts.length ?? 0) > 0, 'Show Trace keeps the verdicts');
    const fixTabs = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'ldb-fix');
    await waitFor('the diff editor', () => fixTabs().length > 0);
    await vscode.commands.executeCommand('ldb.clear');
    await done;
    await waitFor('the diff editor to close', () => fixTabs().length === 0);
    await restoreText(editor.document, original);
  });

  it('withdraws a pending fix when its document is edited, and says so once', async () => {
    server = await startServer();
    const editor = await openAt(FILE, 20);
    const done = vscode.commands.executeCommand<DebugResult>('ldb.debugWithTrace');
    await pendingFix();
    const from = await messageCount();
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# edited meanwhile\n'));
    const edited = editor.document.getText();
    assert.equal((await done)?.status, 'cancelled');
    const s = await state();
    assert.equal(s.pendingFix, undefined);
    assert.equal(s.contextKeys['ldb.fixPending'], false);
    assert.equal(await vscode.commands.executeCommand('ldb.acceptFix'), false);
    assert.equal(editor.document.getText(), edited);
    const shown = (await messagesSince(from)).map((m) => m.text);
    assert.deepEqual(shown, [
      'LDB: make_a_pile.py changed while its fix waited for review: the fix was withdrawn. Run Debug with Trace again.',
      'LDB: there is no fix to accept.',
    ]);
  });

  it('sends the API key set with "LDB: Set API Key" to its server only, and redacts values by pattern', async () => {
    server = await startServer();
    await configure({ redactPatterns: ['\\[3, 4, 6\\]'], maxIters: 1 });
    assert.equal(await vscode.commands.executeCommand('ldb.setApiKey', 'sk-host-test-key'), true);
    try {
      await openAt(FILE, 20);
      const done = vscode.commands.executeCommand<DebugResult>('ldb.debugWithTrace');
      await pendingFix();
      await vscode.commands.executeCommand('ldb.rejectFix', '');
      assert.equal((await done)?.status, 'not-fixed');
      const first = server.chats()[0];
      assert.equal(first.headers.authorization, 'Bearer sk-host-test-key');
      const sent = first.messages.map((m) => m.content).join('\n');
      assert.ok(!sent.includes('[3, 4, 6]'), 'a redacted value was sent');
      assert.match(sent, /# returned \*\*\*/);
      const session = JSON.stringify((await state()).lastSession);
      assert.ok(!session.includes('sk-host-test-key'), 'the key is in the session');
    } finally {
      await vscode.commands.executeCommand('ldb.setApiKey', '');
    }
  });

  it('exports the session as JSON that `ldb replay` reads', async () => {
    server = await startServer();
    await openAt(FILE, 20);
    const done = vscode.commands.executeCommand<DebugResult>('ldb.debugWithTrace');
    await pendingFix();
    await vscode.commands.executeCommand('ldb.acceptFix');
    await done;
    const target = join(workspaceDir(), 'exported.ldb-session.json');
    assert.equal(await vscode.commands.executeCommand('ldb.exportSession', vscode.Uri.file(target)), target);
    const session = JSON.parse(readFileSync(target, 'utf8')) as {
      format: string;
      status: string;
      finalCode: string;
    };
    assert.equal(session.format, 'ldb-session');
    assert.equal(session.status, 'fixed');
    assert.ok(session.finalCode.includes(fixedFunction(readFileSync(join(workspaceDir(), FILE), 'utf8'))));
    const cli = join(vscode.extensions.getExtension('ldb-dev.ldb')!.extensionPath, 'dist', 'cli.js');
    if (!existsSync(cli)) return; // an installed .vsix ships no CLI
    const printed = execFileSync(process.execPath, [cli, 'replay', target], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    assert.match(printed, /make_a_pile/);
    assert.match(printed, /fixed/);
  });

  it('says how to configure a model when none is, with a Configure button, and runs nothing', async () => {
    await configure({ 'llm.provider': 'openai-compatible', 'llm.baseUrl': '', 'llm.model': '' });
    const editor = await openAt(FILE, 20);
    const from = await messageCount();
    assert.equal(await vscode.commands.executeCommand('ldb.debugWithTrace'), undefined);
    const shown = await messagesSince(from);
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.match(shown[0].text, /^LDB: no language model is configured: /);
    assert.deepEqual(shown[0].actions, ['Configure']);
    assert.equal(editor.document.isDirty, false);
    assert.equal((await state()).documents.length, 0, 'something was traced');
  });
});

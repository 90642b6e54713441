// Commands that cannot work say why in one line and change nothing: a syntax error, no function at
// the cursor, no test (the input box for one is dismissed), no editor, a cancelled run.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import {
  configure,
  diskText,
  messageCount,
  messagesSince,
  openAt,
  reset,
  restoreText,
  state,
  tracerProcesses,
  waitFor,
} from './support';

async function runAndRead(command: string, arg?: unknown): Promise<{ result: unknown; messages: string[] }> {
  const from = await messageCount();
  const result = await vscode.commands.executeCommand(command, ...(arg === undefined ? [] : [arg]));
  return { result, messages: (await messagesSince(from)).map((m) => m.text) };
}

describe('bad input', () => {
  beforeEach(reset);
  after(reset);

  for (const command of ['ldb.traceOnly', 'ldb.debugWithTrace']) {
    it(`${command}: a syntax error is named with its line and column; nothing runs`, async () => {
      const before = diskText('broken.py');
      const editor = await openAt('broken.py', 6);
      const { result, messages } = await runAndRead(command);
      assert.equal(result, undefined);
      assert.deepEqual(messages, [
        "LDB: broken.py has a syntax error at 7:14 ('(' was never closed): fix it first",
      ]);
      assert.equal(editor.document.isDirty, false);
      assert.equal(diskText('broken.py'), before);
      assert.equal((await state()).documents.length, 0);
    });

    it(`${command}: no function at the cursor`, async () => {
      await openAt('make_a_pile.py', 1);
      const { result, messages } = await runAndRead(command);
      assert.equal(result, undefined);
      assert.deepEqual(messages, [
        'LDB: no function at the cursor (make_a_pile.py, line 1): put the cursor inside a def (make_a_pile)',
      ]);
    });
  }

  it('no test: LDB asks for one; dismissing the box says how to add one', async () => {
    const editor = await openAt('no_tests.py', 7);
    const from = await messageCount();
    const running = vscode.commands.executeCommand('ldb.traceOnly');
    await waitFor('the input box for a test', async () => (await state()).prompting === 'test');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await running, undefined);
    assert.deepEqual(
      (await messagesSince(from)).map((m) => m.text),
      [
        'LDB: no test for shout: add a doctest (>>> shout(...)) or an assert to no_tests.py, or type one when asked',
      ],
    );
    assert.equal(editor.document.isDirty, false);
  });

  it('no editor: says to open a file of a language LDB reads', async () => {
    const { result, messages } = await runAndRead('ldb.traceOnly');
    assert.equal(result, undefined);
    assert.deepEqual(messages, [
      'LDB: open a Python, JavaScript or TypeScript file and put the cursor in the function to debug',
    ]);
  });

  it('a file of a language LDB does not read', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'plaintext',
      content: 'def f(): pass\n',
    });
    await vscode.window.showTextDocument(doc);
    const { messages } = await runAndRead('ldb.traceOnly');
    assert.equal(messages.length, 1);
    assert.match(
      messages[0],
      /^LDB: Untitled-\d+ is not a Python, JavaScript or TypeScript file: LDB traces functions in those languages$/,
    );
  });

  it('an unsaved Python buffer: no lenses, and the commands say to save it', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'def f(x):\n    return x + 1\n\n\nassert f(1) == 2\n',
    });
    await vscode.window.showTextDocument(doc);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      doc.uri,
    );
    assert.deepEqual(
      lenses.map((l) => l.command?.command).filter((c) => c?.startsWith('ldb.')),
      [],
    );
    const { result, messages } = await runAndRead('ldb.traceOnly', { uri: doc.uri, function: 'f' });
    assert.equal(result, undefined);
    assert.deepEqual(messages, [
      `LDB: ${vscode.workspace.asRelativePath(doc.uri)} is not saved: LDB traces Python files on disk, so save it as a .py file first`,
    ]);
  });

  it('an invalid redaction pattern stops everything before it runs', async () => {
    await configure({ redactPatterns: ['(unclosed'] });
    try {
      await openAt('make_a_pile.py', 20);
      const { result, messages } = await runAndRead('ldb.traceOnly');
      assert.equal(result, undefined);
      assert.equal(messages.length, 1);
      assert.match(
        messages[0],
        /^LDB: ldb.redactPatterns\[0\] is not a valid regular expression \(.*\): nothing was sent$/,
      );
    } finally {
      await configure({ redactPatterns: undefined });
    }
  });

  it('cancelling a run kills its process and leaves the file as it was', async () => {
    await configure({ timeoutMs: 60_000 });
    try {
      const editor = await openAt('spin.py', 6);
      const before = editor.document.getText();
      const from = await messageCount();
      const running = vscode.commands.executeCommand('ldb.traceOnly');
      await waitFor('the traced process', () => tracerProcesses().length > 0);
      const t0 = performance.now();
      await vscode.commands.executeCommand('ldb.clear');
      assert.equal(await running, undefined);
      assert.ok(performance.now() - t0 < 3000, 'cancel took longer than 3 s');
      await waitFor('no traced process left', () => tracerProcesses().length === 0, 3000);
      assert.equal(editor.document.getText(), before);
      assert.equal(editor.document.isDirty, false);
      assert.deepEqual(
        (await messagesSince(from)).map((m) => m.text),
        ['LDB: Trace Only cancelled; nothing was changed.'],
      );
    } finally {
      await configure({ timeoutMs: undefined });
    }
  });

  it('a document edited while it is traced gets no marks, and the status bar stops spinning', async () => {
    await configure({ timeoutMs: 1500 });
    try {
      const editor = await openAt('spin.py', 6);
      const original = editor.document.getText();
      const from = await messageCount();
      const running = vscode.commands.executeCommand('ldb.traceOnly');
      await waitFor('the traced process', () => tracerProcesses().length > 0);
      assert.match((await state()).statusBar, /loading~spin/);
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# edited meanwhile\n'));
      assert.equal(await running, undefined);
      await restoreText(editor.document, original);
      const s = await state();
      assert.deepEqual(
        (await messagesSince(from)).map((m) => m.text),
        ['LDB: spin.py changed while it was traced: run Trace Only again.'],
      );
      assert.equal(s.documents.length, 0, 'marks were drawn on the edited document');
      assert.ok(!(s.statusBarShown && s.statusBar.includes('loading~spin')), s.statusBar);
      assert.equal(s.statusBarShown, false, 'the status bar was hidden before the run');
    } finally {
      await configure({ timeoutMs: undefined });
    }
  });

  it('says there is nothing to accept, reject, show or export before a session', async () => {
    for (const [command, text] of [
      ['ldb.acceptFix', 'LDB: there is no fix to accept.'],
      ['ldb.rejectFix', 'LDB: there is no fix to reject.'],
    ] as const) {
      const { messages } = await runAndRead(command);
      assert.deepEqual(messages, [text]);
    }
  });
});

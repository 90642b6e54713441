// Trace Only on the buggy HumanEval/100 fixture: gutter marks, the values after each block at the
// end of its line, the hover table of every visit, the line that raised, marks that move with edits
// above them and clear on edits inside the function, and the time from the command to the marks.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { drawnOn, fixtureUri, openAt, reset, state, waitFor } from './support';

const FILE = 'make_a_pile.py';

describe('Trace Only', () => {
  beforeEach(reset);
  after(reset);

  it('draws the values after each block and gutter marks', async () => {
    await openAt(FILE, 20);
    const result = await vscode.commands.executeCommand<{ status: string; blocks: number }>('ldb.traceOnly');
    assert.ok(result, 'Trace Only returned nothing (it reported an error?)');
    assert.equal(result.status, 'failed');
    const s = await state();
    const drawn = drawnOn(s, fixtureUri(FILE));
    // The loop body ran twice: its last visit left pile=[3, 4, 6].
    assert.deepEqual(
      drawn.values?.map((v) => [v.line, v.text]),
      [
        [19, 'pile=[3]'],
        [20, '×3'],
        [21, '×2'],
        [24, 'pile=[3, 4, 6]   ×2'],
        [25, '→ [3, 4, 6]'],
      ],
    );
    assert.deepEqual(
      drawn['gutter.traced']?.map((g) => g.line),
      [19, 20, 21, 24, 25],
    );
    assert.equal(s.lastTrace?.outcome.status, 'failed');
    assert.equal(s.lastTrace?.outcome.actual, '[3, 4, 6]');
  });

  it('hovers a block with every visit as a table of before and after values', async () => {
    await openAt(FILE, 24);
    await vscode.commands.executeCommand('ldb.traceOnly');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      fixtureUri(FILE),
      new vscode.Position(23, 14),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /\*\*LDB\*\* · `make_a_pile` line 24 · 2 visits · traced/);
    assert.match(text, /\| segment \| iteration \| depth \| before \| after \|/);
    assert.match(text, /\| BLOCK-3 \| 0 \| 0 \| `n=3, pile=\[3\], i=0` \| `pile=\[3, 4\]` \|/);
    assert.match(text, /\| BLOCK-6 \| 1 \| 0 \| `n=3, pile=\[3, 4\], i=1` \| `pile=\[3, 4, 6\]` \|/);
    // Outside the traced blocks, no LDB hover.
    const none = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      fixtureUri(FILE),
      new vscode.Position(0, 3),
    );
    assert.ok(
      !none.flatMap((h) => h.contents).some((c) => (typeof c === 'string' ? c : c.value).includes('**LDB**')),
    );
  });

  it('moves the marks with an edit above the function and clears them on an edit inside it', async () => {
    const editor = await openAt(FILE, 20);
    await vscode.commands.executeCommand('ldb.traceOnly');
    await editor.edit((e) => e.insert(new vscode.Position(2, 0), '# one more line\n'));
    let s = await state();
    assert.deepEqual(
      drawnOn(s, fixtureUri(FILE)).values?.map((v) => v.line),
      [20, 21, 22, 25, 26],
    );
    await editor.edit((e) => e.insert(new vscode.Position(19, 4), 'x = 1\n    '));
    s = await state();
    assert.equal(
      s.documents.find((d) => d.uri === fixtureUri(FILE).toString()),
      undefined,
      'marks survived an edit inside the traced function',
    );
    assert.equal(s.contextKeys['ldb.hasMarks'], false);
  });

  it('marks the line that raised', async () => {
    const editor = await openAt(FILE, 20);
    // An unsaved change: LDB traces the buffer, not the file on disk.
    await editor.edit((e) => e.replace(new vscode.Range(18, 4, 18, 14), 'pile = [n // 0]'));
    await vscode.commands.executeCommand('ldb.traceOnly');
    const s = await state();
    const drawn = drawnOn(s, fixtureUri(FILE));
    assert.deepEqual(drawn.raisedLine, [
      { line: 19, text: 'raised ZeroDivisionError: integer division or modulo by zero' },
    ]);
    assert.deepEqual(drawn['gutter.raised'], [{ line: 19 }]);
    assert.equal(s.lastTrace?.outcome.status, 'error');
  });

  it("keeps the user's redaction patterns when the workspace sets its own", async () => {
    const config = vscode.workspace.getConfiguration('ldb');
    await config.update('redactPatterns', ['\\[3, 4, 6\\]'], vscode.ConfigurationTarget.Global);
    await config.update('redactPatterns', [], vscode.ConfigurationTarget.Workspace);
    try {
      await openAt(FILE, 20);
      assert.ok(await vscode.commands.executeCommand('ldb.traceOnly'));
      const prompt = (await state()).lastTrace?.prompt ?? '';
      assert.match(prompt, /# returned \*\*\*/);
      assert.ok(!prompt.includes('[3, 4, 6]'), prompt);
    } finally {
      await config.update('redactPatterns', undefined, vscode.ConfigurationTarget.Global);
      await config.update('redactPatterns', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('opens the trace as an ldb-trace document', async () => {
    await openAt(FILE, 20);
    await vscode.commands.executeCommand('ldb.traceOnly');
    await vscode.commands.executeCommand('ldb.showTrace');
    const editor = await waitFor('the trace editor', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'ldb-trace'),
    );
    assert.equal(editor.document.languageId, 'ldb-trace');
    const text = editor.document.getText();
    assert.match(text, /^# LDB trace of make_a_pile on: /);
    assert.match(text, /^\[BLOCK-0\]$/m);
    assert.match(text, /^# pile = \[3, 4, 6\]$/m);
    assert.ok(!text.includes('✓') && !text.includes('✗'), 'Trace Only has no verdicts');
    assert.match(text, /^# returned \[3, 4, 6\]$/m);
  });
});

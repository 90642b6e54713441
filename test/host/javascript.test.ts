// JavaScript and TypeScript files get what Python files get: the CodeLens above each function, a
// traced run drawn inline, their node:test tests in the Testing view, and Debug with Trace's fix
// reviewed as a diff and applied as one edit (a .ts file, against the scripted model server).
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { DebugResult } from '../../src/extension/commands/debugWithTrace';
import type { TraceOnlyResult } from '../../src/extension/commands/traceOnly';
import { reply, startScriptedServer, type ScriptedServer } from '../support/scriptedServer';
import { configure, drawnOn, fixtureUri, openAt, reset, restoreText, state, waitFor } from './support';

/** The lens of this title above a line (1-based), once the provider has parsed the file. */
async function lensAt(uri: vscode.Uri, line: number, title: string): Promise<vscode.Command> {
  const lens = await waitFor(`the "${title}" lens on line ${line}`, async () =>
    (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).find(
      (l) => l.range.start.line === line - 1 && l.command?.title === title,
    ),
  );
  return lens.command!;
}

const CLAMP_FIXED = [
  'export function clamp(x: number, r: Range): number {',
  '  if (x < r.lo) {',
  '    return r.lo;',
  '  }',
  '  if (x > r.hi) {',
  '    return r.hi;',
  '  }',
  '  return x;',
  '}',
].join('\n');

describe('JavaScript and TypeScript', () => {
  let server: ScriptedServer | undefined;
  beforeEach(reset);
  afterEach(async () => {
    await reset();
    await server?.close();
    server = undefined;
    await configure({ 'llm.provider': undefined, 'llm.baseUrl': undefined, 'llm.model': undefined });
  });

  const cases = [
    { file: 'js/running_max.js', def: 4, line: 11, value: /out=\[0, 0, 0\]/, languageId: 'javascript' },
    { file: 'js/clamp.ts', def: 10, line: 15, value: /→ 0/, languageId: 'typescript' },
  ];
  for (const c of cases) {
    it(`${c.file}: the lens above the function traces it and the values show inline`, async () => {
      const editor = await openAt(c.file, 1);
      assert.equal(editor.document.languageId, c.languageId);
      const uri = editor.document.uri;
      await lensAt(uri, c.def, '$(debug-alt) Debug with Trace');
      const trace = await lensAt(uri, c.def, 'Trace');
      const result = await vscode.commands.executeCommand<TraceOnlyResult>(
        trace.command,
        ...((trace.arguments ?? []) as unknown[]),
      );
      assert.equal(result?.status, 'failed');
      const drawn = drawnOn(await state(), uri);
      const value = drawn.values?.find((v) => v.line === c.line);
      assert.ok(value && c.value.test(value.text ?? ''), JSON.stringify(drawn.values));
    });
  }

  it('lists the node:test tests of a TypeScript file in the Testing view', async () => {
    await openAt('js/clamp.ts', 1);
    const id = fixtureUri('js/clamp.ts').toString();
    const file = await waitFor('clamp.ts in the Testing view', async () =>
      (await state()).testItems.find((i) => i.id === id && i.children.length > 0),
    );
    assert.deepEqual(
      file.children.map((c) => [c.label, c.children.map((t) => t.label)]),
      [['clamp()', ['clamps above the range', 'keeps a number inside']]],
    );
  });

  it('reviews a fix of a .ts function as a diff and applies it as one edit', async () => {
    server = await startScriptedServer((request) =>
      (request.messages[request.messages.length - 1]?.content ?? '').startsWith('Fix the code')
        ? reply('```typescript\n' + CLAMP_FIXED + '\n```')
        : reply(
            '{"block": "BLOCK-3", "correct": false, "explanation": "returns the low end above the range"}',
          ),
    );
    await configure({
      'llm.provider': 'openai-compatible',
      'llm.baseUrl': server.baseUrl,
      'llm.model': 'scripted-model',
    });
    const editor = await openAt('js/clamp.ts', 12);
    const original = editor.document.getText();
    try {
      const done = vscode.commands.executeCommand<DebugResult>('ldb.debugWithTrace');
      const fix = await waitFor('a fix to review', async () => (await state()).pendingFix);
      assert.equal(fix.summary, 'passes 2/2 tests');
      const tab = await waitFor('the diff editor', () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'ldb-fix'),
      );
      const input = tab.input as vscode.TabInputTextDiff;
      assert.equal(input.original.toString(), editor.document.uri.toString());
      const proposed = await vscode.workspace.openTextDocument(input.modified);
      assert.equal(proposed.languageId, 'typescript');
      assert.equal(
        proposed.getText(),
        original.replace('    return r.lo;\n  }\n  return x;', '    return r.hi;\n  }\n  return x;'),
      );
      assert.equal(await vscode.commands.executeCommand('ldb.acceptFix'), true);
      assert.equal((await done)?.status, 'fixed');
      assert.equal(editor.document.getText(), proposed.getText());
    } finally {
      await restoreText(editor.document, original);
    }
  });
});

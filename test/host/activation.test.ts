// Figures, measured first (this file sorts first, so the extension and its lazy parts are cold):
// activation time, and the time from "Trace Only" to the first decorations on a HumanEval-size
// function, cold (tree-sitter, the interpreter lookup and the first Python run included) and warm.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import manifest from '../../package.json';
import { EXTENSION_ID, drawnOn, fixtureUri, openAt, reset, state } from './support';

async function traceToMarks(): Promise<{ inside: number; outside: number }> {
  await openAt('make_a_pile.py', 20);
  const t0 = performance.now();
  const result = await vscode.commands.executeCommand<{ status: string }>('ldb.traceOnly');
  const outside = Math.round(performance.now() - t0);
  assert.equal(result?.status, 'failed');
  const s = await state();
  assert.ok(drawnOn(s, fixtureUri('make_a_pile.py')).values?.length);
  assert.ok(s.commandToMarksMs !== undefined);
  return { inside: s.commandToMarksMs, outside };
}

describe('activation and first results', () => {
  after(reset);

  it('activates lazily and quickly', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    assert.deepEqual(manifest.activationEvents, [
      'onLanguage:python',
      'onLanguage:javascript',
      'onLanguage:javascriptreact',
      'onLanguage:typescript',
      'onLanguage:typescriptreact',
    ]);
    const wasActive = ext.isActive;
    const t0 = performance.now();
    await ext.activate();
    const outside = Math.round(performance.now() - t0);
    const inside = (await state()).activationMs;
    assert.ok(inside !== undefined && inside >= 0);
    console.log(
      `      [figure] activation: ${inside} ms in activate()` +
        (wasActive
          ? ' (the extension was already active)'
          : `; ${outside} ms for extension.activate() with loading the bundle`),
    );
    // Every contributed command is registered once active.
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of manifest.contributes.commands)
      assert.ok(all.has(c.command), `${c.command} is not registered`);
  });

  it('draws the first decorations soon after Trace Only (HumanEval/100), cold and warm', async () => {
    const cold = await traceToMarks();
    await reset();
    const warm = await traceToMarks();
    console.log(
      `      [figure] Trace Only → first decorations on make_a_pile: cold ${cold.inside} ms, warm ${warm.inside} ms ` +
        `(command start to drawn, in the extension); command round trip cold ${cold.outside} ms, warm ${warm.outside} ms`,
    );
    assert.ok(warm.inside < 5000, `warm Trace Only took ${warm.inside} ms to draw`);
  });
});

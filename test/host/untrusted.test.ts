// In a workspace the user has not trusted (restricted mode), LDB runs nothing and says why. Run by
// the runner's untrusted pass (--untrusted, --grep @untrusted).
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { diskText, messageCount, messagesSince, openAt, state, tracerProcesses } from './support';

describe('untrusted workspace @untrusted', () => {
  before(function () {
    if (vscode.workspace.isTrusted) this.skip(); // only meaningful in the untrusted pass
  });

  for (const [command, what] of [
    ['ldb.traceOnly', 'Trace Only'],
    ['ldb.debugWithTrace', 'Debug with Trace'],
  ] as const) {
    it(`${command} refuses and says why`, async () => {
      const before = diskText('make_a_pile.py');
      const editor = await openAt('make_a_pile.py', 20);
      const from = await messageCount();
      assert.equal(await vscode.commands.executeCommand(command), undefined);
      assert.deepEqual(
        (await messagesSince(from)).map((m) => m.text),
        [
          `LDB: ${what} is off in this workspace: LDB runs the code it traces, so it works only in a trusted workspace (Workspace Trust).`,
        ],
      );
      assert.deepEqual(tracerProcesses(), []);
      assert.equal((await state()).documents.length, 0);
      assert.equal(editor.document.isDirty, false);
      assert.equal(diskText('make_a_pile.py'), before);
    });
  }

  it('still offers the lenses (they say why when used) and declares limited support', async () => {
    const ext = vscode.extensions.getExtension('ldb-dev.ldb')!;
    const caps = (ext.packageJSON as { capabilities: { untrustedWorkspaces: { supported: unknown } } })
      .capabilities;
    assert.equal(caps.untrustedWorkspaces.supported, 'limited');
    const editor = await openAt('make_a_pile.py', 20);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      editor.document.uri,
    );
    assert.ok(lenses.some((l) => l.command?.command === 'ldb.debugWithTrace'));
  });
});

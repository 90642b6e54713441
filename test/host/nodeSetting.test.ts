// ldb.node names the Node that runs traced JavaScript: a bad one is said in one line (naming the
// setting), and unset, the run uses the default Node (the extension host's, under code-server).
import { strict as assert } from 'node:assert';
import { realpathSync } from 'node:fs';
import * as vscode from 'vscode';
import { configure, messageCount, messagesSince, openAt, reset, state } from './support';

const FILE = 'js/which_node.js';

describe('ldb.node', function () {
  this.timeout(30_000);
  beforeEach(reset);
  afterEach(async () => {
    await configure({ node: undefined });
    await reset();
  });

  it('runs the traced JavaScript in the Node it names, and says so when there is none', async () => {
    await openAt(FILE, 2);
    const result = await vscode.commands.executeCommand<{ status: string }>('ldb.traceOnly');
    assert.equal(result?.status, 'failed');
    assert.equal((await state()).lastTrace?.outcome.actual, `'${realpathSync(process.execPath)}'`);

    await configure({ node: 'no-such-node-anywhere' });
    const from = await messageCount();
    await openAt(FILE, 2);
    assert.equal(await vscode.commands.executeCommand('ldb.traceOnly'), undefined);
    const messages = (await messagesSince(from)).map((m) => m.text);
    assert.equal(messages.length, 1, messages.join('\n'));
    assert.match(messages[0], /cannot run Node 'no-such-node-anywhere': not found \(set .*ldb\.node/);
  });
});

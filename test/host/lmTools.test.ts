// The language model tools ldb_trace and ldb_tests, called as a chat agent calls them
// (vscode.lm.invokeTool), in the real extension host: the trace text (outcome first, then blocks),
// the tests with their ids, bad input as a one-line error, cancellation that leaves no tracer
// behind, and, in the untrusted pass, a refusal that runs nothing.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { ldb, tracerProcesses, waitFor } from './support';

function text(result: vscode.LanguageModelToolResult): string {
  return result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

async function invoke(
  name: string,
  input: object,
  token?: vscode.CancellationToken,
): Promise<vscode.LanguageModelToolResult> {
  return vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token);
}

describe('language model tools', () => {
  before(async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    await ldb();
    // Outside a chat, a confirmation is a modal dialog nobody here can answer: the user setting
    // that switches it off stands in for the user's "Continue".
    await vscode.workspace
      .getConfiguration('ldb')
      .update('tools.confirmRuns', false, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.workspace
      .getConfiguration('ldb')
      .update('tools.confirmRuns', undefined, vscode.ConfigurationTarget.Global);
  });

  it('registers ldb_trace and ldb_tests with their schemas', () => {
    const tools = vscode.lm.tools.filter((t) => t.name.startsWith('ldb_'));
    assert.deepEqual(tools.map((t) => t.name).sort(), ['ldb_tests', 'ldb_trace']);
    const trace = tools.find((t) => t.name === 'ldb_trace');
    assert.deepEqual((trace?.inputSchema as { required: string[] }).required, ['file']);
  });

  it('ldb_trace gives the outcome first, then the block-wise trace', async () => {
    const result = await invoke('ldb_trace', {
      file: 'make_a_pile.py',
      test: 'assert make_a_pile(3) == [3, 5, 7]',
    });
    const lines = text(result).split('\n');
    assert.equal(lines[0], 'make_a_pile on assert make_a_pile(3) == [3, 5, 7]');
    assert.equal(lines[1], 'failed: expected [3, 5, 7], got [3, 4, 6]');
    assert.match(text(result), /\[BLOCK-0\]\n# n = 3\npile = \[n\]/);
    assert.match(text(result), /# returned \[3, 4, 6\]/);
    assert.deepEqual(tracerProcesses(), []);
  });

  it('ldb_tests lists the tests with the ids ldb_trace takes', async () => {
    const listed = text(await invoke('ldb_tests', { path: 'make_a_pile.py' }));
    const id = /^ {2}(doctest:\d+) +make_a_pile\(3\)/m.exec(listed)?.[1];
    assert.ok(id, listed);
    const traced = text(await invoke('ldb_trace', { file: 'make_a_pile.py', testId: id }));
    assert.match(traced.split('\n')[1], /^failed/);
  });

  it('a bad path is a one-line error, and a path outside the workspace is refused', async () => {
    await assert.rejects(invoke('ldb_trace', { file: 'nope.py', test: 'f()' }), /nope\.py/);
    await assert.rejects(invoke('ldb_tests', { path: '/etc' }), /is outside the allowed folders/);
  });

  it('cancelling the call ends the run', async () => {
    const cancel = new vscode.CancellationTokenSource();
    const running = invoke('ldb_trace', { file: 'spin.py', test: 'spin(1)' }, cancel.token);
    await waitFor('the tracer', () => tracerProcesses().length > 0);
    const started = Date.now();
    cancel.cancel();
    await assert.rejects(running);
    await waitFor('no tracer left', () => tracerProcesses().length === 0);
    // Well before the 5 s time limit would have stopped it.
    assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
  });
});

describe('language model tools in an untrusted workspace @untrusted', () => {
  before(function () {
    if (vscode.workspace.isTrusted) this.skip();
  });

  it('ldb_trace and ldb_tests refuse and run nothing', async () => {
    await ldb();
    await assert.rejects(
      invoke('ldb_trace', { file: 'make_a_pile.py', test: 'assert make_a_pile(3) == [3, 5, 7]' }),
      /trusted workspace/,
    );
    await assert.rejects(invoke('ldb_tests', { path: '.' }), /trusted workspace/);
    assert.deepEqual(tracerProcesses(), []);
  });
});

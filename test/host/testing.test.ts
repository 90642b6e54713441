// The Testing view: LDB's test controller lists the tests it finds under their function; VS Code's
// own "run the tests of this file" commands run them through its Run profile (a failure shows
// expected and actual) and its "Debug with Trace" profile (the LDB loop on that function).
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ScriptedServer } from '../support/scriptedServer';
import { FIXED_BRANCH } from './makeAPile';
import { startServer } from './scripted';
import { configure, fixtureUri, openAt, reset, state, tracerProcesses, waitFor } from './support';

const FILE = 'make_a_pile.py';

async function fileItem() {
  const id = fixtureUri(FILE).toString();
  return waitFor('the tests of make_a_pile.py in the Testing view', async () =>
    (await state()).testItems.find((i) => i.id === id && i.children.length > 0),
  );
}

/**
 * VS Code's "run the tests of this file": the workbench learns of the items a moment after the
 * extension host adds them, and until then the command finds no test and does nothing; so it is
 * run again until a run starts.
 */
async function runCurrentFile(before: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await vscode.commands.executeCommand('testing.runCurrentFile');
    try {
      await waitFor('a Run to start', async () => (await state()).testRuns.length > before, 2000);
      return;
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
}

describe('Testing view', () => {
  let server: ScriptedServer | undefined;
  beforeEach(reset);
  afterEach(async () => {
    await reset();
    await server?.close();
    server = undefined;
  });

  it('lists the tests found in a file under the function they call', async () => {
    await openAt(FILE, 1);
    const file = await fileItem();
    assert.equal(file.label, FILE);
    assert.deepEqual(
      file.children.map((c) => c.label),
      ['make_a_pile()'],
    );
    assert.deepEqual(
      file.children[0].children.map((c) => c.label),
      ['make_a_pile(3) -> [3, 5, 7]', 'assert make_a_pile(3) == [3, 5, 7]'],
    );
  });

  it('runs them with the Run profile: failures carry expected and actual', async () => {
    await openAt(FILE, 1);
    await fileItem();
    const before = (await state()).testRuns.length;
    await runCurrentFile(before);
    const run = await waitFor('the Run to report', async () => {
      const runs = (await state()).testRuns;
      return runs.length > before && runs[runs.length - 1].results.length === 2 && runs[runs.length - 1];
    });
    assert.equal(run.profile, 'Run');
    for (const r of run.results) {
      assert.equal(r.state, 'failed', JSON.stringify(r));
      assert.equal(r.expected, '[3, 5, 7]');
      assert.equal(r.actual, '[3, 4, 6]');
      assert.match(r.message ?? '', /failed: expected \[3, 5, 7\], got \[3, 4, 6\]/);
    }
  });

  it('runs tests as an LDB run: while another is on, they error and it goes on', async () => {
    await configure({ timeoutMs: 60_000 });
    try {
      await openAt('spin.py', 6);
      const tracing = vscode.commands.executeCommand('ldb.traceOnly');
      await waitFor('the traced process', () => tracerProcesses().length > 0);
      await openAt(FILE, 1);
      await fileItem();
      const before = (await state()).testRuns.length;
      await runCurrentFile(before);
      const run = await waitFor('the Run to report', async () => {
        const runs = (await state()).testRuns;
        return runs[runs.length - 1].results.length === 2 && runs[runs.length - 1];
      });
      assert.deepEqual(
        run.results.map((r) => [r.state, r.message]),
        [
          ['errored', 'Trace spin is still running: wait for it, or cancel it (LDB: Clear)'],
          ['errored', 'Trace spin is still running: wait for it, or cancel it (LDB: Clear)'],
        ],
      );
      const s = await state();
      assert.equal(s.busy, true, 'the trace was cancelled');
      assert.equal(s.phase, 'Tracing assert spin(1) == 1');
      await vscode.commands.executeCommand('ldb.clear');
      await tracing;
    } finally {
      await configure({ timeoutMs: undefined });
    }
  });

  it('debugs a function with the "Debug with Trace" profile', async () => {
    server = await startServer();
    const editor = await openAt(FILE, 1);
    await fileItem();
    const before = (await state()).testRuns.length;
    const running = vscode.commands.executeCommand('testing.debugCurrentFile');
    await waitFor('a fix to review', async () => (await state()).pendingFix);
    assert.equal(await vscode.commands.executeCommand('ldb.acceptFix'), true);
    await running;
    const run = await waitFor('the debug run to report', async () => {
      const runs = (await state()).testRuns;
      return runs.length > before && runs[runs.length - 1].results.length === 2 && runs[runs.length - 1];
    });
    assert.equal(run.profile, 'Debug with Trace');
    assert.deepEqual(
      run.results.map((r) => [r.state, r.message]),
      [
        ['passed', 'fixed'],
        ['passed', 'fixed'],
      ],
    );
    assert.ok(editor.document.getText().includes(`${FIXED_BRANCH}\n    return pile\n`));
  });
});

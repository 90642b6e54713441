// The smallest host test that proves the harness: the extension under test is loaded in a real
// VS Code extension host, activates, and the window has the fixture workspace open.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import manifest from '../../package.json';

const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

describe('host smoke', () => {
  it(`has the extension ${EXTENSION_ID} loaded and activatable`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this extension host`);
    assert.equal((ext.packageJSON as { version?: unknown }).version, manifest.version);
    const from = process.env.LDB_HOST_TEST_EXTENSION_FROM;
    if (from === 'installed') {
      // code-server unpacks a .vsix into <extensions-dir>/<publisher>.<name>-<version>.
      assert.equal(basename(ext.extensionPath), `${EXTENSION_ID}-${manifest.version}`.toLowerCase());
    } else if (from) {
      assert.equal(ext.extensionPath, from);
    }
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('has the fixture workspace open', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, `workspace folders: ${folders.map((f) => f.uri.toString()).join(', ')}`);
    const folder = folders[0].uri;
    assert.equal(folder.scheme, 'file');
    // The runner copies test/fixtures/workspace to a throwaway folder and says where.
    const expected = process.env.LDB_HOST_TEST_WORKSPACE;
    if (expected) assert.equal(folder.fsPath, expected);
    const fixture = join(folder.fsPath, 'make_a_pile.py');
    assert.ok(existsSync(fixture), `${fixture} is missing`);
    assert.match(readFileSync(fixture, 'utf8'), /^def make_a_pile\(n\):$/m);
  });

  it('runs with the workspace trust the runner asked for', function () {
    const trust = process.env.LDB_HOST_TEST_TRUST;
    if (trust !== 'trusted' && trust !== 'untrusted') this.skip();
    assert.equal(vscode.workspace.isTrusted, trust === 'trusted');
  });
});

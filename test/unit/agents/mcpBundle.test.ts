// `ldb mcp` is its own bundle: the MCP SDK is in dist/mcp.js, loaded only by that command, and
// neither in the launcher dist/cli.js nor in dist/ldb.js, which every other command parses at
// start-up.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST_DIR } from '../../support/paths';

describe('the ldb mcp bundle', () => {
  it('keeps the MCP SDK out of dist/cli.js and dist/ldb.js, which loads ./mcp.js for the mcp command only', () => {
    const launcher = readFileSync(join(DIST_DIR, 'cli.js'), 'utf8');
    const cli = readFileSync(join(DIST_DIR, 'ldb.js'), 'utf8');
    const mcp = readFileSync(join(DIST_DIR, 'mcp.js'), 'utf8');
    // A string only the SDK's protocol layer holds.
    const sdk = 'notifications/roots/list_changed';
    assert.ok(mcp.includes(sdk));
    assert.ok(!cli.includes(sdk));
    assert.ok(!launcher.includes(sdk));
    assert.equal(cli.match(/import\("\.\/mcp\.js"\)/g)?.length, 1);
  });
});

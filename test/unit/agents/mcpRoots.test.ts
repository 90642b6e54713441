// The allowed folders follow the client's roots: when the client says its roots changed, the
// server asks again, and a path it refused before is allowed (and one it allowed is refused).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { call, connect, text } from '../../support/mcpClient';
import { PYTHON_FIXTURES } from '../../support/paths';

const AGENTS = join(PYTHON_FIXTURES, 'agents');
const MORE = join(AGENTS, 'more');

describe('ldb mcp: roots that change', function () {
  this.timeout(60_000);

  it('asks for the roots again after notifications/roots/list_changed', async () => {
    const roots = [MORE];
    const s = await connect({ cwd: AGENTS, roots });
    try {
      const before = await call(s.client, 'tests', { path: join(AGENTS, 'running_max.py') });
      assert.match(text(before), /is outside the allowed folders/);
      roots.splice(0, 1, AGENTS);
      await s.client.sendRootsListChanged();
      // The notification and the next call travel in order on the same pipe.
      const after = await call(s.client, 'tests', { path: join(AGENTS, 'running_max.py') });
      assert.equal(after.isError, false, text(after));
      roots.splice(0, 1, MORE);
      await s.client.sendRootsListChanged();
      const again = await call(s.client, 'tests', { path: join(AGENTS, 'running_max.py') });
      assert.match(text(again), /is outside the allowed folders/);
    } finally {
      await s.client.close();
    }
  });
});

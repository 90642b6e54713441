// The interpreter probe's results are kept on disk for real executables (not for shims) and
// forgotten when the executable changes.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, realpathSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cachedProbe,
  executableFile,
  rememberProbe,
} from '../../../src/core/languages/python/interpreterCache';
import { resolveInterpreter } from '../../../src/core/languages/python/interpreter';

describe('python interpreter: the probe cache', () => {
  const saved = process.env.XDG_CACHE_HOME;
  const dir = mkdtempSync(join(tmpdir(), 'ldb-interp-cache-'));
  before(() => {
    process.env.XDG_CACHE_HOME = join(dir, 'cache');
  });
  after(() => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  });

  it('remembers a real executable until it changes', async () => {
    const real = realpathSync((await resolveInterpreter('python3')).executable);
    const copy = join(dir, 'python-copy');
    copyFileSync(real, copy);
    assert.equal(executableFile(copy), copy);
    rememberProbe(copy, { executable: copy, version: '3.0.0' });
    assert.deepEqual(cachedProbe(copy), { executable: copy, version: '3.0.0' });
    utimesSync(copy, new Date(), new Date(Date.now() + 10_000));
    assert.equal(cachedProbe(copy), undefined, 'a changed executable is probed again');
  });

  it('never remembers a script (a pyenv shim picks its interpreter anew)', () => {
    const shim = join(dir, 'shim');
    writeFileSync(shim, '#!/bin/sh\nexec python3 "$@"\n', { mode: 0o755 });
    assert.equal(executableFile(shim), undefined);
  });
});

// Which isolation each platform gets, and what `auto` and `required` do where there is none
// (Windows): checked through the same functions the faces call, for each platform's answer.
import { strict as assert } from 'node:assert';
import { LdbError } from '../../../src/core/errors';
import { decideIsolation, isolationSupport, isolationWarning } from '../../../src/core/run/isolation';

describe('run: isolation on each platform', () => {
  const windows = isolationSupport('win32');

  it('Windows has none: required refuses in one line, auto runs without and warns, off is silent', () => {
    assert.deepEqual(windows, { available: false, why: 'LDB has no OS isolation on Windows' });
    assert.throws(
      () => decideIsolation('required', windows),
      (e: unknown) =>
        e instanceof LdbError &&
        e.reason === 'isolation' &&
        !e.message.includes('\n') &&
        /^isolation is required but LDB has no OS isolation on Windows; .*--isolation auto$/.test(e.message),
    );
    assert.equal(decideIsolation('auto', windows), 'none');
    assert.equal(
      isolationWarning('auto', windows),
      'running code without OS isolation: LDB has no OS isolation on Windows (set --isolation required to refuse, off to silence this)',
    );
    assert.equal(isolationWarning('off', windows), undefined);
    assert.equal(decideIsolation('off', windows), 'none');
  });

  it('macOS uses sandbox-exec where it runs, and says why not where it does not', () => {
    const mac = { available: true, kind: 'sandbox-exec', program: '/usr/bin/sandbox-exec' } as const;
    assert.equal(decideIsolation('required', mac), 'sandbox-exec');
    assert.equal(decideIsolation('auto', mac), 'sandbox-exec');
    assert.equal(isolationWarning('auto', mac), undefined);
    if (process.platform !== 'darwin')
      assert.deepEqual(isolationSupport('darwin'), {
        available: false,
        why: 'there is no /usr/bin/sandbox-exec',
      });
  });

  it('Linux uses bubblewrap where it can create its namespaces', () => {
    const linux = isolationSupport('linux');
    if (linux.available)
      assert.deepEqual([linux.kind, decideIsolation('required', linux)], ['bwrap', 'bwrap']);
    else assert.throws(() => decideIsolation('required', linux), /install bubblewrap/);
  });
});

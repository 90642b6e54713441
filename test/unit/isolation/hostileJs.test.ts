// Hostile JavaScript programs through `ldb trace`, isolation required: the Node runtime is confined
// as the Python one is (bubblewrap, the supervisor's PID namespace, hard limits set by prlimit
// before Node starts, the run's pids cgroup where there is one).
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolationSupport } from '../../../src/core/run/isolation';
import { runCgroupsAvailable } from '../../../src/core/run/processCgroup';
import {
  daemonMarker,
  assertForkLimit,
  JS_HOSTILE,
  ldbTrace,
  otherHome,
  processesNamed,
  settle,
  sharedFolder,
  userEnv,
} from './hostileRun';

const root = process.getuid?.() === 0;

describe('isolation: hostile JavaScript programs under ldb trace', function () {
  this.timeout(120_000);
  const env = userEnv(mkdtempSync(join(tmpdir(), 'ldb-hostile-home-')));
  const trace = (file: string, test: string, extra: string[] = []) =>
    ldbTrace(join(JS_HOSTILE, file), test, env, extra);

  before(function () {
    const found = isolationSupport();
    if (!found.available) assert.fail(`these tests need bubblewrap: ${found.why}`);
  });

  it('nothing outlives the run: a setsid sleeper orphaned by its shell is gone', async () => {
    const marker = daemonMarker();
    const pids = sharedFolder('ldb-hostile-pids-');
    const r = await trace(
      'daemon.js',
      `console.assert(leaveDaemon(${JSON.stringify(marker)}, ${JSON.stringify(pids)}) === 'left')`,
    );
    assert.equal(r.json?.isolation, 'bwrap');
    assert.equal(r.json?.outcome.status, 'passed', r.stderr);
    await settle();
    assert.deepEqual(processesNamed(marker), []);
    assert.deepEqual(readdirSync(pids), [], 'the pid file landed outside the run folder');
  });

  it('a fork bomb (capped at 200 by itself) stops at maxProcesses, Node threads included', async () => {
    const r = await trace('forkbomb.js', 'report(200)', ['--max-processes', '32']);
    assert.equal(r.code, 0, r.stderr);
    assertForkLimit(r.json?.outcome.exception?.message, 32, { cgroup: runCgroupsAvailable(), root });
  });

  it('a file cannot grow past maxFileBytes: the write fails with EFBIG', async () => {
    const r = await trace('diskfill.js', 'assert.deepStrictEqual(fill(), null)', ['--max-file-mb', '8']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.outcome.actual, `[${8 * 1024 * 1024}, 'EFBIG']`);
  });

  it("no other user's file is read: /etc/shadow, another home, through /proc/1/root or a symlink", async () => {
    const r = await trace(
      'others.js',
      `assert.deepStrictEqual(readOthers(${JSON.stringify(otherHome())}), [])`,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.outcome.status, 'passed', `read: ${r.json?.outcome.actual}`);
  });

  it('the CLI survives the program stopping and killing its parent and the CLI found via /proc', async () => {
    const r = await trace('signals.js', "assert.strictEqual(attackParent(), 'attacked')");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.outcome.status, 'passed');
  });
});

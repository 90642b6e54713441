// Hostile Python programs run through `ldb trace` as a user runs it (the built CLI, an API key and
// other secrets in its environment), isolation required: with bubblewrap each one is contained.
// Without bubblewrap these tests fail on purpose (`required` refuses); what holds then is
// unconfined.test.ts's.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolationSupport } from '../../../src/core/run/isolation';
import { runCgroupsAvailable } from '../../../src/core/run/processCgroup';
import {
  daemonMarker,
  assertForkLimit,
  ldbTrace,
  otherHome,
  processesNamed,
  PY_HOSTILE,
  SECRET,
  settle,
  sharedFolder,
  userEnv,
} from './hostileRun';

const root = process.getuid?.() === 0;

describe('isolation: hostile Python programs under ldb trace', function () {
  this.timeout(120_000);
  const home = mkdtempSync(join(tmpdir(), 'ldb-hostile-home-'));
  writeFileSync(join(home, '.secret_token'), SECRET);
  const env = userEnv(home);
  const trace = (file: string, test: string, extra: string[] = []) =>
    ldbTrace(join(PY_HOSTILE, file), test, env, extra);

  before(function () {
    const found = isolationSupport();
    if (!found.available) assert.fail(`these tests need bubblewrap: ${found.why}`);
  });

  it('no secret reaches the program: environment, any /proc/*/environ, home files', async () => {
    const r = await trace('secrets.py', `assert find_secrets(${JSON.stringify(home)}) == []`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.isolation, 'bwrap');
    assert.deepEqual(r.json?.outcome.status, 'passed', `found: ${r.json?.outcome.actual}`);
  });

  it("no other user's file is read: /etc/shadow, another home, through /proc/1/root or a symlink", async () => {
    const r = await trace('others.py', `assert read_others(${JSON.stringify(otherHome())}) == []`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.outcome.status, 'passed', `read: ${r.json?.outcome.actual}`);
  });

  it('no write lands outside its run folder (a named folder, /tmp, the project, a symlink)', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'ldb-hostile-outside-'));
    // /tmp is the run's own (an empty tmpfs): writing there succeeds and goes nowhere.
    const r = await trace(
      'writes.py',
      `assert try_writes(${JSON.stringify(outside)}) == ['/tmp/ldb-hostile-pwned']`,
    );
    assert.equal(r.json?.outcome.status, 'passed', `landed: ${r.json?.outcome.actual}`);
    assert.deepEqual(readdirSync(outside), []);
    assert.equal(existsSync('/tmp/ldb-hostile-pwned'), false);
    assert.equal(existsSync(join(PY_HOSTILE, 'pwned')), false);
  });

  it('no connection leaves: a server on the loopback is not reachable', async () => {
    const server: Server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const r = await trace('network.py', `assert reach(${port}) == 'refused'`);
      assert.equal(r.json?.outcome.status, 'passed', `reach: ${r.json?.outcome.actual}`);
    } finally {
      server.close();
    }
  });

  it('nothing outlives the run: a double-forked setsid daemon deaf to SIGTERM is gone', async () => {
    const marker = daemonMarker();
    const pids = sharedFolder('ldb-hostile-pids-');
    const r = await trace(
      'daemon.py',
      `assert leave_daemon(${JSON.stringify(marker)}, ${JSON.stringify(pids)}) == 'left'`,
    );
    assert.equal(r.json?.outcome.status, 'passed', r.stderr);
    await settle();
    assert.deepEqual(processesNamed(marker), []);
    assert.deepEqual(readdirSync(pids), [], 'the pid file landed outside the run folder');
  });

  it('the CLI survives the program stopping and killing its parent, the CLI (via /proc) and all it sees', async () => {
    const r = await trace('signals.py', "assert attack_parent() == 'attacked'");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.outcome.status, 'passed');
  });

  it('the outcome cannot be forged by writing a result file and dying before the real one', async () => {
    const r = await trace('forge.py', 'assert forged(1) == 3');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.outcome.status, 'error');
  });

  it('a program that switches the tracer off is reported as such, not as a pass', async () => {
    const r = await trace('tamper.py', 'assert tampered(4) == 6');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.outcome.status, 'error');
    assert.match(JSON.stringify(r.json?.outcome), /LdbTracerTampered/);
  });

  it('a file cannot grow past maxFileBytes: the disk is not filled', async () => {
    const r = await trace('diskfill.py', 'assert fill() == 0', ['--max-file-mb', '8']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.outcome.status, 'failed');
    assert.equal(r.json?.outcome.actual, String(8 * 1024 * 1024));
  });

  it('a fork bomb (capped at 200 by itself) stops at maxProcesses', async () => {
    const r = await trace('forkbomb.py', 'assert fork_until(200) == None', ['--max-processes', '24']);
    assert.equal(r.code, 0, r.stderr);
    assertForkLimit(r.json?.outcome.actual, 24, { cgroup: runCgroupsAvailable(), root });
  });

  it('the memory limit holds, even after the program raises its own limit', async () => {
    const r = await trace('memory.py', 'assert hog() == 0', ['--memory-mb', '256']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.outcome.status, 'error');
    assert.match(JSON.stringify(r.json?.outcome), /MemoryError/);
  });
});

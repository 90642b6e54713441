// The run's pids cgroup (run/processCgroup.ts), where this machine lets us make one (root with a
// writable cgroup hierarchy): the limit holds for root, and every process of the run is killed at
// its end, one that left the process group too. Elsewhere (a user without a delegated hierarchy)
// there is nothing to test: the runs go without one.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCgroupsAvailable } from '../../../src/core/run/processCgroup';
import { runProcess } from '../../../src/core/run/sandbox';

function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Forks children that wait until a fork fails or 100 are there; prints how many. */
const FORK_LOOP = `
import os, time
n = 0
while n < 100:
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        time.sleep(5)
        os._exit(0)
    n += 1
print(n)
`;

function run(script: string, processLimit: number, timeoutMs = 10_000, command = '/bin/sh') {
  return runProcess({
    command,
    args: ['-c', script],
    processLimit,
    cwd: mkdtempSync(join(tmpdir(), 'ldb-cgroup-')),
    env: { PATH: '/usr/bin:/bin' },
    timeoutMs,
    maxStdoutBytes: 4096,
    maxStderrBytes: 4096,
  });
}

describe('run: the pids cgroup of a run', function () {
  this.timeout(30_000);
  before(function () {
    if (!runCgroupsAvailable()) this.skip(); // no writable pids hierarchy here: runs go without
  });

  it('stops a fork loop (capped at 100 by itself) at the limit, root or not', async () => {
    // Python itself is one of the 10.
    const done = await run(FORK_LOOP, 10, 10_000, '/usr/bin/python3');
    assert.equal(done.stdout.trim(), '9', done.stderr);
  });

  it('kills what left the process group when the run ends', async () => {
    const done = await run("setsid sh -c 'echo $$; exec sleep 60' </dev/null 2>/dev/null & sleep 0.2", 10);
    const pid = Number(done.stdout.trim());
    assert.ok(pid > 0, done.stderr);
    assert.equal(alive(pid), false, `${pid} outlived the run`);
  });

  it('kills everything at the time limit', async () => {
    const done = await run(
      "setsid sh -c 'echo $$; exec sleep 60' </dev/null 2>/dev/null & sleep 60",
      10,
      500,
    );
    assert.equal(done.timedOut, true);
    assert.equal(alive(Number(done.stdout.trim())), false);
  });
});

// The supervisor of a run without OS isolation (run/reaper.ts), through runProcess as a run uses
// it, without a cgroup (so that only the supervisor can be what ends the descendants): what
// a double fork or setsid leaves is killed when the run ends or is stopped, and the run's outcome
// is the command's own.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confinedCommand } from '../../../src/core/run/isolation';
import { runCgroupsAvailable } from '../../../src/core/run/processCgroup';
import { reapedCommand, systemPython } from '../../../src/core/run/reaper';
import { runProcess, type ProcessResult } from '../../../src/core/run/sandbox';

function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function python(): string {
  const found = systemPython();
  if (found === undefined) throw new Error('no python3');
  return found;
}

/** Runs `script` with sh under the supervisor; its pid file names the daemon it leaves. */
function supervised(script: string, timeoutMs = 10_000): Promise<ProcessResult> {
  const runDir = mkdtempSync(join(tmpdir(), 'ldb-reaper-'));
  return runProcess({
    ...reapedCommand(python(), '/bin/sh', ['-c', script]),
    supervised: true,
    cwd: runDir,
    env: { PATH: '/usr/bin:/bin' },
    timeoutMs,
    maxStdoutBytes: 4096,
    maxStderrBytes: 4096,
  });
}

/** A sleeper in a session of its own, orphaned: its pid on stdout. */
const DAEMON = 'setsid sh -c \'echo $$; trap "" TERM HUP; exec sleep 60\' </dev/null 2>/dev/null &';

describe('run: the supervisor of an unconfined run', function () {
  this.timeout(30_000);
  before(function () {
    if (process.platform !== 'linux' || systemPython() === undefined) this.skip(); // Linux with a python3 only
  });

  it('kills the setsid daemon a double fork left when the command exits', async () => {
    const done = await supervised(`${DAEMON} sleep 0.2; exit 0`);
    const pid = Number(done.stdout.trim());
    assert.ok(pid > 0, done.stderr);
    assert.equal(done.exitCode, 0);
    assert.equal(alive(pid), false, `daemon ${pid} outlived the run`);
  });

  it('kills the daemon too when the run is stopped at its time limit', async () => {
    const done = await supervised(`${DAEMON} sleep 60`, 800);
    const pid = Number(done.stdout.trim());
    assert.equal(done.timedOut, true);
    assert.equal(alive(pid), false, `daemon ${pid} outlived the run`);
  });

  it('stops everything at the limit even when the program stopped its supervisor', async () => {
    const done = await supervised(`${DAEMON} kill -STOP $PPID; sleep 60`, 800);
    const pid = Number(done.stdout.trim());
    assert.equal(done.timedOut, true);
    assert.ok(done.durationMs < 5_000, `took ${done.durationMs} ms`);
    assert.equal(alive(pid), false, `daemon ${pid} outlived the run`);
  });

  it("reports the command's own exit code and the signal that killed it", async () => {
    assert.equal((await supervised('exit 3')).exitCode, 3);
    const killed = await supervised('kill -SEGV $$');
    assert.deepEqual([killed.exitCode, killed.signal], [null, 'SIGSEGV']);
  });

  it('says in one line when the command cannot be started', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'ldb-reaper-'));
    const done = await runProcess({
      ...reapedCommand(python(), '/nonexistent/x', []),
      cwd: runDir,
      env: {},
      timeoutMs: 5_000,
      maxStdoutBytes: 100,
      maxStderrBytes: 1000,
    });
    assert.equal(done.exitCode, 127);
    assert.equal(done.stderr, 'ldb: cannot run /nonexistent/x: No such file or directory\n');
  });

  it('supervises an unisolated run unless it gets a pids cgroup (which kills its descendants itself)', () => {
    const runDir = mkdtempSync(join(tmpdir(), 'ldb-reaper-'));
    const cgroup = runCgroupsAvailable();
    const c = confinedCommand('none', { readOnly: [], runDir, maxProcesses: 64 }, '/bin/true', []);
    assert.deepEqual(
      [c.supervised, c.command, c.processLimit],
      cgroup ? [false, '/bin/true', 64] : [true, python(), 65],
    );
  });
});

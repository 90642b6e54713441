// Hard limits for a runtime that cannot set its own (run/rlimits.ts): what the started command
// has, read from its own /proc/self/limits; and RLIMIT_NPROC counted from what the user runs.
import { strict as assert } from 'node:assert';
import { tmpdir } from 'node:os';
import { hardLimitsFor, limitedCommand, processRlimit, type HardLimits } from '../../../src/core/run/rlimits';
import { runProcess } from '../../../src/core/run/sandbox';

/** Soft and hard value of one line of /proc/self/limits (`Max open files  64  64  files`). */
function limit(text: string, name: string): [string, string] {
  const line = text.split('\n').find((l) => l.startsWith(name)) ?? '';
  const [soft = '', hard = ''] = line.slice(name.length).trim().split(/\s+/);
  return [soft, hard];
}

const LIMITS: HardLimits = { fileBytes: 1 << 20, openFiles: 64, cpuSeconds: 7, processes: 300 };

/** /proc/self/limits of a command started with these limits. */
async function limitsOf(limits: HardLimits): Promise<string> {
  const { command, args } = limitedCommand(limits, '/bin/cat', ['/proc/self/limits']);
  const done = await runProcess({
    command,
    args,
    cwd: tmpdir(),
    env: {},
    timeoutMs: 5_000,
    maxStdoutBytes: 8192,
    maxStderrBytes: 1024,
  });
  assert.equal(done.exitCode, 0, done.stderr);
  return done.stdout;
}

describe('run: hard limits set before the command starts', function () {
  before(function () {
    if (process.platform !== 'linux') this.skip(); // prlimit is Linux's (util-linux)
  });

  it('the command starts with the file size, open files, CPU, processes and core limits, soft and hard', async () => {
    const limits = await limitsOf(LIMITS);
    assert.deepEqual(limit(limits, 'Max file size'), ['1048576', '1048576']);
    assert.deepEqual(limit(limits, 'Max open files'), ['64', '64']);
    assert.deepEqual(limit(limits, 'Max cpu time'), ['7', '7']);
    assert.deepEqual(limit(limits, 'Max processes'), ['300', '300']);
    assert.deepEqual(limit(limits, 'Max core file size'), ['0', '0']);
  });

  it('a memory limit, when given, is RLIMIT_DATA, soft and hard; none is set without one', async () => {
    const given = await limitsOf({ ...LIMITS, dataBytes: 256 << 20 });
    assert.deepEqual(limit(given, 'Max data size'), ['268435456', '268435456']);
    assert.notDeepEqual(limit(await limitsOf(LIMITS), 'Max data size'), ['268435456', '268435456']);
  });

  it('the CPU budget is the time limit and its grace, plus 2 s', () => {
    const l = hardLimitsFor({
      timeoutMs: 5000,
      killGraceMs: 1000,
      maxFileBytes: 9,
      maxOpenFiles: 8,
      maxProcesses: 7,
    });
    assert.deepEqual([l.fileBytes, l.openFiles, l.cpuSeconds], [9, 8, 8]);
  });

  it('RLIMIT_NPROC is maxProcesses for root (it does not bind root), more than that for a user who runs processes', () => {
    const n = processRlimit(24);
    if (process.getuid?.() === 0) assert.equal(n, 24);
    else assert.ok(n > 24, `${n}`); // this test's own process is one of the user's
  });
});

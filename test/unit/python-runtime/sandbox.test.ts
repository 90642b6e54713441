// The sandboxed runner on its own: process groups, closed stdin, output caps, timeouts, abort,
// the environment, temp dirs and interpreter resolution.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLdbError } from '../../../src/core/errors';
import { probeEnv, programEnv } from '../../../src/core/run/env';
import { resolveInterpreter } from '../../../src/core/languages/python/interpreter';
import { runProcess, type ProcessRequest } from '../../../src/core/run/sandbox';
import { withTempDir } from '../../../src/core/run/tempdir';
import { installedPythons, waitGone } from './support';

function sh(script: string, extra: Partial<ProcessRequest> = {}) {
  return runProcess({
    command: 'sh',
    args: ['-c', script],
    cwd: tmpdir(),
    env: process.env,
    timeoutMs: 10_000,
    maxStdoutBytes: 1 << 20,
    maxStderrBytes: 1 << 20,
    ...extra,
  });
}

describe('sandbox: runProcess', () => {
  it('captures stdout, stderr and the exit code', async () => {
    const r = await sh('echo out; echo err >&2; exit 3');
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
    assert.equal(r.exitCode, 3);
    assert.equal(r.timedOut, false);
    assert.equal(r.cancelled, false);
  });

  it('gives the child a closed stdin', async () => {
    const r = await sh('cat; echo "read done"');
    assert.equal(r.stdout, 'read done\n');
  });

  it('keeps output up to the cap and drains the rest', async () => {
    const r = await sh('head -c 3000000 /dev/zero | tr "\\0" x; echo tail >&2', {
      maxStdoutBytes: 1000,
      maxStderrBytes: 2,
    });
    assert.equal(r.stdout, 'x'.repeat(1000));
    assert.equal(r.stdoutTruncated, true);
    assert.equal(r.stdoutBytes, 3_000_000);
    assert.equal(r.stderr, 'ta');
    assert.equal(r.stderrTruncated, true);
    assert.equal(r.exitCode, 0);
  });

  it('does not show half a UTF-8 character at the cut', async () => {
    const r = await sh('printf "aé"', { maxStdoutBytes: 2 });
    assert.equal(r.stdout, 'a');
  });

  it('kills the whole process group at the time limit', async () => {
    const started = Date.now();
    const r = await sh('sleep 30 & echo $!; wait', { timeoutMs: 300 });
    assert.equal(r.timedOut, true);
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(Date.now() - started < 3000, 'returned soon after the limit');
    const grandchild = Number(r.stdout.trim());
    assert.ok(grandchild > 0);
    assert.ok(await waitGone(grandchild), `background child ${grandchild} survived`);
  });

  it('kills what the child left behind even when it exits in time', async () => {
    const r = await sh('sleep 30 & echo $!');
    assert.equal(r.exitCode, 0);
    assert.ok(await waitGone(Number(r.stdout.trim())));
  });

  it('sends SIGTERM first when given a grace period', async () => {
    const r = await sh('trap "echo term; exit 7" TERM; sleep 30 & wait', {
      timeoutMs: 200,
      killGraceMs: 2000,
    });
    assert.equal(r.timedOut, true);
    assert.equal(r.stdout, 'term\n');
    assert.equal(r.exitCode, 7);
  });

  it('stops on abort and says it was cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const r = await sh('sleep 30', { signal: controller.signal });
    assert.equal(r.cancelled, true);
    assert.equal(r.timedOut, false);
    assert.ok(Date.now() - started < 3000);
  });

  it('does not start at all when already aborted', async () => {
    const marker = join(tmpdir(), `ldb-sandbox-${process.pid}-aborted`);
    const r = await sh(`touch ${marker}`, { signal: AbortSignal.abort() });
    assert.equal(r.cancelled, true);
    assert.equal(existsSync(marker), false);
  });

  it('rejects when the command does not exist', async () => {
    await assert.rejects(
      runProcess({
        command: 'ldb-no-such-command',
        args: [],
        cwd: tmpdir(),
        env: process.env,
        timeoutMs: 1000,
        maxStdoutBytes: 10,
        maxStderrBytes: 10,
      }),
      (e: NodeJS.ErrnoException) => e.code === 'ENOENT',
    );
  });
});

describe('sandbox: environment', () => {
  const user = {
    PATH: '/usr/bin',
    PYTHONPATH: '/src',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TZ: 'UTC',
    OPENAI_API_KEY: 'sk-1',
    OPENAI_BASE_URL: 'http://llm',
    LDB_MODEL: 'gpt',
    GITHUB_TOKEN: 'ghp',
    GITHUB_PAT: 'ghp',
    DATABASE_URL: 'postgres://u:pw@db/x',
    SSH_AUTH_SOCK: '/tmp/ssh-agent',
    VSCODE_IPC_HOOK_CLI: '/tmp/vscode.sock',
    db_password: 'pw',
    AWS_SECRET_ACCESS_KEY: 'aws',
    MONKEY: 'contains KEY',
    PYTHONINSPECT: '1',
    PYTHONHASHSEED: 'random',
    PYENV_ROOT: '/home/u/.pyenv',
    HOME: '/home/u',
  };
  const env = programEnv(user, { runDir: '/tmp/run' });

  it('gives the program only PATH, the locale, the time zone and the interpreter’s variables', () => {
    assert.deepEqual(Object.keys(env).sort(), [
      'HOME',
      'LANG',
      'LC_ALL',
      'PATH',
      'PYTHONBREAKPOINT',
      'PYTHONDONTWRITEBYTECODE',
      'PYTHONHASHSEED',
      'PYTHONIOENCODING',
      'PYTHONPATH',
      'TMPDIR',
      'TZ',
    ]);
  });

  it('points HOME and TMPDIR at the run folder, and pins what makes runs reproducible', () => {
    assert.equal(env.PATH, '/usr/bin');
    assert.equal(env.PYTHONPATH, '/src');
    assert.equal(env.HOME, '/tmp/run');
    assert.equal(env.TMPDIR, '/tmp/run');
    assert.equal(env.PYTHONINSPECT, undefined);
    assert.equal(env.PYTHONHASHSEED, '0');
    assert.equal(env.PYTHONDONTWRITEBYTECODE, '1');
    assert.equal(env.PYTHONIOENCODING, 'utf-8');
    assert.equal(env.PYTHONBREAKPOINT, '0');
  });
});

describe('sandbox: the interpreter probe’s environment', () => {
  it('is the user’s minus secrets and LLM settings, so that shims still find their interpreter', () => {
    const env = probeEnv({
      PATH: '/usr/bin',
      PYENV_ROOT: '/r',
      HOME: '/h',
      GITHUB_TOKEN: 't',
      LDB_MODEL: 'm',
    });
    assert.deepEqual(env, { PATH: '/usr/bin', PYENV_ROOT: '/r', HOME: '/h' });
  });
});

describe('sandbox: temp dirs', () => {
  it('gives a fresh directory and removes it afterwards, also after an error', async () => {
    let seen = '';
    await assert.rejects(
      withTempDir((dir) => {
        seen = dir;
        writeFileSync(join(dir, 'f'), 'x');
        assert.ok(existsSync(dir));
        return Promise.reject(new Error('boom'));
      }),
      /boom/,
    );
    assert.ok(seen.startsWith(realpathSync(tmpdir())) || seen.startsWith(tmpdir()));
    assert.equal(existsSync(seen), false);
  });
});

describe('sandbox: interpreter', () => {
  it('resolves python3 to its executable once', async () => {
    const first = resolveInterpreter('python3');
    assert.equal(resolveInterpreter('python3'), first, 'the same pending answer is reused');
    const py = await first;
    assert.match(py.version, /^3\.\d+\.\d+$/);
    assert.ok(py.major === 3 && py.minor >= 8);
    assert.ok(!py.executable.includes('/shims/'), `a shim was not resolved: ${py.executable}`);
    assert.ok(existsSync(py.executable));
  });

  it('says how to fix a missing interpreter', async () => {
    await assert.rejects(resolveInterpreter('python9'), (e: unknown) => {
      assert.ok(isLdbError(e, 'interpreter'));
      assert.equal(
        e.message,
        "Python interpreter 'python9' not found: install Python 3.8+ or set --python / ldb.python",
      );
      return true;
    });
  });

  it('refuses an interpreter older than 3.8', async function () {
    const root = join(process.env.PYENV_ROOT ?? '/root/.pyenv', 'versions');
    // A real old Python where the machine has one, else a stand-in that answers the probe as 2.7 does.
    let old = ['3.7.16', '3.6.15', '2.7.18'].map((v) => join(root, v, 'bin', 'python')).find(existsSync);
    if (!old) {
      old = join(mkdtempSync(join(tmpdir(), 'ldb-oldpy-')), 'python2');
      writeFileSync(old, '#!/bin/sh\necho /usr/bin/python2.7\necho 2.7.18\n', { mode: 0o755 });
    }
    await assert.rejects(resolveInterpreter(old), /is Python [23]\.\d+\.\d+: install Python 3\.8\+/);
  });

  it('resolves every installed 3.8+ interpreter', async () => {
    for (const p of installedPythons()) {
      const py = await resolveInterpreter(p.executable);
      assert.equal(`${py.major}.${py.minor}`, p.version.split('.').slice(0, 2).join('.'));
    }
  });
});

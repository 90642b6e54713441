// Hostile programs run through `ldb trace` as a user runs it (the built CLI, an API key and other
// secrets in its environment). With bubblewrap each one must be contained; without it (isolation
// off) the checks that only OS isolation can give are expected to fail, and `required` refuses.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolationSupport } from '../../../src/core/run/isolation';
import { DIST_DIR, FIXTURES_DIR } from '../../support/paths';

const HOSTILE = join(FIXTURES_DIR, 'python', 'hostile');
const SECRET = 'sk-ldb-hostile-secret';

interface Traced {
  code: number;
  stderr: string;
  json?: { outcome: { status: string; actual?: string }; isolation: string; visits: unknown[] };
}

function ldbTrace(file: string, test: string, env: NodeJS.ProcessEnv, extra: string[] = []): Promise<Traced> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(DIST_DIR, 'cli.js'), 'trace', join(HOSTILE, file), '--test', test, '--json', ...extra],
      { env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        let json: Traced['json'];
        try {
          json = JSON.parse(stdout) as Traced['json'];
        } catch {
          json = undefined;
        }
        resolve({ code, stderr, ...(json ? { json } : {}) });
      },
    );
  });
}

/** The environment of a user with secrets: an API key, tokens, a database URL, an agent socket. */
function userEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    OPENAI_API_KEY: SECRET,
    LDB_API_KEY: SECRET,
    GITHUB_PAT: SECRET,
    DATABASE_URL: `postgres://u:${SECRET}@db/x`,
    SSH_AUTH_SOCK: '/tmp/agent.sock',
    VSCODE_IPC_HOOK_CLI: '/tmp/vscode.sock',
    LDB_ISOLATION: 'required',
  };
}

function processesNamed(marker: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(marker)) found.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const available = isolationSupport().available;

describe('isolation: hostile programs under ldb trace', function () {
  this.timeout(120_000);
  const home = mkdtempSync(join(tmpdir(), 'ldb-hostile-home-'));
  writeFileSync(join(home, '.secret_token'), SECRET);
  const env = userEnv(home);

  before(function () {
    const found = isolationSupport();
    if (!found.available) assert.fail(`these tests need bubblewrap: ${found.why}`);
  });

  it('no secret reaches the program: environment, any /proc/*/environ, home files', async () => {
    const r = await ldbTrace('secrets.py', `assert find_secrets(${JSON.stringify(home)}) == []`, env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.isolation, 'bwrap');
    assert.deepEqual(r.json?.outcome.status, 'passed', `found: ${r.json?.outcome.actual}`);
  });

  it('no write lands outside its run folder (a named folder, /tmp, the project, a symlink)', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'ldb-hostile-outside-'));
    // /tmp is the run's own (an empty tmpfs): writing there succeeds and goes nowhere.
    const r = await ldbTrace(
      'writes.py',
      `assert try_writes(${JSON.stringify(outside)}) == ['/tmp/ldb-hostile-pwned']`,
      env,
    );
    assert.equal(r.json?.outcome.status, 'passed', `landed: ${r.json?.outcome.actual}`);
    assert.deepEqual(readdirSync(outside), []);
    assert.equal(existsSync('/tmp/ldb-hostile-pwned'), false);
    assert.equal(existsSync(join(HOSTILE, 'pwned')), false);
  });

  it('no connection leaves: a server on the loopback is not reachable', async () => {
    const server: Server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const r = await ldbTrace('network.py', `assert reach(${port}) == 'refused'`, env);
      assert.equal(r.json?.outcome.status, 'passed', `reach: ${r.json?.outcome.actual}`);
    } finally {
      server.close();
    }
  });

  it('nothing outlives the run: a double-forked setsid daemon is gone', async () => {
    const marker = `${1000 + Math.floor(Math.random() * 1000)}.4242`;
    const r = await ldbTrace('daemon.py', `assert leave_daemon(${JSON.stringify(marker)}) == 'left'`, env);
    assert.equal(r.json?.outcome.status, 'passed', r.stderr);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(processesNamed(marker), []);
  });

  it('the CLI survives the program stopping and killing its parent and every process it sees', async () => {
    const r = await ldbTrace('signals.py', "assert attack_parent() == 'attacked'", env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.outcome.status, 'passed');
  });

  it('the outcome cannot be forged by writing a result file and dying before the real one', async () => {
    const r = await ldbTrace('forge.py', 'assert forged(1) == 3', env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.outcome.status, 'error');
  });

  it('a program that switches the tracer off is reported as such, not as a pass', async () => {
    const r = await ldbTrace('tamper.py', 'assert tampered(4) == 6', env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.outcome.status, 'error');
    assert.match(JSON.stringify(r.json?.outcome), /LdbTracerTampered/);
  });

  it('a file cannot grow past maxFileBytes: the disk is not filled', async () => {
    const r = await ldbTrace('diskfill.py', 'assert fill() == 0', env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.outcome.status, 'failed');
    assert.equal(r.json?.outcome.actual, String(256 * 1024 * 1024));
  });

  it('the memory limit holds, even after the program raises its own limit', async () => {
    const r = await ldbTrace('memory.py', 'assert hog() == 0', env, ['--memory-mb', '256']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.json?.outcome.status, 'error');
    assert.match(JSON.stringify(r.json?.outcome), /MemoryError/);
  });
});

describe('isolation: modes', function () {
  this.timeout(60_000);
  it('off runs unconfined and says so in --json; auto and required run isolated where bwrap works', async () => {
    const env = { PATH: process.env.PATH, HOME: tmpdir() };
    const off = await ldbTrace('network.py', 'reach(1)', { ...env, LDB_ISOLATION: 'off' });
    assert.equal(off.json?.isolation, 'none');
    const auto = await ldbTrace('network.py', 'reach(1)', { ...env, LDB_ISOLATION: 'auto' });
    assert.equal(auto.json?.isolation, available ? 'bwrap' : 'none');
    assert.equal(auto.stderr.includes('without OS isolation'), !available);
  });

  it('without bubblewrap: required refuses in one line (exit 2), auto warns once and runs', async () => {
    const env = { PATH: process.env.PATH, HOME: tmpdir(), LDB_BWRAP: '/nonexistent/bwrap' };
    const required = await ldbTrace('network.py', 'reach(1)', { ...env, LDB_ISOLATION: 'required' });
    assert.equal(required.code, 2);
    assert.equal(
      required.stderr,
      'ldb: isolation is required but there is no bubblewrap at /nonexistent/bwrap (LDB_BWRAP); install bubblewrap or run with --isolation auto\n',
    );
    const auto = await ldbTrace('network.py', 'reach(1)', { ...env, LDB_ISOLATION: 'auto' });
    assert.equal(auto.code, 0);
    assert.equal(auto.json?.isolation, 'none');
    assert.equal(auto.stderr.match(/without OS isolation/g)?.length, 1);
  });

  it('a bad --isolation value is one line, exit 2', async () => {
    const r = await ldbTrace('network.py', 'reach(1)', { PATH: process.env.PATH }, ['--isolation', 'maybe']);
    assert.equal(r.code, 2);
    assert.match(r.stderr.trim(), /^ldb: .*isolation.*(auto|required|off)/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});

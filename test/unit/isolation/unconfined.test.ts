// What holds without OS isolation (`--isolation off`, or `auto` where bubblewrap is missing), and
// how the modes behave: `required` refuses, `auto` warns once and runs. Without isolation a run
// still cannot outlive itself (the supervisor's subreaper; the pids cgroup as root), fork without
// end (the cgroup as root, RLIMIT_NPROC otherwise) or fill the disk (RLIMIT_FSIZE). Run as root,
// each is also tried as an unprivileged user, where only the supervisor and the rlimits apply.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolationSupport } from '../../../src/core/run/isolation';
import { runCgroupsAvailable } from '../../../src/core/run/processCgroup';
import {
  daemonMarker,
  assertForkLimit,
  JS_HOSTILE,
  ldbTrace,
  NOBODY,
  processesNamed,
  PY_HOSTILE,
  running,
  settle,
  sharedFolder,
} from './hostileRun';

const available = isolationSupport().available;
const root = process.getuid?.() === 0;
const SYSTEM_PATH = '/usr/local/bin:/usr/bin:/bin';

/** Who runs `ldb`: this user, and when that is root, also nobody (where RLIMIT_NPROC binds). */
const users: { name: string; as?: typeof NOBODY; env: () => NodeJS.ProcessEnv; extra: string[] }[] = [
  {
    name: root ? 'root' : 'a user',
    env: () => ({ PATH: process.env.PATH, HOME: tmpdir(), LDB_ISOLATION: 'off' }),
    extra: [],
  },
  ...(root
    ? [
        {
          name: 'an unprivileged user',
          as: NOBODY,
          env: () => ({
            PATH: SYSTEM_PATH,
            HOME: sharedFolder('ldb-nobody-home-', NOBODY),
            LDB_ISOLATION: 'off',
          }),
          // The interpreter on root's PATH may live under /root, which nobody cannot enter.
          extra: ['--python', '/usr/bin/python3'],
        },
      ]
    : []),
];

describe('isolation off: what holds without OS isolation', function () {
  this.timeout(120_000);

  for (const user of users) {
    describe(`as ${user.name}`, () => {
      const trace = (file: string, test: string, extra: string[] = []) =>
        ldbTrace(file, test, user.env(), [...user.extra, ...extra], user.as);

      for (const [language, file, call] of [
        ['Python', join(PY_HOSTILE, 'daemon.py'), 'assert leave_daemon(%s, %s) == "left"'],
        ['JavaScript', join(JS_HOSTILE, 'daemon.js'), "console.assert(leaveDaemon(%s, %s) === 'left')"],
      ] as const) {
        it(`${language}: a double-forked setsid daemon that wrote its pid file is gone when ldb trace returns`, async () => {
          const marker = daemonMarker();
          const pids = sharedFolder('ldb-unconfined-pids-');
          const test = call.replace('%s', JSON.stringify(marker)).replace('%s', JSON.stringify(pids));
          const r = await trace(file, test);
          assert.equal(r.json?.isolation, 'none', r.stderr);
          assert.equal(r.json?.outcome.status, 'passed', r.stderr);
          const pid = Number(readFileSync(join(pids, 'daemon.pid'), 'utf8'));
          assert.ok(pid > 0);
          await settle();
          assert.equal(running(pid), false, `the daemon ${pid} outlived the run`);
          assert.deepEqual(processesNamed(marker), []);
        });
      }

      it('Python: a fork bomb (capped at 200 by itself) stops at maxProcesses', async () => {
        const r = await trace(join(PY_HOSTILE, 'forkbomb.py'), 'assert fork_until(200) == None', [
          '--max-processes',
          '24',
        ]);
        // Root: the run's pids cgroup, exactly. A user: RLIMIT_NPROC over the tasks the user had
        // when the run started.
        assertForkLimit(r.json?.outcome.actual, 24, {
          cgroup: !user.as && runCgroupsAvailable(),
          root: root && !user.as,
        });
      });

      it('JavaScript: a fork bomb stops at maxProcesses, Node threads included', async () => {
        const r = await trace(join(JS_HOSTILE, 'forkbomb.js'), 'report(200)', ['--max-processes', '32']);
        // Root: the run's pids cgroup, exactly. A user: RLIMIT_NPROC over the tasks the user had
        // when the run started.
        assertForkLimit(r.json?.outcome.exception?.message, 32, {
          cgroup: !user.as && runCgroupsAvailable(),
          root: root && !user.as,
        });
      });

      it('Python and JavaScript: a file cannot grow past maxFileBytes', async () => {
        const py = await trace(join(PY_HOSTILE, 'diskfill.py'), 'assert fill() == 0', ['--max-file-mb', '4']);
        assert.equal(py.json?.outcome.actual, String(4 * 1024 * 1024), py.stderr);
        const js = await trace(join(JS_HOSTILE, 'diskfill.js'), 'assert.deepStrictEqual(fill(), null)', [
          '--max-file-mb',
          '4',
        ]);
        assert.equal(js.json?.outcome.actual, `[${4 * 1024 * 1024}, 'EFBIG']`, js.stderr);
      });
    });
  }
});

describe('isolation: modes', function () {
  this.timeout(60_000);
  const network = join(PY_HOSTILE, 'network.py');

  it('off runs unconfined and says so in --json; auto and required run isolated where bwrap works', async () => {
    const env = { PATH: process.env.PATH, HOME: tmpdir() };
    const off = await ldbTrace(network, 'reach(1)', { ...env, LDB_ISOLATION: 'off' });
    assert.equal(off.json?.isolation, 'none');
    const auto = await ldbTrace(network, 'reach(1)', { ...env, LDB_ISOLATION: 'auto' });
    assert.equal(auto.json?.isolation, available ? 'bwrap' : 'none');
    assert.equal(auto.stderr.includes('without OS isolation'), !available);
  });

  for (const [language, file, test] of [
    ['Python', network, 'reach(1)'],
    ['JavaScript', join(JS_HOSTILE, 'diskfill.js'), "assert.strictEqual(typeof fill, 'function')"],
  ] as const) {
    it(`${language} without bubblewrap: required refuses in one line (exit 2), auto warns once and runs`, async () => {
      const env = { PATH: process.env.PATH, HOME: tmpdir(), LDB_BWRAP: '/nonexistent/bwrap' };
      const required = await ldbTrace(file, test, { ...env, LDB_ISOLATION: 'required' });
      assert.equal(required.code, 2);
      assert.equal(
        required.stderr,
        'ldb: isolation is required but there is no bubblewrap at /nonexistent/bwrap (LDB_BWRAP); install bubblewrap or run with --isolation auto\n',
      );
      const auto = await ldbTrace(file, test, { ...env, LDB_ISOLATION: 'auto' });
      assert.equal(auto.code, 0, auto.stderr);
      assert.equal(auto.json?.isolation, 'none');
      assert.equal(auto.stderr.match(/without OS isolation/g)?.length, 1);
    });
  }

  it('a bad --isolation value is one line, exit 2', async () => {
    const r = await ldbTrace(network, 'reach(1)', { PATH: process.env.PATH }, ['--isolation', 'maybe']);
    assert.equal(r.code, 2);
    assert.match(r.stderr.trim(), /^ldb: .*isolation.*(auto|required|off)/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});

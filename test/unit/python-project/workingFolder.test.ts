// A request names the folder it is run from (`cwd`), as the extension does (the workspace folder
// holding the file) while this process runs elsewhere: a project without configuration then has
// the rootdir and node ids pytest itself gives when run from that folder, in the listing, a traced
// id, the debug loop's runs and an agent's tool; a relative interpreter path is read from it too.
// Real pytest processes (Debian's pytest 7.2 in /usr/bin/python3) are the reference.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runTestsTool } from '../../../src/core/agents/testsTool';
import { traceFirstFailing } from '../../../src/core/debug/debugger';
import { isLdbError } from '../../../src/core/errors';
import { withDebugDefaults, withDefaults } from '../../../src/core/settings';
import { listTests } from '../../../src/core/tests/listTests';
import { traceTest } from '../../../src/core/trace/tracing';
import { DIST_DIR, FIXTURES_DIR } from '../../support/paths';

/** No configuration anywhere: pytest's rootdir reaches up to the folder it is run from. */
const NO_CONFIG = join(FIXTURES_DIR, 'projects', 'conftest_path');
const SYSTEM_PYTHON = '/usr/bin/python3';
const assets = { dir: DIST_DIR };
const settings = withDefaults({ python: SYSTEM_PYTHON });

/** The node ids pytest prints for `target` when run from `cwd`. */
function pytestIds(cwd: string, target: string): string[] {
  const args = ['-m', 'pytest', '--collect-only', '-q', '-p', 'no:cacheprovider', relative(cwd, target)];
  const run = spawnSync(SYSTEM_PYTHON, args, { cwd, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  return run.stdout.split('\n').filter((line) => line.includes('::'));
}

function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || !rel.startsWith('..');
}

describe('python project: the folder a request is run from', function () {
  this.timeout(120_000);
  /** The folder the requests name; the project is weather/ in it. */
  let work: string;
  let weather: string;
  let tests: string;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'ldb-cwd-'));
    weather = join(work, 'weather');
    tests = join(weather, 'tests');
    cpSync(NO_CONFIG, weather, { recursive: true });
    // What makes the cwd matter: this process runs from a folder that is neither it nor inside it.
    assert.ok(!inside(work, process.cwd()) && !inside(process.cwd(), work), process.cwd());
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it("lists the root and ids pytest gives from the request's folder, not this process's", async () => {
    for (const cwd of [work, weather]) {
      const { collection } = await listTests({ target: tests, settings, assets, cwd });
      assert.ok(collection, 'pytest collected');
      // No configuration: the root reaches up to the folder the request is run from.
      assert.equal(collection.root, cwd);
      assert.deepEqual(
        collection.tests.map((t) => t.id),
        pytestIds(cwd, tests),
      );
    }
    assert.deepEqual(pytestIds(work, tests), [
      'weather/tests/test_temperature.py::test_to_fahrenheit[freezing]',
      'weather/tests/test_temperature.py::test_to_fahrenheit[boiling]',
      'weather/tests/test_temperature.py::test_describe',
    ]);
  });

  it("traces a node id relative to the root found from the request's folder", async () => {
    const file = join(tests, 'test_temperature.py');
    for (const [cwd, id, module] of [
      [work, 'weather/tests/test_temperature.py::test_to_fahrenheit[boiling]', 'weather/lib/temperature.py'],
      [weather, 'tests/test_temperature.py::test_to_fahrenheit[boiling]', 'lib/temperature.py'],
    ]) {
      const report = await traceTest({ path: file, test: id, settings, assets, cwd });
      assert.equal(report.test.id, id);
      assert.equal(report.run.outcome.status, 'failed');
      assert.equal(report.entryFile, module);
      assert.equal(report.entry.qualifiedName, 'to_fahrenheit');
      assert.ok(report.files?.has(module), [...(report.files?.keys() ?? [])].join(', '));
    }
    // An id of the other folder's root names no test from this one.
    await assert.rejects(
      traceTest({
        path: file,
        test: 'weather/tests/test_temperature.py::test_describe',
        settings,
        assets,
        cwd: weather,
      }),
      (e: unknown) => isLdbError(e, 'bad-input') && e.message.includes(`in ${weather}`),
    );
  });

  it("runs the debug loop's tests by the ids of the request's folder", async () => {
    const ids = [
      'weather/tests/test_temperature.py::test_describe',
      'weather/tests/test_temperature.py::test_to_fahrenheit[freezing]',
    ];
    const { results, report } = await traceFirstFailing({
      path: join(weather, 'lib', 'temperature.py'),
      functionName: 'to_fahrenheit',
      tests: ids,
      settings: withDebugDefaults({ python: SYSTEM_PYTHON }),
      assets,
      cwd: work,
    });
    assert.deepEqual(
      results.map((r) => [r.test, r.outcome.status]),
      [[ids[0], 'failed']],
    );
    assert.equal(report?.test.id, ids[0]);
    assert.equal(report?.entryFile, 'weather/lib/temperature.py');
  });

  it("an agent's tool runs from the allowed folder that holds the path", async () => {
    const { listing } = await runTestsTool({ path: tests }, { folders: [work], settings, assets });
    assert.equal(listing.collection?.root, work);
    assert.deepEqual(
      listing.collection?.tests.map((t) => t.id),
      pytestIds(work, tests),
    );
  });

  it("reads a relative interpreter path from the request's folder when the root does not hold it", async () => {
    writeFileSync(join(weather, 'pytest.ini'), '[pytest]\n');
    mkdirSync(join(weather, 'tools'));
    symlinkSync(SYSTEM_PYTHON, join(weather, 'tools', 'python'));
    // Relative to the folder the request is run from, not to the root (weather/weather/tools/python).
    const relativePython = withDefaults({ python: 'weather/tools/python' });
    const { collection } = await listTests({ target: tests, settings: relativePython, assets, cwd: work });
    assert.equal(collection?.root, weather, 'the configuration decides the root');
    assert.equal(collection?.interpreter.source, 'flag');
    assert.equal(collection?.tests.length, 3);
    // From this process's folder, the path names nothing.
    await assert.rejects(
      listTests({ target: tests, settings: relativePython, assets }),
      (e: unknown) =>
        isLdbError(e, 'interpreter') && e.message.includes(join(weather, 'weather', 'tools', 'python')),
    );
  });
});

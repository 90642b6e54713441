// npm run bench:collect: what `ldb tests` costs on a 40-file pytest suite (target: under 2 s),
// measured side by side in one run against pytest's own `--collect-only -q` in the same
// interpreter, as whole processes from a shell. Per interpreter (python3 on PATH, and Debian's
// /usr/bin/python3 when it is there, or LDB_PYTHON alone): medians over the rounds and their
// ratio. Rounds alternate which side goes first so drift on a shared machine hits both alike.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median as medianOf } from '../src/core/bench/stats';
import { DIST_DIR } from '../test/support/paths';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const FILES = 40;
const TARGET_MS = 2000;

const median = (xs: number[]): number => medianOf(xs) ?? NaN;

/** A src/ layout package and 40 test modules: plain tests, parametrize, a class, a fixture. */
function writeSuite(root: string): number {
  mkdirSync(join(root, 'src', 'store'), { recursive: true });
  mkdirSync(join(root, 'tests'));
  writeFileSync(
    join(root, 'pyproject.toml'),
    '[tool.pytest.ini_options]\npythonpath = ["src"]\ntestpaths = ["tests"]\n',
  );
  writeFileSync(join(root, 'src', 'store', '__init__.py'), '');
  writeFileSync(join(root, 'src', 'store', 'price.py'), 'def scaled(x, k):\n    return x * k\n');
  writeFileSync(
    join(root, 'tests', 'conftest.py'),
    'import pytest\n\n\n@pytest.fixture\ndef base():\n    return 10\n',
  );
  for (let i = 0; i < FILES; i++) {
    writeFileSync(
      join(root, 'tests', `test_module_${i}.py`),
      [
        'import pytest',
        'from store.price import scaled',
        '',
        '',
        `@pytest.mark.parametrize("x,k,expected", [(1, 2, 2), (2, 3, 6), (${i}, 1, ${i})])`,
        'def test_scaled(x, k, expected):',
        '    assert scaled(x, k) == expected',
        '',
        '',
        'def test_with_fixture(base):',
        '    assert scaled(base, 2) == 20',
        '',
        '',
        `class TestGroup${i}:`,
        '    def test_one(self):',
        '        assert scaled(1, 1) == 1',
        '',
        '    @pytest.mark.parametrize("k", range(4))',
        '    def test_zero(self, k):',
        '        assert scaled(0, k) == 0',
        '',
      ].join('\n'),
    );
  }
  return FILES * (3 + 1 + 1 + 4);
}

function timed(command: string, args: string[], cwd: string): { ms: number; ok: boolean; stdout: string } {
  const t = performance.now();
  const run = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { ms: performance.now() - t, ok: run.status === 0, stdout: run.stdout };
}

function interpreters(): string[] {
  if (process.env.LDB_PYTHON) return [process.env.LDB_PYTHON];
  return ['python3', ...(existsSync('/usr/bin/python3') ? ['/usr/bin/python3'] : [])];
}

function main(): void {
  const root = mkdtempSync(join(tmpdir(), 'ldb-bench-collect-'));
  try {
    const expected = writeSuite(root);
    console.log(`ldb tests on a ${FILES}-file suite (${expected} items), ${ROUNDS} rounds, whole processes`);
    for (const python of interpreters()) {
      const ours: number[] = [];
      const plain: number[] = [];
      const ldb = () =>
        timed(
          process.execPath,
          [join(DIST_DIR, 'cli.js'), 'tests', root, '--json', '--python', python],
          root,
        );
      const pytest = () =>
        timed(python, ['-m', 'pytest', '--collect-only', '-q', '-p', 'no:cacheprovider'], root);
      // Warm both (OS caches, pytest's bytecode of its own modules).
      const first = ldb();
      if (!first.ok) throw new Error(`ldb tests failed with ${python}`);
      const count = (JSON.parse(first.stdout) as { collected: unknown[] }).collected.length;
      if (count !== expected) throw new Error(`ldb tests listed ${count} items, expected ${expected}`);
      pytest();
      for (let r = 0; r < ROUNDS; r++) {
        const pair = r % 2 === 0 ? [ldb, pytest] : [pytest, ldb];
        const [a, b] = pair.map((run) => run().ms);
        (r % 2 === 0 ? ours : plain).push(a);
        (r % 2 === 0 ? plain : ours).push(b);
      }
      const o = median(ours);
      const p = median(plain);
      console.log(
        `  ${python}: ldb tests ${o.toFixed(0)} ms (median), pytest --collect-only -q ${p.toFixed(0)} ms, ` +
          `ratio ${(o / p).toFixed(2)}, overhead ${(o - p).toFixed(0)} ms; ` +
          `${o < TARGET_MS ? 'under' : 'OVER'} the ${TARGET_MS} ms target`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();

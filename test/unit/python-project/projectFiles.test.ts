// Which files of a project a run across modules segments and traces, and the ids suggested for a
// node id that names no test.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { closestIds, editDistance } from '../../../src/core/languages/python/pytestItem/closestIds';
import { isProjectFile } from '../../../src/core/languages/python/pytestItem/projectFiles';
import { FIXTURES_DIR } from '../../support/paths';

describe('python project: the files a collected test is traced in', () => {
  const PROJECTS = join(FIXTURES_DIR, 'projects');
  const own = (root: string, testFile: string, files: string[]) =>
    files.filter((f) => isProjectFile(join(root, f), { root, testFile: join(root, testFile) }));

  it('the project own .py files, not tests, conftest or the helpers of tests', () => {
    const root = join(PROJECTS, 'src_layout');
    const files = ['src/shop/__init__.py', 'src/shop/cart.py', 'tests/test_cart.py', 'README.md'];
    assert.deepEqual(own(root, 'tests/test_cart.py', files), ['src/shop/__init__.py', 'src/shop/cart.py']);
    const flat = join(PROJECTS, 'flat');
    const flatFiles = ['inventory.py', 'tests/conftest.py', 'tests/test_inventory.py'];
    assert.deepEqual(own(flat, 'tests/test_inventory.py', flatFiles), ['inventory.py']);
  });

  it('leaves out virtual environments, site-packages, hidden folders, test modules anywhere, and outside the root', () => {
    const root = mkdtempSync(join(tmpdir(), 'ldb-files-'));
    try {
      const files = [
        'app/core.py',
        'app/core_test.py',
        'app/test_core.py',
        'app/conftest.py',
        'app/tests/fixtures.py',
        'env/pyvenv.cfg',
        'env/lib/python3.11/site-packages/dep.py',
        'vendor/site-packages/other.py',
        '.hidden/secret.py',
        '__pycache__/core.py',
        'tests/helpers.py',
        'tests/unit/support.py',
        'setup.py',
      ];
      for (const f of files) {
        mkdirSync(dirname(join(root, f)), { recursive: true });
        writeFileSync(join(root, f), '');
      }
      assert.deepEqual(own(root, 'tests/unit/test_x.py', files), ['app/core.py', 'setup.py']);
      assert.equal(
        isProjectFile(join(dirname(root), 'elsewhere.py'), { root, testFile: join(root, 'tests/t.py') }),
        false,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a project inside a folder named test: only test folders where the file and the test module part count', () => {
    const root = '/work/repo';
    const testFile = 'test/fixtures/suite/tests/test_sort.py';
    const files = [
      'test/fixtures/suite/programs/sort.py',
      'test/fixtures/suite/tests/loader.py',
      'test/fixtures/suite/programs/test/helper.py',
    ];
    assert.deepEqual(own(root, testFile, files), ['test/fixtures/suite/programs/sort.py']);
  });

  it('suggests the nearest collected ids by edit distance, ties in collection order', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    const ids = ['t.py::test_a', 't.py::test_total', 't.py::test_totals', 't.py::test_b'];
    assert.deepEqual(closestIds('t.py::test_totl', ids, 3), [
      't.py::test_total',
      't.py::test_totals',
      't.py::test_a',
    ]);
    assert.deepEqual(closestIds('x', [], 3), []);
  });
});

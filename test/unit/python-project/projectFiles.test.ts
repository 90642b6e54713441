// Which files of a project a run across modules segments and traces, and the ids suggested for a
// node id that names no test.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { closestIds, editDistance } from '../../../src/core/languages/python/pytestItem/closestIds';
import { projectPythonFiles } from '../../../src/core/languages/python/pytestItem/projectFiles';
import { FIXTURES_DIR } from '../../support/paths';

describe('python project: the files a collected test is traced in', () => {
  it('the project own .py files, not tests, conftest or the fixtures of tests', () => {
    assert.deepEqual(projectPythonFiles(join(FIXTURES_DIR, 'projects', 'src_layout')), [
      'src/shop/__init__.py',
      'src/shop/cart.py',
      'src/shop/pricing.py',
    ]);
    assert.deepEqual(projectPythonFiles(join(FIXTURES_DIR, 'projects', 'flat')), ['inventory.py']);
  });

  it('leaves out virtual environments, site-packages, hidden folders and test modules anywhere', () => {
    const root = mkdtempSync(join(tmpdir(), 'ldb-files-'));
    try {
      const files = [
        'app/core.py',
        'app/core_test.py',
        'app/test_core.py',
        'app/conftest.py',
        'env/pyvenv.cfg',
        'env/lib/python3.11/site-packages/dep.py',
        'vendor/site-packages/other.py',
        '.hidden/secret.py',
        '__pycache__/core.py',
        'tests/helpers.py',
        'README.md',
        'setup.py',
      ];
      for (const f of files) {
        mkdirSync(dirname(join(root, f)), { recursive: true });
        writeFileSync(join(root, f), '');
      }
      assert.deepEqual(projectPythonFiles(root), ['app/core.py', 'setup.py']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
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

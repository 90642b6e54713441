// The project model on small fixture trees: pytest's rootdir rules one behaviour each, the src/ and
// flat layouts, and import names from the `__init__.py` chain.
import { strict as assert } from 'node:assert';
import { join, relative } from 'node:path';
import { importNameOf } from '../../../src/core/languages/python/project/importName';
import { findPythonProject, importPathsFor } from '../../../src/core/languages/python/project/project';
import { commonAncestor, findRootdir } from '../../../src/core/languages/python/project/rootdir';
import { FIXTURES_DIR } from '../../support/paths';

const PROJECTS = join(FIXTURES_DIR, 'projects');
const ROOTDIR = join(PROJECTS, 'rootdir');
const rel = (p: string | undefined) => (p === undefined ? undefined : relative(PROJECTS, p));

describe('python project: rootdir as pytest finds it', () => {
  const cases: [string, string, string, string | undefined, string][] = [
    // [what, path given, rootdir, config file, reason]
    [
      'pytest.ini wins over pyproject.toml and tox.ini in its folder',
      'ini_first/tests/test_one.py',
      'ini_first',
      'ini_first/pytest.ini',
      'config',
    ],
    [
      'pytest.toml wins over pytest.ini',
      'pytest_toml/tests',
      'pytest_toml',
      'pytest_toml/pytest.toml',
      'config',
    ],
    [
      'the nearest configuration wins',
      'nearest_wins/pkg/tests/test_one.py',
      'nearest_wins/pkg',
      'nearest_wins/pkg/setup.cfg',
      'config',
    ],
    [
      'files without the pytest section are passed over',
      'section_required/inner/test_one.py',
      'section_required',
      'section_required/setup.cfg',
      'config',
    ],
    [
      'a bare pyproject.toml comes before setup.py',
      'bare_pyproject/inner/test_one.py',
      'bare_pyproject',
      'bare_pyproject/pyproject.toml',
      'pyproject',
    ],
    [
      'setup.py upwards without any configuration',
      'setup_py/inner/test_one.py',
      'setup_py',
      undefined,
      'setup.py',
    ],
    [
      "nothing found: the file's folder",
      'no_config/checks/test_one.py',
      'no_config/checks',
      undefined,
      'ancestor',
    ],
  ];
  for (const [what, given, root, config, reason] of cases) {
    it(what, () => {
      const found = findRootdir([join(ROOTDIR, given)], '/');
      assert.deepEqual(
        { root: rel(found.root), config: rel(found.configFile), reason: found.reason },
        { root: join('rootdir', root), config: config && join('rootdir', config), reason },
      );
    });
  }

  it('nothing found, run from a folder above: the common ancestor with that folder, as pytest does', () => {
    const given = join(ROOTDIR, 'no_config/checks/test_one.py');
    const found = findRootdir([given], '/', join(ROOTDIR, 'no_config'));
    assert.deepEqual([rel(found.root), found.reason], [join('rootdir', 'no_config'), 'ancestor']);
    // A configuration still wins over where pytest is run from.
    assert.equal(
      findRootdir([join(ROOTDIR, 'ini_first/tests')], '/', ROOTDIR).root,
      join(ROOTDIR, 'ini_first'),
    );
  });

  it('nothing found, run from elsewhere: never the file system root, nor the home folder or above', () => {
    const given = join(ROOTDIR, 'no_config/checks/test_one.py');
    const alone = join(ROOTDIR, 'no_config/checks');
    assert.equal(findRootdir([given], '/', '/').root, alone);
    const home = process.env.HOME;
    process.env.HOME = join(ROOTDIR, 'no_config');
    try {
      assert.equal(findRootdir([given], '/', ROOTDIR).root, alone);
      assert.equal(findRootdir([given], '/', join(ROOTDIR, 'no_config')).root, alone);
    } finally {
      process.env.HOME = home;
    }
  });

  it('a relative path is read from the cwd given', () => {
    assert.equal(
      findRootdir(['tests/test_one.py'], join(ROOTDIR, 'ini_first')).root,
      join(ROOTDIR, 'ini_first'),
    );
  });

  it('the common ancestor of several paths, leaving out those that do not exist', () => {
    const a = join(ROOTDIR, 'ini_first/tests/test_one.py');
    const b = join(ROOTDIR, 'nearest_wins/pkg/tests');
    assert.equal(commonAncestor([a, b, join(ROOTDIR, 'missing/x.py')], '/'), ROOTDIR);
    assert.equal(commonAncestor([join(ROOTDIR, 'missing')], ROOTDIR), ROOTDIR);
  });
});

describe('python project: layouts and import names', () => {
  it('flat: the root holds the code', () => {
    const p = findPythonProject([join(PROJECTS, 'flat/tests/test_inventory.py')], '/');
    assert.deepEqual(
      [rel(p.root), rel(p.configFile), p.layout, rel(p.sourceRoot)],
      ['flat', 'flat/pytest.ini', 'flat', 'flat'],
    );
  });

  it('src: the packages sit under src/', () => {
    const p = findPythonProject([join(PROJECTS, 'src_layout/tests')], '/');
    assert.deepEqual(
      [rel(p.root), rel(p.configFile), p.layout, rel(p.sourceRoot)],
      ['src_layout', 'src_layout/pyproject.toml', 'src', 'src_layout/src'],
    );
  });

  it('a module in a src/ package is named by its __init__.py chain', () => {
    const name = importNameOf(join(PROJECTS, 'src_layout/src/shop/cart.py'));
    assert.deepEqual(name && [name.name, rel(name.sysPathEntry)], ['shop.cart', 'src_layout/src']);
  });

  it("a package's __init__.py is the package", () => {
    assert.equal(importNameOf(join(PROJECTS, 'src_layout/src/shop/__init__.py'))?.name, 'shop');
  });

  it('a test folder with __init__.py imports from the root', () => {
    const name = importNameOf(join(PROJECTS, 'unittest_project/tests/test_ops.py'));
    assert.deepEqual(name && [name.name, rel(name.sysPathEntry)], ['tests.test_ops', 'unittest_project']);
  });

  it('a test folder without __init__.py is its own entry', () => {
    const name = importNameOf(join(PROJECTS, 'flat/tests/test_inventory.py'));
    assert.deepEqual(name && [name.name, rel(name.sysPathEntry)], ['test_inventory', 'flat/tests']);
  });

  it('a file whose name is no identifier has no import name', () => {
    assert.equal(importNameOf(join(PROJECTS, 'flat/tests/restock-cases.py')), undefined);
  });

  it('the sys.path of a test in a src/ project: its folder, then src/', () => {
    const file = join(PROJECTS, 'src_layout/tests/test_cart.py');
    const p = findPythonProject([file], '/');
    assert.deepEqual(importPathsFor(p, file).map(rel), ['src_layout/tests', 'src_layout/src']);
  });
});

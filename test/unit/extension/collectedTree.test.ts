// The Testing view's tree of collected tests: classes over functions over parametrized cases, each
// node's id the runner's id of what it stands for, in the runner's order.
import { strict as assert } from 'node:assert';
import { testOfNodeId } from '../../../src/core/languages/python/pytestItem/nodeIdTest';
import type { TestCase } from '../../../src/core/model';
import { collectedFrom, collectedTree, type CollectedNode } from '../../../src/extension/collectedTree';

function at(id: string, line: number): TestCase {
  return { ...testOfNodeId(id), line };
}

const shape = (nodes: CollectedNode[]): unknown =>
  nodes.map((n) => [n.id, n.label, n.line, n.test?.id ?? null, shape(n.children)]);

describe('the Testing view tree of collected tests', () => {
  it('puts cases under their function and methods under their class, leaves carrying the test', () => {
    const tree = collectedTree([
      at('tests/test_cart.py::test_total', 5),
      at('tests/test_cart.py::test_many[1]', 9),
      at('tests/test_cart.py::test_many[2]', 9),
      at('tests/test_cart.py::TestCart::test_add', 14),
      at('tests/test_cart.py::TestCart::Inner::test_deep[x::y]', 20),
    ]);
    assert.deepEqual(shape(tree), [
      ['tests/test_cart.py::test_total', 'test_total', 5, 'tests/test_cart.py::test_total', []],
      [
        'tests/test_cart.py::test_many',
        'test_many',
        9,
        null,
        [
          ['tests/test_cart.py::test_many[1]', '[1]', 9, 'tests/test_cart.py::test_many[1]', []],
          ['tests/test_cart.py::test_many[2]', '[2]', 9, 'tests/test_cart.py::test_many[2]', []],
        ],
      ],
      [
        'tests/test_cart.py::TestCart',
        'TestCart',
        14,
        null,
        [
          [
            'tests/test_cart.py::TestCart::test_add',
            'test_add',
            14,
            'tests/test_cart.py::TestCart::test_add',
            [],
          ],
          [
            'tests/test_cart.py::TestCart::Inner',
            'Inner',
            20,
            null,
            [
              [
                'tests/test_cart.py::TestCart::Inner::test_deep',
                'test_deep',
                20,
                null,
                [
                  [
                    'tests/test_cart.py::TestCart::Inner::test_deep[x::y]',
                    '[x::y]',
                    20,
                    'tests/test_cart.py::TestCart::Inner::test_deep[x::y]',
                    [],
                  ],
                ],
              ],
            ],
          ],
        ],
      ],
    ]);
  });

  it('tells which function of the file a collected test runs (its class too)', () => {
    const method = testOfNodeId('t/test_a.py::TestA::test_x[2]');
    assert.ok(collectedFrom(method, { name: 'test_x', parent: 'TestA' }));
    assert.ok(!collectedFrom(method, { name: 'test_x' }));
    assert.ok(collectedFrom(testOfNodeId('t/test_a.py::test_x'), { name: 'test_x' }));
    assert.ok(!collectedFrom(testOfNodeId('t/test_a.py::test_xy'), { name: 'test_x' }));
  });
});

// The TestCase a pytest node id stands for, when one is given as a test (`ldb debug --test NODEID`,
// the editor's Testing view): its file, class and function read from the id. Pure: pytest itself
// tells later whether the id names a test.
import type { TestCase } from '../../../model';
import { collectedTest } from '../collectedTests';

/**
 * The collected test a node id names (`tests/test_cart.py::TestCart::test_total[3]`), the
 * parameters kept whole (they may hold `::`).
 */
export function testOfNodeId(nodeId: string): TestCase {
  const id = nodeId.trim();
  const bracket = id.indexOf('[');
  const head = bracket < 0 ? id : id.slice(0, bracket);
  const parameters = bracket < 0 || !id.endsWith(']') ? undefined : id.slice(bracket + 1, -1);
  const parts = head.split('::');
  const file = parts[0];
  const fn = parts[parts.length - 1];
  const classes = parts.slice(1, -1);
  return collectedTest({
    id,
    file,
    function: fn,
    ...(classes.length > 0 ? { class: classes.join('.') } : {}),
    ...(parameters !== undefined ? { parameters } : {}),
    markers: [],
    framework: 'pytest',
  });
}

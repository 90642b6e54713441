// A trace across the project's modules (a pytest item: basket_total in basket.py calling with_tax in
// tax.py) drawn per file: each file gets its own visits, segments and regions; the exception goes
// only where it was raised.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { withDefaults } from '../../../src/core/settings';
import { traceTest } from '../../../src/core/trace/tracing';
import { runsPerFile } from '../../../src/extension/marks/acrossFiles';
import { marksFromReport } from '../../../src/extension/marks/model';
import { DIST_DIR, FIXTURES_DIR } from '../../support/paths';

const CHECKOUT = join(FIXTURES_DIR, 'projects', 'checkout');

describe('marks of a trace across files', function () {
  this.timeout(60_000);

  it('gives each file its own visits, segments and regions, the entry file first', async () => {
    const report = await traceTest({
      path: join(CHECKOUT, 'tests', 'test_basket.py'),
      test: 'tests/test_basket.py::test_total',
      settings: withDefaults({}),
      assets: { dir: DIST_DIR },
    });
    assert.equal(report.run.outcome.status, 'failed');
    const runs = runsPerFile(report);
    assert.deepEqual(
      runs.map((r) => [r.path.slice(CHECKOUT.length + 1), r.run.entry.qualifiedName]),
      [
        ['src/checkout/basket.py', 'basket_total'],
        ['src/checkout/tax.py', 'with_tax'],
      ],
    );
    const [basket, tax] = runs.map((r) => marksFromReport(r.run));
    assert.deepEqual(basket.regions, [{ startLine: 4, endLine: 8 }]);
    assert.deepEqual(tax.regions, [{ startLine: 4, endLine: 7 }]);
    assert.ok(basket.blocks.every((b) => b.function === 'basket_total'));
    assert.deepEqual(
      tax.blocks.map((b) => [b.startLine, b.visits.length]),
      [
        [5, 2],
        [7, 2],
      ],
    );
    // Every segment is drawn once, in the file it belongs to.
    const seqs = runs.flatMap((r) => r.run.segments.map((s) => s.seq)).sort((a, b) => a - b);
    assert.deepEqual(
      seqs,
      report.segments.map((s) => s.seq).sort((a, b) => a - b),
    );
    // The failing assertion is in the test, not in either module: no raised mark.
    assert.equal(basket.raised, undefined);
    assert.equal(tax.raised, undefined);
  });

  it('marks the raise in the module that raised, and only there', async () => {
    const report = await traceTest({
      path: join(CHECKOUT, 'tests', 'test_basket.py'),
      test: 'tests/test_basket.py::test_negative',
      settings: withDefaults({}),
      assets: { dir: DIST_DIR },
    });
    const marks = runsPerFile(report).map((r) => [
      r.path.slice(CHECKOUT.length + 1),
      marksFromReport(r.run).raised,
    ]);
    assert.deepEqual(marks, [
      ['src/checkout/tax.py', { line: 6, text: 'raised ValueError: negative price: -1' }],
      ['src/checkout/basket.py', undefined],
    ]);
  });
});

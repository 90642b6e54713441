// The extension's pure steps, on a real trace of the HumanEval/100 fixture: marks from the core's
// report, verdicts onto blocks, the per-line layout and hover, marks moving or clearing with edits.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { traceTest, type TraceReport } from '../../../src/core/trace/tracing';
import { withDefaults } from '../../../src/core/settings';
import { hoverMarkdown, layout, valuesText } from '../../../src/extension/marks/layout';
import { marksFromReport, shiftMarks, withVerdicts, type DocMarks } from '../../../src/extension/marks/model';
import { segmentsOf } from '../../../src/core/trace/tracing';
import { DIST_DIR, FIXTURES_DIR } from '../../support/paths';

const FIXTURE = join(FIXTURES_DIR, 'workspace', 'make_a_pile.py');

describe('extension marks (pure)', () => {
  let report: TraceReport;
  let marks: DocMarks;
  before(async () => {
    report = await traceTest({
      path: FIXTURE,
      test: 'assert make_a_pile(3) == [3, 5, 7]',
      settings: withDefaults({}),
      assets: { dir: DIST_DIR },
    });
    marks = marksFromReport(report);
  });

  it('has one mark per block that ran, with every visit, and the function as region', () => {
    assert.deepEqual(
      marks.blocks.map((b) => [b.startLine, b.endLine, b.visits.length]),
      [
        [19, 19, 1],
        [20, 20, 3],
        [21, 21, 2],
        [24, 24, 2],
        [25, 25, 1],
      ],
    );
    assert.deepEqual(marks.regions, [{ startLine: 5, endLine: 25 }]);
    assert.deepEqual(
      marks.blocks[3].visits.map((v) => v.label),
      ['BLOCK-3', 'BLOCK-6'],
    );
    assert.equal(marks.raised, undefined);
  });

  it('computes the same segments as the core does for the prompt', () => {
    assert.deepEqual(segmentsOf(report.source, report.run, 'block'), report.segments);
  });

  it('lays out gutter states, the values after each block, and the hover table', () => {
    const plan = layout(marks);
    assert.deepEqual(
      plan.values.map((v) => [v.line, v.text]),
      [
        [19, 'pile=[3]'],
        [20, '×3'],
        [21, '×2'],
        [24, 'pile=[3, 4, 6]   ×2'],
        [25, '→ [3, 4, 6]'],
      ],
    );
    assert.ok(plan.gutter.every((g) => g.state === 'traced'));
    const hover = hoverMarkdown(marks.blocks[3]);
    assert.match(hover, /\| BLOCK-6 \| 1 \| 0 \| `n=3, pile=\[3, 4\], i=1` \| `pile=\[3, 4, 6\]` \|/);
  });

  it('puts verdicts on blocks: wrong if any visit is wrong, correct if all judged ones are right', () => {
    const judged = withVerdicts(marks, [
      { block: 'BLOCK-0', correct: true, explanation: 'ok' },
      { block: 'BLOCK-3', correct: true, explanation: 'looks fine the first time' },
      { block: 'BLOCK-6', correct: false, explanation: 'should append 7' },
      { block: 'BLOCK-8', correct: 'unknown', explanation: '' },
    ]);
    assert.deepEqual(
      judged.blocks.map((b) => b.state),
      ['correct', 'traced', 'traced', 'wrong', 'unknown'],
    );
    assert.deepEqual(judged.blocks[3].explanations, ['should append 7']);
    // The model's words stay words in the hover: `2*i` is not emphasis.
    const starred = withVerdicts(marks, [
      { block: 'BLOCK-6', correct: false, explanation: 'uses n + 2*i + 1' },
    ]);
    assert.match(hoverMarkdown(starred.blocks[3]), /^> uses n \+ 2\\\*i \+ 1$/m);
    const plan = layout(judged);
    assert.deepEqual(plan.wrongLines, [24]);
    assert.deepEqual(
      plan.gutter.find((g) => g.line === 24),
      { line: 24, state: 'wrong' },
    );
  });

  it('moves marks below an edit, keeps them above it, and clears them on an edit inside a traced function', () => {
    const above = shiftMarks(marks, { startLine: 2, endLine: 2, removedBreaks: 0, addedBreaks: 2 });
    assert.deepEqual(
      above?.blocks.map((b) => b.startLine),
      [21, 22, 23, 26, 27],
    );
    assert.deepEqual(above?.regions, [{ startLine: 7, endLine: 27 }]);
    const below = shiftMarks(marks, { startLine: 28, endLine: 29, removedBreaks: 1, addedBreaks: 0 });
    assert.deepEqual(below, marks);
    assert.equal(
      shiftMarks(marks, { startLine: 22, endLine: 22, removedBreaks: 0, addedBreaks: 0 }),
      undefined,
    );
    assert.equal(
      shiftMarks(marks, { startLine: 4, endLine: 5, removedBreaks: 1, addedBreaks: 0 }),
      undefined,
    );
  });

  it('returns the same marks for an edit below all of them, so nothing is redrawn', () => {
    const lowest = Math.max(...marks.regions.map((r) => r.endLine), ...marks.blocks.map((b) => b.endLine));
    assert.equal(
      shiftMarks(marks, { startLine: lowest + 2, endLine: lowest + 2, removedBreaks: 0, addedBreaks: 3 }),
      marks,
    );
    assert.equal(
      shiftMarks(marks, { startLine: lowest + 1, endLine: lowest + 3, removedBreaks: 2, addedBreaks: 0 }),
      marks,
    );
    assert.equal(
      shiftMarks(marks, { startLine: 1, endLine: 1, removedBreaks: 0, addedBreaks: 0 }),
      marks,
      'an edit that adds no line moves nothing',
    );
    assert.notEqual(shiftMarks(marks, { startLine: 1, endLine: 1, removedBreaks: 0, addedBreaks: 1 }), marks);
  });

  it('says how often a block ran even when its last visit changed nothing', () => {
    assert.equal(valuesText({ ...marks.blocks[1] }), '×3');
    assert.equal(valuesText({ ...marks.blocks[1], visits: marks.blocks[1].visits.slice(0, 1) }), 'i=0');
  });
});

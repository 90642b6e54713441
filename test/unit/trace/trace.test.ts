// Trace assembly on hand-made visits: segment building, sampling and the prompt text, each checked
// against a golden file so a change of format shows in the diff.
import { strict as assert } from 'node:assert';
import type { BlockVisit, SourceFile } from '../../../src/core/model';
import { buildSegments } from '../../../src/core/trace/segments';
import { gapBefore, sampleTrace } from '../../../src/core/trace/sample';
import { diffState, renderTrace } from '../../../src/core/trace/render';
import { indexUnits } from '../../../src/core/trace/units';
import { expectGolden } from '../../support/golden';

const text = [
  'def total(xs):', // 1
  '    acc = 0', // 2
  '    for x in xs:', // 3
  '        acc += helper(', // 4
  '            x)', // 5
  '    return acc', // 6
  '', // 7
  'def helper(v):', // 8
  '    return v * 2', // 9
].join('\n');

const source: SourceFile = {
  path: 'total.py',
  language: 'python',
  text,
  syntaxErrors: [],
  tests: [],
  functions: [
    fn('total', 1, 6, [
      ['total#0', 2, 2],
      ['total#1', 3, 3],
      ['total#2', 4, 5],
      ['total#3', 6, 6],
    ]),
    fn('helper', 8, 9, [['helper#0', 9, 9]]),
  ],
};

function fn(name: string, start: number, end: number, blocks: [string, number, number][]) {
  return {
    name,
    qualifiedName: name,
    startLine: start,
    defLine: start,
    endLine: end,
    bodyStartLine: start + 1,
    params: [],
    isAsync: false,
    isGenerator: false,
    blocks: blocks.map(([id, s, e], index) => ({
      id,
      index,
      function: name,
      startLine: s,
      endLine: e,
      kind: 'statements' as const,
      lines: Array.from({ length: e - s + 1 }, (_, i) => s + i),
      successors: [],
    })),
  };
}

const lineMap: Record<number, string> = {
  2: 'total#0',
  3: 'total#1',
  4: 'total#2',
  5: 'total#2',
  6: 'total#3',
  9: 'helper#0',
};
const units = indexUnits(lineMap);

let seq = 0;
function visit(
  block: string,
  call: number,
  depth: number,
  before: Record<string, string>,
  after: Record<string, string>,
  extra: Partial<BlockVisit> = {},
): BlockVisit {
  return {
    block,
    function: block.split('#')[0],
    call,
    depth,
    iteration: 0,
    before,
    after,
    seq: seq++,
    ...extra,
  };
}

function runVisits(items: number[]): BlockVisit[] {
  seq = 0;
  const visits: BlockVisit[] = [
    visit('total#0', 0, 0, { xs: `[${items.join(', ')}]` }, { xs: `[${items.join(', ')}]`, acc: '0' }),
  ];
  let acc = 0;
  let call = 1;
  let previousX: number | undefined;
  for (const x of items) {
    const xs = `[${items.join(', ')}]`;
    const before: Record<string, string> = { xs, acc: String(acc) };
    if (previousX !== undefined) before.x = String(previousX);
    previousX = x;
    visits.push(visit('total#1', 0, 0, before, { xs, acc: String(acc), x: String(x) }));
    visits.push(
      visit('helper#0', call++, 1, { v: String(x) }, { v: String(x) }, { returned: String(2 * x) }),
    );
    visits.push(
      visit(
        'total#2',
        0,
        0,
        { xs, acc: String(acc), x: String(x) },
        { xs, acc: String(acc + 2 * x), x: String(x) },
      ),
    );
    acc += 2 * x;
  }
  const xs = `[${items.join(', ')}]`;
  visits.push(
    visit(
      'total#1',
      0,
      0,
      { xs, acc: String(acc), x: String(items.at(-1)) },
      { xs, acc: String(acc), x: String(items.at(-1)) },
    ),
  );
  visits.push(
    visit(
      'total#3',
      0,
      0,
      { xs, acc: String(acc), x: String(items.at(-1)) },
      { xs, acc: String(acc), x: String(items.at(-1)) },
      { returned: String(acc) },
    ),
  );
  return visits;
}

describe('trace assembly', () => {
  it('numbers block segments in visit order and keeps a multi-line statement whole', () => {
    const segments = buildSegments(source, runVisits([1, 2]), 'block', units);
    assert.deepEqual(
      segments.map((s) => s.label),
      ['BLOCK-0', 'BLOCK-1', 'BLOCK-2', 'BLOCK-3', 'BLOCK-4', 'BLOCK-5', 'BLOCK-6', 'BLOCK-7', 'BLOCK-8'],
    );
    assert.equal(segments[3].code, 'acc += helper(\n    x)');
    assert.deepEqual([segments[3].startLine, segments[3].endLine], [4, 5]);
  });

  it('renders the whole trace with states written once, then only changes', () => {
    const segments = buildSegments(source, runVisits([1, 2]), 'block', units);
    const text = renderTrace(sampleTrace(segments, 'block', 0), { entryFunction: 'total' });
    expectGolden('trace/loop-with-helper.txt', text);
  });

  it('keeps the first and last halves and says how many blocks were left out', () => {
    const segments = buildSegments(source, runVisits([1, 2, 3, 4, 5, 6]), 'block', units);
    const trace = sampleTrace(segments, 'block', 10);
    assert.equal(trace.segments.length, 10);
    assert.equal(trace.omitted, segments.length - 10);
    assert.equal(trace.segments[4].ordinal, 4);
    assert.equal(trace.segments[5].ordinal, segments.length - 5);
    const text = renderTrace(trace, { entryFunction: 'total' });
    assert.match(text, new RegExp(`# \\.\\.\\. ${segments.length - 10} blocks omitted \\.\\.\\.`));
    expectGolden('trace/sampled.txt', text);
  });

  it('marks visits the runtime dropped as a gap, even when nothing was sampled out', () => {
    const visits = runVisits([1, 2, 3]);
    const kept = [...visits.slice(0, 3), ...visits.slice(8)];
    const segments = buildSegments(source, kept, 'block', units);
    const trace = sampleTrace(segments, 'block', 0);
    assert.equal(gapBefore(trace.segments[2], trace.segments[3], 'block'), 5);
    assert.match(renderTrace(trace), /# \.\.\. 5 blocks omitted \.\.\./);
  });

  it('gives one segment per call at function level, the body shown once per function', () => {
    const segments = buildSegments(source, runVisits([1, 2]), 'function', units);
    assert.deepEqual(
      segments.map((s) => `${s.label} ${s.function} depth=${s.depth}`),
      ['FUNCTION-0 total depth=0', 'FUNCTION-1 helper depth=1', 'FUNCTION-2 helper depth=1'],
    );
    assert.equal(segments[0].returned, '6');
    const text = renderTrace(sampleTrace(segments, 'function', 0), { entryFunction: 'total' });
    assert.equal(text.split('return v * 2').length - 1, 1);
    expectGolden('trace/function-level.txt', text);
  });

  it('shows an exception and the reason a run stopped', () => {
    seq = 0;
    const visits = [
      visit('total#0', 0, 0, { xs: 'None' }, { xs: 'None', acc: '0' }),
      visit(
        'total#1',
        0,
        0,
        { xs: 'None', acc: '0' },
        { xs: 'None', acc: '0' },
        {
          raised: { type: 'TypeError', message: "'NoneType' object is not iterable", line: 3 },
        },
      ),
    ];
    const trace = sampleTrace(buildSegments(source, visits, 'block', units), 'block', 10);
    const text = renderTrace(trace, { stoppedBecause: 'time limit of 5000 ms hit' });
    assert.match(text, /# raised TypeError: 'NoneType' object is not iterable \(line 3\)/);
    assert.match(text, /# \.\.\. stopped: time limit of 5000 ms hit$/);
  });

  it('redacts every value it writes', () => {
    const segments = buildSegments(source, runVisits([1]), 'block', units);
    const text = renderTrace(sampleTrace(segments, 'block', 0), { redact: (v) => v.replace(/\d/g, '#') });
    const comments = text.split('\n').filter((l) => l.startsWith('#'));
    assert.ok(comments.length > 3);
    for (const line of comments) assert.doesNotMatch(line, /\d/);
  });

  it('diffs states: changed, new and deleted variables only', () => {
    assert.deepEqual(diffState({ a: '1', b: '2', c: '3' }, { a: '1', b: '5', d: '4' }), {
      b: '5',
      d: '4',
      c: '<deleted>',
    });
  });
});

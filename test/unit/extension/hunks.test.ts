// Line hunks between the document and a proposed program: exactly the changed lines, applying them
// gives the proposal back (line ends kept), and the proposal shown beside the lines it replaces.
import { strict as assert } from 'node:assert';
import { applyHunks, lineHunks, proposalMark } from '../../../src/extension/fix/hunks';

function check(oldText: string, newText: string): ReturnType<typeof lineHunks> {
  const hunks = lineHunks(oldText, newText);
  assert.equal(applyHunks(oldText, hunks), newText);
  return hunks;
}

describe('fix hunks (pure)', () => {
  it('replaces only the changed lines', () => {
    const hunks = check('a\nb\nc\nd\n', 'a\nB\nc\nd\n');
    assert.deepEqual(
      hunks.map((h) => [h.oldStart, h.oldCount, h.newLines]),
      [[2, 1, ['B']]],
    );
  });

  it('handles several hunks, insertions, deletions, CRLF and a last line without a line end', () => {
    check('a\r\nb\r\nc\r\nd', 'a\r\nb2\r\nc\r\nd\r\ne');
    check('x\ny\nz\n', 'x\nz\n');
    check('x\nz\n', 'x\ny\nz\n');
    check('', 'new\n');
    check('old\n', '');
    const hunks = check('1\n2\n3\n4\n5\n6\n', '1\ntwo\n3\n4\nfive\nsix\nseven\n');
    assert.deepEqual(
      hunks.map((h) => [h.oldStart, h.oldCount, h.newLines.length]),
      [
        [2, 1, 1],
        [5, 2, 3],
      ],
    );
  });

  it('shows each new line beside the old line it replaces', () => {
    const hunks = lineHunks('    if a:\n        x()\n    else:\n        y()\n', '    z()\n');
    const mark = proposalMark(hunks, 'passes 1/1 test');
    assert.deepEqual(mark?.proposed, [{ line: 1, text: 'z()' }]);
    assert.deepEqual(mark?.lines, [1, 2, 3, 4]);
    assert.equal(mark?.anchorLine, 1);
    const more = proposalMark(lineHunks('a\nb\n', 'a\nb1\nb2\nb3\n'), 's');
    assert.deepEqual(more?.proposed, [{ line: 2, text: 'b1 ⏎ b2 ⏎ b3' }]);
    const inserted = proposalMark(lineHunks('a\nc\n', 'a\nb\nc\n'), 's');
    assert.deepEqual(inserted?.proposed, [{ line: 1, text: '+ b' }]);
    assert.deepEqual(inserted?.lines, []);
    const removed = proposalMark(lineHunks('a\nb\nc\n', 'a\nc\n'), 's');
    assert.deepEqual([removed?.lines, removed?.proposed], [[2], []]);
    assert.equal(proposalMark([], 's'), undefined);
  });
});

// The words we send, as golden files: the verdict request at block, line and function level, with
// an exception, a timeout, no trace at all, across modules; the fix request; the follow-up after a
// failed fix.
// Built from real traces of the CLI fixtures, so a change anywhere on the way shows in the diff.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceLevel } from '../../../src/core/model';
import { withDefaults } from '../../../src/core/settings';
import { traceTest } from '../../../src/core/trace/tracing';
import { promptCode, shownFunctions } from '../../../src/core/debug/codeView';
import {
  debugRequest,
  failingTestLine,
  fixFailedPreamble,
  fixRequest,
  fixRequestAfterUnreadableVerdicts,
  rejectedFixMessage,
  unusableFixPreamble,
  systemPrompt,
} from '../../../src/core/llm/prompts/text';
import { python } from '../../../src/core/languages/python';
import { placeFix, verdictsFrom } from '../../../src/core/debug/replyReading';
import { fixRound, roundCode, roundFixRequest } from '../../../src/core/debug/fixRound';
import { firstVersion } from '../../../src/core/debug/programVersion';
import { problemReason } from '../../../src/core/llm/replies';
import { parseSource } from '../../../src/core/source';
import { expectGolden } from '../../support/golden';
import { DIST_DIR, FIXTURES_DIR, PYTHON_FIXTURES, REPO_ROOT } from '../../support/paths';

const CLI = join(PYTHON_FIXTURES, 'cli');

async function request(
  file: string,
  test: string,
  level: TraceLevel,
  extra: { task?: string; timeoutMs?: number } = {},
) {
  const settings = withDefaults({ level, ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}) });
  const report = await traceTest({ path: join(CLI, file), test, settings, assets: { dir: DIST_DIR } });
  const shown = shownFunctions(
    report.source,
    report.entry,
    report.run.visits.map((v) => v.function),
  );
  return debugRequest({
    words: python.words,
    ...(extra.task ? { task: extra.task } : {}),
    code: promptCode(report.source, shown),
    failingTest: failingTestLine(report.test, report.run.outcome, settings.timeoutMs),
    trace: { text: report.prompt, level },
  });
}

describe('prompts', function () {
  this.timeout(30_000);

  it('asks for one verdict per block, with the code, the failing test and its real output', async () => {
    const text = await request('helper_after_entry.py', 'assert mean([2, 4]) == 3', 'block');
    assert.match(text, /def mean\(xs\):[\s\S]*def total\(xs\):/, 'the helper that ran is shown');
    assert.match(text, /assert mean\(\[2, 4\]\) == 3 # Real Execution Output: 6\.0/);
    expectGolden('prompts/block.txt', `${systemPrompt(python.words)}\n---\n${text}`);
  });

  it('pins a task given in words before the code', async () => {
    const text = await request('recursion.py', 'assert fact(3) == 6', 'block', {
      task: 'Return n factorial.',
    });
    assert.match(text, /^Task:\nReturn n factorial\.\n\nCode:/);
    expectGolden('prompts/task.txt', text);
  });

  it('sends the partial trace and the exception when the test raises', async () => {
    const text = await request('exception_in_loop.py', 'assert inverses([1, 2, 0, 4]) == [1, 0.5]', 'block');
    assert.match(text, /Real Execution Output: ZeroDivisionError: division by zero \(line 4\)/);
    assert.match(text, /# raised ZeroDivisionError/);
    expectGolden('prompts/exception.txt', text);
  });

  it('says where a timed-out run stopped', async () => {
    const text = await request('infinite_loop.py', 'assert find([1, 2], 2) == 1', 'block', {
      timeoutMs: 800,
    });
    assert.match(text, /Real Execution Output: timed out after 800 ms/);
    assert.match(text, /# \.\.\. stopped: .*time limit of 800 ms hit/);
  });

  it('asks per line and per call at the other levels', async () => {
    expectGolden('prompts/line.txt', await request('one_line_if_return.py', 'assert sign(-5) == -1', 'line'));
    expectGolden('prompts/function.txt', await request('recursion.py', 'assert fact(3) == 6', 'function'));
  });

  it('tells why there is no trace instead of a trace', () => {
    const text = debugRequest({
      words: python.words,
      code: 'def double(x):\n    return x *',
      failingTest: 'assert double(2) == 4 # Real Execution Output: SyntaxError',
      problem: 'the code does not parse: syntax error at 2:14',
    });
    expectGolden('prompts/no-trace.txt', text);
  });

  it('shows the functions of every file a trace across modules reached, each file named, and asks for the fix file by file', async () => {
    const settings = withDefaults();
    const report = await traceTest({
      path: join(FIXTURES_DIR, 'projects', 'two_bugs', 'store', 'order.py'),
      test: 'tests/test_order.py::test_order',
      settings,
      assets: { dir: DIST_DIR },
    });
    const round = fixRound(
      firstVersion(report.source, report.source.text),
      report,
      'order_total',
      'order.py',
    );
    assert.deepEqual(
      round.shown.map((f) => [f.file, f.functions.map((fn) => fn.name)]),
      [
        ['store/order.py', ['order_total', '_round']],
        ['store/money.py', ['cents', '_round']],
      ],
    );
    const text = debugRequest({
      words: python.words,
      code: roundCode(round, python.words),
      failingTest: failingTestLine(report.test, report.run.outcome, settings.timeoutMs),
      trace: { text: report.prompt, level: 'block' },
    });
    assert.match(text, /^Code:\n```python\n# file: store\/order\.py\ndef order_total\(lines\):/);
    expectGolden('prompts/multi-file.txt', `${text}\n---\n${roundFixRequest(round, python.words)}`);
  });

  it('asks for the fix, the follow-up after a failed fix, and a rejected fix', () => {
    expectGolden(
      'prompts/fix-and-follow-ups.txt',
      [
        fixRequest('make_a_pile', python.words),
        fixFailedPreamble(1, 3),
        rejectedFixMessage('keep the loop'),
        rejectedFixMessage(undefined),
      ].join('\n---\n'),
    );
  });

  it('tells the model why its last reply could not be used, with the reasons the loop finds', async () => {
    const path = join(REPO_ROOT, 'examples', 'make_a_pile.py');
    const program = await parseSource({ path, text: readFileSync(path, 'utf8'), wasmDir: DIST_DIR });
    const replies = [
      '```python\ndef make_a_pile(n):\n    return [n +\n```',
      'I apologize for the confusion. Could you show me the code again?',
      '',
      '```python\n```',
      '```python\ndef pile(n):\n    return [n]\n```',
      '```python\nclass Solution:\n    def make_a_pile(self, n):\n        return [n]\n```',
    ];
    const preambles: string[] = [];
    for (const text of replies) {
      const placed = await placeFix(text, program, 'make_a_pile', ['make_a_pile'], { dir: DIST_DIR });
      assert.ok(!placed.ok, text);
      preambles.push(unusableFixPreamble(problemReason(placed.problem)));
    }
    const verdicts = verdictsFrom('no idea', [{ label: 'BLOCK-0', startLine: 17, endLine: 17 }]);
    assert.ok(!verdicts.ok);
    expectGolden(
      'prompts/unusable-reply.txt',
      [
        ...preambles,
        fixRequestAfterUnreadableVerdicts(problemReason(verdicts.problem), 'make_a_pile', python.words),
      ].join('\n---\n'),
    );
  });
});

// The loop's first step alone (Trace Only, `ldb debug` without a model), on real Python runs: the
// first test is traced at once; only when it passes do the others run, plainly, and the first of
// them that fails is traced. What ran, what was traced and what was reported along the way.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { traceFirstFailing } from '../../../src/core/debug/debugger';
import type { FirstFailingProgress, FirstFailingRequest } from '../../../src/core/debug/request';
import { isLdbError } from '../../../src/core/errors';
import { withDebugDefaults } from '../../../src/core/settings';
import { DIST_DIR, PYTHON_FIXTURES } from '../../support/paths';

const FILE = join(PYTHON_FIXTURES, 'first-failing', 'triple.py');
const PASS_1 = 'assert double(1) == 2';
const PASS_2 = 'assert double(2) == 4';
const FAIL_3 = 'assert double(3) == 6';
const FAIL_4 = 'assert double(4) == 8';

/** Runs the step on triple.py with these tests; every progress event is kept, in order. */
async function firstFailing(
  tests: string[],
  extra: Partial<FirstFailingRequest> = {},
): Promise<Awaited<ReturnType<typeof traceFirstFailing>> & { events: string[] }> {
  const events: string[] = [];
  const describe = (e: FirstFailingProgress): string =>
    e.kind === 'tracing'
      ? `tracing ${e.test}`
      : e.kind === 'running-tests'
        ? `running ${e.count}`
        : `traced-run ${e.test.label} ${e.run.outcome.status}`;
  const result = await traceFirstFailing({
    path: FILE,
    functionName: 'double',
    tests,
    settings: withDebugDefaults(),
    assets: { dir: DIST_DIR },
    onProgress: (e) => events.push(describe(e)),
    ...extra,
  });
  return { ...result, events };
}

describe('traceFirstFailing', function () {
  this.timeout(30_000);

  it('traces a failing first test and runs nothing else', async () => {
    const r = await firstFailing([FAIL_3, PASS_1, FAIL_4]);
    assert.deepEqual(r.events, [`tracing ${FAIL_3}`, `traced-run ${FAIL_3} failed`]);
    assert.deepEqual(
      r.results.map((t) => [t.label, t.outcome.status]),
      [[FAIL_3, 'failed']],
    );
    assert.equal(r.report?.test.label, FAIL_3);
    assert.equal(r.report?.run.outcome.actual, '9');
    assert.match(r.report?.prompt ?? '', /\[BLOCK-\d+\]/);
  });

  it('when the first passes, runs the rest plainly and traces the first of them that fails', async () => {
    const r = await firstFailing([PASS_1, PASS_2, FAIL_4, FAIL_3]);
    assert.deepEqual(r.events, [
      `tracing ${PASS_1}`,
      'running 3',
      `tracing ${FAIL_4}`,
      `traced-run ${FAIL_4} failed`,
    ]);
    assert.deepEqual(
      r.results.map((t) => [t.label, t.outcome.status]),
      [
        [PASS_1, 'passed'],
        [PASS_2, 'passed'],
        [FAIL_4, 'failed'],
        [FAIL_3, 'failed'],
      ],
    );
    assert.equal(r.report?.test.label, FAIL_4);
    assert.equal(r.report?.run.outcome.actual, '12');
  });

  it('when every test passes, returns no trace unless asked for the first one', async () => {
    const plain = await firstFailing([PASS_1, PASS_2]);
    assert.equal(plain.report, undefined);
    assert.deepEqual(plain.events, [`tracing ${PASS_1}`, 'running 1']);
    assert.deepEqual(
      plain.results.map((t) => t.outcome.status),
      ['passed', 'passed'],
    );

    const asked = await firstFailing([PASS_1, PASS_2], { traceWhenAllPass: true });
    assert.deepEqual(asked.events, [`tracing ${PASS_1}`, 'running 1', `traced-run ${PASS_1} passed`]);
    assert.equal(asked.report?.test.label, PASS_1);
    assert.equal(asked.report?.run.outcome.status, 'passed');
  });

  it('runs every test plainly and traces nothing when the program does not parse', async () => {
    const r = await firstFailing([PASS_1, FAIL_3], {
      text: 'def double(x):\n    if x > 2\n        return x * 3\n    return x * 2\n',
    });
    assert.equal(r.report, undefined);
    assert.deepEqual(r.events, ['running 2']);
    assert.equal(r.results.length, 2);
    assert.ok(r.source.syntaxErrors.length > 0);
  });

  it('stops when cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(firstFailing([FAIL_3], { signal: abort.signal }), (e: unknown) =>
      isLdbError(e, 'cancelled'),
    );
  });
});

// The tracer runtime end to end (runPythonTest -> dist/python/ldb_tracer.py -> result), one tiny
// fixture per behaviour: a golden file per run, and the behaviour that matters asserted directly.
// Run `npm run build` first: the runtime is loaded from dist/python, as it ships.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isLdbError } from '../../../src/core/errors';
import { runPythonTest } from '../../../src/core/languages/python/runTest';
import type { BlockVisit, RunResult } from '../../../src/core/model';
import { programEnv } from '../../../src/core/run/env';
import { resolveInterpreter } from '../../../src/core/languages/python/interpreter';
import { runProcess } from '../../../src/core/run/sandbox';
import { withTempDir } from '../../../src/core/run/tempdir';
import { expectGoldenJson } from '../../support/golden';
import { GOLDEN_CASES } from './cases';
import { fixtureMap } from './fixtureMap';
import {
  DEFAULT_LIMITS,
  RUNTIME_DIR,
  fixtureSource,
  goldenView,
  makeTest,
  runFixture,
  waitGone,
} from './support';

const blocks = (run: RunResult): string[] => run.visits.map((v) => v.block);
const last = (run: RunResult): BlockVisit => run.visits[run.visits.length - 1];

describe('python runtime: golden traces', () => {
  for (const c of GOLDEN_CASES) {
    if (c.versionDependent) continue;
    it(c.id, async () => {
      expectGoldenJson(
        `python-runtime/${c.id}.json`,
        goldenView(await runFixture(c.fixture, c.test, c.opts)),
      );
    });
  }
});

describe('python runtime: control flow', () => {
  it('records every loop iteration with the state before and after each block', async () => {
    const run = await runFixture('loop_many', 'assert total(3) == 4');
    assert.deepEqual(blocks(run), [
      'total#0',
      'total#1',
      'total#2',
      'total#1',
      'total#2',
      'total#1',
      'total#2',
      'total#1',
      'total#3',
    ]);
    assert.deepEqual(
      run.visits.filter((v) => v.block === 'total#2').map((v) => [v.iteration, v.before.acc, v.after.acc]),
      [
        [0, '0', '0'],
        [1, '0', '1'],
        [2, '1', '3'],
      ],
    );
    assert.deepEqual(run.outcome, { status: 'failed', expected: '4', actual: '3' });
    assert.equal(last(run).returned, '3');
  });

  it('keeps the first and the last half of the visits when there are too many', async () => {
    const run = await runFixture('loop_many', 'assert total(5000) == 0', { limits: { maxVisits: 10 } });
    const total = 2 + 2 * 5000 + 1;
    assert.equal(run.visits.length, 10);
    assert.equal(run.droppedVisits, total - 10);
    assert.deepEqual(
      run.visits.map((v) => v.seq),
      [0, 1, 2, 3, 4, total - 5, total - 4, total - 3, total - 2, total - 1],
    );
    assert.equal(last(run).returned, '12497500');
    assert.deepEqual(
      run.limits.map((l) => [l.limit, l.value]),
      [['visits', 10]],
    );
  });

  it('ends the visit where a function returns early', async () => {
    const run = await runFixture('early_return', 'assert first_negative([3, 1, -2, 5]) == 2');
    assert.equal(last(run).block, 'first_negative#2');
    assert.equal(last(run).returned, '2');
  });

  it('handles a one-line `if x: return y`', async () => {
    const negative = await runFixture('one_line_if', 'assert sign(-5) == -1');
    assert.deepEqual(blocks(negative), ['sign#0', 'sign#1']);
    assert.equal(last(negative).returned, '-1');
    const positive = await runFixture('one_line_if', 'assert sign(5) == 1');
    assert.deepEqual(blocks(positive), ['sign#0']);
    assert.equal(last(positive).returned, '1');
  });

  it('treats a statement over several lines as one, however the interpreter steps through it', async () => {
    const run = await runFixture('multiline_call', 'assert total_area([(1, 2), (3, 4)]) == 14');
    assert.deepEqual(blocks(run), [
      'total_area#0',
      'total_area#1',
      'total_area#2',
      'area#0',
      'total_area#1',
      'total_area#2',
      'area#0',
      'total_area#1',
      'total_area#3',
    ]);
    assert.deepEqual(
      run.visits.filter((v) => v.block === 'area#0').map((v) => [v.depth, v.before.h, v.returned]),
      [
        [1, '3', '3'],
        [1, '5', '15'],
      ],
    );
  });

  it('traces nested functions, helpers defined after the entry and methods, by qualified name', async () => {
    const nested = await runFixture('nested_function', "assert count_words('A a, b.') == {'a': 2, 'b': 2}");
    const clean = nested.visits.filter((v) => v.function === 'count_words.clean');
    assert.equal(clean.length, 3);
    assert.ok(clean.every((v) => v.depth === 1));
    assert.ok(!('clean' in nested.visits[0].after), 'a local function is not a variable worth showing');
    const helper = await runFixture('helper_after', 'assert mean([1, 2, 3]) == 2');
    assert.deepEqual(
      [...new Set(helper.visits.map((v) => `${v.function}@${v.depth}`))],
      ['mean@0', 'total@1'],
    );
    const methods = await runFixture('methods', 'assert fill(2) == [0, 1, 2]');
    assert.deepEqual([...new Set(methods.visits.map((v) => v.function))].sort(), [
      'Stack.__init__',
      'Stack.push',
      'fill',
    ]);
  });

  it('keeps recursion aligned: every call has its own id, depth and iterations', async () => {
    const run = await runFixture('recursion', 'assert fib(3) == 2');
    const calls = new Map<number, number>();
    for (const v of run.visits) calls.set(v.call, v.depth);
    assert.deepEqual(
      [...calls],
      [
        [0, 0],
        [1, 1],
        [2, 2],
        [3, 2],
        [4, 1],
      ],
    );
    assert.deepEqual(
      run.visits.filter((v) => v.returned !== undefined).map((v) => [v.call, v.before.n, v.returned]),
      [
        [0, '3', '2'],
        [1, '2', '1'],
        [2, '1', '1'],
        [3, '0', '0'],
        [4, '1', '1'],
      ],
    );
    assert.ok(run.visits.every((v) => v.iteration === 0));
  });

  it('continues a generator across its yields in the same call', async () => {
    const run = await runFixture('generator', 'assert take(5) == [0, 2, 4, 6]');
    const evens = run.visits.filter((v) => v.function === 'evens');
    assert.deepEqual([...new Set(evens.map((v) => v.call))], [1]);
    assert.ok(evens.every((v) => v.depth === 1));
    assert.deepEqual(
      evens.filter((v) => v.block === 'evens#2').map((v) => [v.before.n, v.after.n]),
      [
        ['0', '2'],
        ['2', '4'],
        ['4', '6'],
      ],
    );
    assert.equal(evens[evens.length - 1].returned, "'done'");
  });
});

describe('python runtime: errors and exits', () => {
  it('keeps the trace up to an exception in the middle of a loop', async () => {
    const run = await runFixture('exception_in_loop', 'assert inverses([1, 2, 0, 4]) == [1.0, 0.5]');
    const error = { type: 'ZeroDivisionError', message: 'division by zero', line: 4, function: 'inverses' };
    assert.deepEqual(run.outcome, { status: 'error', exception: error });
    assert.equal(run.visits.length, 7);
    assert.deepEqual(last(run).raised, error);
    assert.equal(last(run).before.out, '[1.0, 0.5]');
    assert.equal(last(run).after.x, '0');
  });

  it('reports an exception while the module loads, with the visits of what ran', async () => {
    const run = await runFixture('module_raises', 'assert helper({}) == 1');
    assert.deepEqual(run.outcome.exception, {
      type: 'KeyError',
      message: "'missing'",
      line: 2,
      function: 'helper',
    });
    assert.deepEqual(blocks(run), ['helper#0']);
    assert.equal(run.visits[0].before.x, "{'present': 1}");
  });

  it('reports a syntax error in the file with its line', async () => {
    const run = await runFixture('syntax_error', 'assert broken(1) == 1');
    assert.equal(run.outcome.status, 'error');
    assert.equal(run.outcome.exception?.type, 'SyntaxError');
    assert.equal(run.outcome.exception?.line, 2);
    assert.deepEqual(run.visits, []);
  });

  it('gives input() a closed stdin: EOFError', async () => {
    const run = await runFixture('input_call', "assert ask() == 'x'");
    assert.deepEqual(run.outcome.exception, {
      type: 'EOFError',
      message: 'EOF when reading a line',
      line: 3,
      function: 'ask',
    });
  });

  it('turns sys.exit() into an error outcome', async () => {
    const run = await runFixture('sys_exit', 'assert quit_early(3) == 0');
    assert.deepEqual(run.outcome.exception, {
      type: 'SystemExit',
      message: '3',
      line: 6,
      function: 'quit_early',
    });
  });

  it('writes the trace before os._exit() ends the process', async () => {
    const run = await runFixture('os_exit', 'assert bail(4) == 0');
    const exit = { type: 'SystemExit', message: 'os._exit(4)', line: 7, function: 'bail' };
    assert.deepEqual(run.outcome, { status: 'error', exception: exit });
    assert.deepEqual(last(run).raised, exit);
    assert.equal(last(run).after.step, '1');
    assert.equal(run.stdout, 'before exit\n');
  });

  it('reports a process killed from inside, with no result written', async () => {
    const run = await runFixture('self_kill', 'die()', { limits: {} });
    assert.equal(run.outcome.status, 'error');
    assert.equal(run.outcome.exception?.type, 'Killed');
    assert.match(run.outcome.exception?.message ?? '', /killed by SIGKILL without writing a result/);
  });
});

describe('python runtime: limits', () => {
  it('stops an infinite loop at the time limit and keeps the trace', async () => {
    const run = await runFixture('infinite_loop', 'assert spin(3) == 2', { limits: { timeoutMs: 500 } });
    assert.equal(run.outcome.status, 'timeout');
    assert.deepEqual(run.outcome.exception, {
      type: 'LdbTimeout',
      message: 'time limit of 500 ms exceeded',
      line: run.outcome.exception?.line,
      function: 'spin',
    });
    assert.ok(run.visits.length > 100);
    assert.equal(last(run).raised?.type, 'LdbTimeout');
    assert.deepEqual(run.limits[0], {
      limit: 'time',
      value: 500,
      detail: 'the program was stopped at the limit',
    });
    assert.ok(run.runMs < 500 + 900, `stopped by the runtime, not killed: ${run.runMs} ms`);
  });

  it('kills a program that swallows the timeout, keeping the trace written at the limit', async () => {
    const run = await runFixture('swallow_timeout', 'assert stubborn() == 0', { limits: { timeoutMs: 300 } });
    assert.equal(run.outcome.status, 'timeout');
    assert.equal(run.limits[0]?.limit, 'time');
    assert.match(run.limits[0].detail, /killed/);
    assert.ok(run.visits.length > 10, 'the provisional result kept the visits');
  });

  it('leaves no process behind after a timeout (unconfined: the process group goes)', async () => {
    const run = await runFixture('fork_and_spin', 'spawn_and_spin()', {
      limits: { timeoutMs: 300, isolation: 'off' },
    });
    assert.equal(run.outcome.status, 'timeout');
    const child = Number(run.stdout.trim());
    assert.ok(child > 0, `the fixture printed its child's pid: ${run.stdout}`);
    assert.ok(await waitGone(child), `child ${child} is still running`);
  });

  it('turns unbounded recursion into a RecursionError with the trace kept and aligned', async () => {
    const run = await runFixture('unbounded_recursion', 'assert down(-1) == 0');
    assert.equal(run.outcome.status, 'error');
    assert.equal(run.outcome.exception?.type, 'RecursionError');
    assert.ok(
      run.visits.every((v) => v.depth === v.call),
      'depth follows the recursion',
    );
    const deepest = Math.max(...run.visits.map((v) => v.depth));
    assert.ok(deepest > 500, `recursed ${deepest} deep`);
    const raising = run.visits.filter((v) => v.raised);
    assert.ok(raising.length > 400 && raising.every((v) => v.raised!.type === 'RecursionError'));
  });

  it('renders a huge list fast, eliding the middle', async () => {
    const started = performance.now();
    const run = await runFixture('huge_list', 'assert build(10**6) == 3', { limits: { maxValueLength: 60 } });
    const xs = run.visits[0].after.xs;
    assert.equal(xs, '[0, 1, 2, 3, 4, 5, ...(999,993 more items)..., 999999]');
    assert.ok(run.visits[0].after.text.includes('...(1,999,9'));
    assert.ok(performance.now() - started < 5000);
  });

  it('renders values in the documented elided form', async () => {
    const run = await runFixture('values_format', makeTest('show()', 'call'), {
      limits: { maxValueLength: 40 },
    });
    assert.deepEqual(run.visits.find((v) => v.block === 'show#1')?.before, {
      nums: '[0, 1, ...(997 more items)..., 999]',
      text: "'ababababa...(987 more chars)...abab'",
      nested: '[[0, 1, ..., 99], ...(2 more items)...]',
      table: "{0: '0', ...(99 more items)...}",
      unique: '{0, 1, 2, 3, ...(96 more items)}',
      plain: '<Plain x=1, items=[1, 2]>',
      big: '<int with ~5,001 digits>',
      cyclic: '[1, [...]]',
    });
  });

  it('shows a failing __repr__ as a marker', async () => {
    const run = await runFixture('repr_raises', 'assert wrap(2) == 5');
    assert.equal(run.visits[0].after.b, '<repr failed: ValueError>');
    assert.deepEqual(run.outcome, { status: 'failed', expected: '5', actual: '4' });
  });

  it('caps megabytes of output and says so', async () => {
    const run = await runFixture('big_output', 'assert shout(20000) == 0', {
      limits: { maxStdoutBytes: 100_000 },
    });
    assert.equal(run.stdout.length, 100_000);
    assert.deepEqual(
      run.limits.find((l) => l.limit === 'stdout'),
      {
        limit: 'stdout',
        value: 100_000,
        detail: '2000000 bytes written, the first 100000 kept',
      },
    );
    assert.equal(run.outcome.actual, '20000');
  });

  it('stops a program at the memory limit with a MemoryError', async () => {
    const run = await runFixture('memory_hog', 'hog(10**7)', { limits: { memoryBytes: 400 * 1024 * 1024 } });
    assert.equal(run.outcome.exception?.type, 'MemoryError');
    assert.equal(run.outcome.exception?.line, 4);
    assert.ok(run.limits.some((l) => l.limit === 'memory' && l.value === 400 * 1024 * 1024));
    assert.ok(run.visits.length > 4);
  });

  it('stops tracing after maxEvents line events and lets the program finish', async () => {
    const run = await runFixture('loop_many', 'assert total(1000) == 0', { limits: { maxEvents: 50 } });
    assert.equal(run.outcome.actual, '499500');
    assert.ok(run.visits.length <= 50);
    assert.deepEqual(
      run.limits.map((l) => [l.limit, l.value]),
      [['events', 50]],
    );
  });

  it('stops tracing a long loop at half the time limit, so that the program can still finish', async () => {
    const run = await runFixture('loop_many', 'assert total(10**6) == 0', { limits: { timeoutMs: 2000 } });
    assert.deepEqual(run.outcome, { status: 'failed', expected: '0', actual: '499999500000' });
    const events = run.limits.find((l) => l.limit === 'events');
    assert.match(events?.detail ?? '', /^tracing stopped after \d+ line events at half the time limit$/);
    assert.ok(run.visits.length === DEFAULT_LIMITS.maxVisits && run.droppedVisits > 0);
  });

  it('stops recording at maxTraceBytes', async () => {
    const run = await runFixture('loop_many', 'assert total(1000) == 0', { limits: { maxTraceBytes: 4000 } });
    assert.equal(run.outcome.actual, '499500');
    assert.ok(run.visits.length < 40, `${run.visits.length} visits`);
    assert.deepEqual(
      run.limits.map((l) => [l.limit, l.value]),
      [['trace', 4000]],
    );
  });

  it('can be cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(
      runFixture('infinite_loop', 'assert spin(3) == 2', { signal: controller.signal }),
      (e: unknown) => isLdbError(e, 'cancelled'),
    );
  });
});

describe('python runtime: tests and environment', () => {
  it('counts an assert inside a test function as a failure, with its message and line', async () => {
    const run = await runFixture('test_function', makeTest('test_double()', 'test-function'));
    assert.deepEqual(run.outcome, {
      status: 'failed',
      exception: {
        type: 'AssertionError',
        message: 'double(1) should be 2',
        line: 7,
        function: 'test_double',
      },
    });
  });

  it('compares doctest output like doctest, whitespace normalised', async () => {
    const failed = await runFixture(
      'doctest_compare',
      makeTest('greet("Ada")', 'doctest', { expectedOutput: "'Hello, Ada!'\n" }),
    );
    assert.deepEqual(failed.outcome, { status: 'failed', expected: "'Hello, Ada!'", actual: "'Hello Ada!'" });
    const printed = await runFixture(
      'doctest_compare',
      makeTest('shout(["a", "b"])', 'doctest', { expectedOutput: 'A\n  B\n' }),
    );
    assert.equal(printed.outcome.status, 'passed');
    assert.equal(printed.stdout, 'A\nB\n', 'the output still reaches stdout');
    const raising = await runFixture(
      'doctest_compare',
      makeTest('greet(1)', 'doctest', {
        expectedOutput:
          'Traceback (most recent call last):\n  ...\nTypeError: can only concatenate str (not "int") to str\n',
      }),
    );
    assert.equal(raising.outcome.status, 'passed');
  });

  it('runs expression, plain assert and call tests', async () => {
    const expression = await runFixture('forms', makeTest('is_even(3)', 'expression'));
    assert.deepEqual(expression.outcome, { status: 'failed', actual: 'False' });
    assert.equal(
      (await runFixture('forms', makeTest('assert is_even(4)', 'assert'))).outcome.status,
      'passed',
    );
    assert.deepEqual((await runFixture('forms', makeTest('assert is_even(3)', 'assert'))).outcome, {
      status: 'failed',
    });
    const call = await runFixture('forms', makeTest('check(-1)', 'call'));
    assert.deepEqual(call.outcome, {
      status: 'error',
      exception: { type: 'AssertionError', message: 'n must be positive', line: 6, function: 'check' },
    });
  });

  it("skips the file's own asserts when the module loads", async () => {
    const skipped = await runFixture('module_asserts', 'assert inc(1) == 2', { skipLines: [5] });
    assert.equal(skipped.outcome.status, 'passed');
    assert.equal(skipped.stdout, 'module loaded\n');
    const kept = await runFixture('module_asserts', 'assert inc(1) == 2');
    assert.deepEqual(kept.outcome, {
      status: 'error',
      exception: { type: 'AssertionError', message: '', line: 5 },
    });
  });

  it('loads the file as a module of its own name, not __main__, that pickle and dataclasses can find', async () => {
    const run = await runFixture('dataclass_pickle', 'roundtrip(1, 2)');
    assert.deepEqual(run.outcome, { status: 'passed', actual: "(True, 'dataclass_pickle')" });
    assert.equal(run.stdout, '', 'the __main__ block did not run');
    assert.equal(run.visits[0].after.p, 'Point(x=1, y=2)');
  });

  it('runs in a fresh temporary directory that is removed afterwards', async () => {
    const run = await runFixture('cwd_files', "write_here('out.txt')");
    const written = JSON.parse(run.outcome.actual!.replace(/^'|'$/g, '"')) as string;
    assert.match(written, /[\\/]ldb-run-[^\\/]+[\\/]out\.txt$/);
    assert.ok(written.startsWith(realpathSync(tmpdir())) || written.startsWith(tmpdir()));
    assert.equal(existsSync(dirname(written)), false);
  });

  it('keeps line numbers with a BOM, CRLF line ends and tabs', async () => {
    const run = await runFixture('crlf_bom_tabs', 'assert tabbed([add(1, 2), 3]) == 7');
    assert.deepEqual(run.outcome, { status: 'failed', expected: '7', actual: '6' });
    assert.deepEqual(
      [...new Set(run.visits.map((v) => v.block))],
      ['add#0', 'add#1', 'tabbed#0', 'tabbed#1', 'tabbed#2', 'tabbed#3'],
    );
  });

  it('reports its own failure as LdbInternalError in the result', async () => {
    await withTempDir(async (dir) => {
      const config = join(dir, 'config.json');
      const result = join(dir, 'result.json');
      writeFileSync(config, JSON.stringify({ file: join(dir, 'x.py'), source: '', resultPath: result }));
      const python = await resolveInterpreter('python3');
      const proc = await runProcess({
        command: python.executable,
        args: ['-X', 'utf8', '-B', join(RUNTIME_DIR, 'ldb_tracer.py'), config],
        cwd: dir,
        env: programEnv(process.env, { runDir: dir }),
        timeoutMs: 10_000,
        maxStdoutBytes: 1000,
        maxStderrBytes: 1000,
      });
      assert.equal(proc.stdout, '', 'nothing of ours on stdout');
      const written = JSON.parse(readFileSync(result, 'utf8')) as RunResult;
      assert.equal(written.outcome.exception?.type, 'LdbInternalError');
      assert.match(written.outcome.exception?.message ?? '', /KeyError: 'limits'/);
    });
  });

  it('handles unicode names', async () => {
    const run = await runFixture('unicode_names', 'assert 合計([1, 2]) == 4');
    assert.equal(run.visits[0].function, '合計');
    assert.deepEqual(last(run).after, { 数: '[1, 2]', 和: '3', ñ: '2' });
  });

  it('gives the program only the allowed environment: no secrets, no LLM settings, nothing unknown', async () => {
    const names = [
      'LDBTEST_API_KEY',
      'LDBTEST_TOKEN',
      'LDBTEST_PASSWORD',
      'LDBTEST_PLAIN',
      'OPENAI_BASE_URL',
      'LDB_MODEL',
      'LC_LDBTEST',
    ];
    for (const name of names) process.env[name] = 'value';
    try {
      const run = await runFixture(
        'env_secrets',
        "visible('LDBTEST_') + visible('OPENAI_') + visible('LDB_') + visible('LC_LDBTEST')",
        {},
      );
      assert.equal(run.outcome.actual, "['LC_LDBTEST']");
    } finally {
      for (const name of names) delete process.env[name];
    }
  });

  it('runs plainly, without a tracer, when no function is to be traced', async () => {
    const source = fixtureSource('loop_many');
    const run = await runPythonTest({
      source,
      test: makeTest('assert total(3) == 3'),
      lineToBlock: {},
      functions: [],
      skipLines: [],
      limits: DEFAULT_LIMITS,
      python: 'python3',
      runtimeDir: RUNTIME_DIR,
    });
    assert.equal(run.outcome.status, 'passed');
    assert.deepEqual(run.visits, []);
    assert.equal(run.tracer, undefined);
    assert.ok(fixtureMap(source.text).functions.length === 1);
  });
});

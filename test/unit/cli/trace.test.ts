// `ldb trace` end to end, one tiny program per behaviour: the exit code, the outcome, and golden
// files for the JSON (timings removed) and for the prompt text the model would get.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { expectGolden } from '../../support/golden';
import { PYTHON_FIXTURES } from '../../support/paths';

const FIXTURES = join(PYTHON_FIXTURES, 'cli');

interface Case {
  file: string;
  test: string;
  status: 'passed' | 'failed' | 'error' | 'timeout';
  exception?: string;
  args?: string[];
  check?: (json: TraceJson) => void;
}

interface TraceJson {
  outcome: {
    status: string;
    expected?: string;
    actual?: string;
    exception?: { type: string; message: string; line?: number };
  };
  blocks: { id: string }[];
  visits: {
    block: string;
    function: string;
    depth: number;
    before: Record<string, string>;
    after: Record<string, string>;
  }[];
  omitted: number;
  prompt: string;
  promptTokens: number;
  limits: { limit: string }[];
  stdout: string;
  timing: { totalMs: number; runMs: number };
  isolation: string;
  interpreter: { path: string; version: string; source: string };
}

const CASES: Case[] = [
  {
    file: 'loop_many.py',
    test: 'assert count_evens(1000) == 500',
    status: 'failed',
    check: (j) => assert.ok(j.omitted > 1000),
  },
  { file: 'early_return.py', test: 'first_negative([3, -1, 2]) == 1', status: 'passed' },
  { file: 'one_line_if_return.py', test: 'assert sign(-5) == -1', status: 'failed' },
  { file: 'multiline_call.py', test: 'assert clamp_all([5, -3, 9], 0, 6) == [6, 5, 0]', status: 'passed' },
  {
    file: 'nested_function.py',
    test: 'assert scale([1, 2], 3) == [3, 6]',
    status: 'failed',
    check: (j) => assert.ok(j.visits.some((v) => v.function === 'scale.one' && v.depth === 1)),
  },
  {
    file: 'helper_after_entry.py',
    test: 'assert mean([2, 4]) == 3',
    status: 'failed',
    check: (j) => assert.ok(j.visits.some((v) => v.function === 'total')),
  },
  {
    file: 'recursion.py',
    test: 'assert fact(4) == 24',
    status: 'failed',
    check: (j) => assert.deepEqual([...new Set(j.visits.map((v) => v.depth))].sort(), [0, 1, 2, 3]),
  },
  {
    file: 'generator.py',
    test: 'assert collect(5) == [0, 2, 4]',
    status: 'failed',
    check: (j) => assert.ok(j.visits.some((v) => v.function === 'evens')),
  },
  {
    file: 'exception_in_loop.py',
    test: 'assert inverses([1, 2, 0, 4]) == [1, 0.5]',
    status: 'error',
    exception: 'ZeroDivisionError',
    check: (j) => assert.ok(j.visits.length >= 4),
  },
  {
    file: 'infinite_loop.py',
    test: 'assert find([1, 2], 2) == 1',
    status: 'timeout',
    args: ['--timeout-ms', '1500'],
    check: (j) => assert.ok(j.visits.length > 0 && j.limits.some((l) => l.limit === 'time')),
  },
  {
    file: 'unbounded_recursion.py',
    test: 'depth(0)',
    status: 'error',
    exception: 'RecursionError',
    check: (j) => assert.ok(j.visits.length > 10),
  },
  {
    file: 'huge_list.py',
    test: 'assert squares(1000000) == 0',
    status: 'failed',
    check: (j) => assert.ok(j.visits.every((v) => Object.values(v.after).every((val) => val.length <= 80))),
  },
  {
    file: 'repr_raises.py',
    test: 'assert wrap(1) == 3',
    status: 'failed',
    check: (j) => assert.match(JSON.stringify(j.visits), /repr failed: ValueError/),
  },
  { file: 'input_call.py', test: 'ask()', status: 'error', exception: 'EOFError' },
  { file: 'sys_exit.py', test: 'quit_early(1)', status: 'error', exception: 'SystemExit' },
  {
    file: 'os_exit.py',
    test: 'assert hard_exit(2) == 4',
    status: 'error',
    check: (j) => assert.ok(j.visits.length >= 1),
  },
  {
    file: 'big_output.py',
    test: 'assert noisy(3000) == 3001',
    status: 'failed',
    check: (j) => assert.ok(j.limits.some((l) => l.limit === 'stdout')),
  },
  {
    file: 'unicode_names.py',
    test: 'assert größe(2, 3) == 6',
    status: 'failed',
    check: (j) => assert.match(j.prompt, /fläche = 6/),
  },
  { file: 'tabs.py', test: 'assert tabbed([1, 2]) == 3', status: 'failed' },
  { file: 'crlf.py', test: 'assert crlf(1, 2) == 3', status: 'failed' },
  { file: 'bom.py', test: 'assert bom(1) == 2', status: 'passed' },
];

function normalise(json: TraceJson): unknown {
  // Which isolation a run had and the interpreter that ran it are this machine's: not in the golden.
  const { timing: _timing, isolation: _isolation, interpreter: _interpreter, stdout, ...rest } = json;
  return {
    ...rest,
    stdout: stdout.length > 200 ? `${stdout.slice(0, 40)}... (${stdout.length} chars)` : stdout,
  };
}

describe('ldb trace', function () {
  this.timeout(60_000);
  for (const c of CASES) {
    const name = c.file.replace(/\.py$/, '');
    it(`${name}: ${c.status}${c.exception ? ` (${c.exception})` : ''}`, async () => {
      const run = await runCli([
        'trace',
        join(FIXTURES, c.file),
        '--test',
        c.test,
        '--json',
        ...(c.args ?? []),
      ]);
      assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
      assert.equal(run.stderr, '');
      const json = JSON.parse(run.stdout) as TraceJson;
      assert.equal(json.outcome.status, c.status, JSON.stringify(json.outcome));
      if (c.exception) assert.equal(json.outcome.exception?.type, c.exception);
      c.check?.(json);
      // How far a timed-out loop got depends on the machine's speed: its shape is checked instead.
      if (c.status === 'timeout')
        assert.match(
          json.prompt,
          /# \.\.\. \d+ blocks omitted \.\.\.[\s\S]*# \.\.\. stopped: .*time limit of \d+ ms hit/,
        );
      else expectGolden(`cli/trace/${name}.prompt.txt`, json.prompt);
      // Timeouts and output caps depend on the machine's speed: their visits are not golden.
      if (c.status !== 'timeout' && !json.limits.some((l) => l.limit === 'stdout')) {
        expectGolden(`cli/trace/${name}.json`, JSON.stringify(normalise(json), null, 1));
      }
    });
  }

  it('prints the trace as text without --json', async () => {
    const run = await runCli(['trace', join(FIXTURES, 'recursion.py'), '--test', 'assert fact(3) == 6']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^fact on assert fact\(3\) == 6\nfailed: expected 6, got 0\n/);
    assert.match(run.stdout, /\[BLOCK-\d+\] \(depth 2\)/);
    assert.match(run.stdout, /blocks traced · \d+ prompt tokens/);
  });

  it('finds the modules beside a file given by a relative path', async () => {
    const run = await runCli(
      ['trace', 'imports_sibling.py', '--test', 'assert quadruple(3) == 12', '--json'],
      { cwd: FIXTURES },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as TraceJson).outcome.status, 'passed');
  });

  it('traces at line and function level', async () => {
    const line = await runCli([
      'trace',
      join(FIXTURES, 'loop_many.py'),
      '--test',
      'count_evens(3)',
      '--level',
      'line',
      '--json',
    ]);
    const fn = await runCli([
      'trace',
      join(FIXTURES, 'recursion.py'),
      '--test',
      'fact(3)',
      '--level',
      'function',
      '--json',
    ]);
    expectGolden('cli/trace/level-line.prompt.txt', (JSON.parse(line.stdout) as TraceJson).prompt);
    expectGolden('cli/trace/level-function.prompt.txt', (JSON.parse(fn.stdout) as TraceJson).prompt);
  });
});

describe('ldb trace: bad input', function () {
  this.timeout(30_000);
  const cases: [string, string[], RegExp][] = [
    [
      'a missing file',
      ['trace', join(FIXTURES, 'nope.py'), '--test', 'f()'],
      /^ldb: cannot read .*nope\.py: /,
    ],
    [
      'a syntax error',
      ['trace', join(FIXTURES, 'syntax_error.py'), '--test', 'broken(1)'],
      /^ldb: .*syntax_error\.py: syntax error at 2:13/,
    ],
    ['an empty file', ['trace', join(FIXTURES, 'empty.py'), '--test', 'f()'], /^ldb: .*defines no function/],
    [
      'an unknown function',
      ['trace', join(FIXTURES, 'recursion.py'), '--test', 'fact(1)', '--function', 'nope'],
      /^ldb: unknown function 'nope': known functions are fact$/m,
    ],
    [
      'an unparseable test',
      ['trace', join(FIXTURES, 'recursion.py'), '--test', 'assert fact(1 =='],
      /^ldb: cannot parse test 'assert fact\(1 ==': /,
    ],
    ['no test', ['trace', join(FIXTURES, 'recursion.py')], /^ldb: trace: --test is required/],
    [
      'a missing interpreter',
      ['trace', join(FIXTURES, 'recursion.py'), '--test', 'fact(1)', '--python', 'python9'],
      /^ldb: Python interpreter 'python9' not found/,
    ],
    [
      'an unknown flag',
      ['trace', join(FIXTURES, 'recursion.py'), '--tset', 'x'],
      /^ldb: trace: Unknown option '--tset'/,
    ],
    [
      'a bad number',
      ['trace', join(FIXTURES, 'recursion.py'), '--test', 'fact(1)', '--timeout-ms', 'soon'],
      /^ldb: --timeout-ms needs a whole number/,
    ],
    ['a directory', ['trace', FIXTURES, '--test', 'f()'], /^ldb: cannot read /],
  ];
  for (const [what, args, message] of cases) {
    it(`${what}: exit 2 and one line`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
      assert.equal(run.stdout, '');
    });
  }
});

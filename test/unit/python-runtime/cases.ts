// The fixture runs whose whole result is a golden file (test/golden/python-runtime/<id>.json),
// shared by the golden test (default interpreter) and the cross-version test (every interpreter,
// both tracing mechanisms).
import type { TestCase } from '../../../src/core/model';
import { makeTest, type FixtureRun } from './support';

export interface GoldenCase {
  id: string;
  fixture: string;
  test: TestCase;
  opts?: FixtureRun;
  /**
   * Why the visits differ between interpreter versions, when they do; such a case is compared
   * between the two mechanisms of one interpreter, not with the golden file.
   */
  versionDependent?: string;
}

const t = makeTest;

export const GOLDEN_CASES: GoldenCase[] = [
  { id: 'loop_many', fixture: 'loop_many', test: t('assert total(3) == 4') },
  {
    id: 'loop_many_capped',
    fixture: 'loop_many',
    test: t('assert total(5000) == 0'),
    opts: { limits: { maxVisits: 10 } },
  },
  {
    id: 'events_cap',
    fixture: 'loop_many',
    test: t('assert total(1000) == 0'),
    opts: { limits: { maxEvents: 50 } },
  },
  {
    id: 'trace_cap',
    fixture: 'loop_many',
    test: t('assert total(1000) == 0'),
    opts: { limits: { maxTraceBytes: 4000 } },
  },
  { id: 'early_return', fixture: 'early_return', test: t('assert first_negative([3, 1, -2, 5]) == 2') },
  { id: 'one_line_if', fixture: 'one_line_if', test: t('assert sign(-5) == -1') },
  { id: 'multiline_call', fixture: 'multiline_call', test: t('assert total_area([(1, 2), (3, 4)]) == 14') },
  {
    id: 'nested_function',
    fixture: 'nested_function',
    test: t("assert count_words('A a, b.') == {'a': 2, 'b': 2}"),
  },
  { id: 'helper_after', fixture: 'helper_after', test: t('assert mean([1, 2, 3]) == 2') },
  { id: 'recursion', fixture: 'recursion', test: t('assert fib(3) == 2') },
  { id: 'generator', fixture: 'generator', test: t('assert take(5) == [0, 2, 4, 6]') },
  {
    id: 'exception_in_loop',
    fixture: 'exception_in_loop',
    test: t('assert inverses([1, 2, 0, 4]) == [1.0, 0.5]'),
  },
  { id: 'huge_list', fixture: 'huge_list', test: t('assert build(10**6) == 3') },
  { id: 'repr_raises', fixture: 'repr_raises', test: t('assert wrap(2) == 5') },
  { id: 'input_call', fixture: 'input_call', test: t("assert ask() == 'x'") },
  { id: 'sys_exit', fixture: 'sys_exit', test: t('assert quit_early(3) == 0') },
  { id: 'os_exit', fixture: 'os_exit', test: t('assert bail(4) == 0') },
  {
    id: 'big_output',
    fixture: 'big_output',
    test: t('assert shout(20000) == 0'),
    opts: { limits: { maxStdoutBytes: 100_000, maxVisits: 6 } },
  },
  { id: 'unicode_names', fixture: 'unicode_names', test: t('assert 合計([1, 2]) == 4') },
  { id: 'module_raises', fixture: 'module_raises', test: t('assert helper({}) == 1') },
  {
    id: 'module_asserts',
    fixture: 'module_asserts',
    test: t('assert inc(1) == 2'),
    opts: { skipLines: [5] },
  },
  { id: 'test_function', fixture: 'test_function', test: t('test_double()', 'test-function') },
  {
    id: 'doctest_failed',
    fixture: 'doctest_compare',
    test: t('greet("Ada")', 'doctest', { expectedOutput: "'Hello, Ada!'\n" }),
  },
  {
    id: 'doctest_printed',
    fixture: 'doctest_compare',
    test: t('shout(["a", "b"])', 'doctest', { expectedOutput: 'A\nB\n' }),
  },
  { id: 'methods', fixture: 'methods', test: t('assert fill(2) == [0, 1, 2]') },
  { id: 'docstring_only', fixture: 'docstring_only', test: t('assert todo(1) == 1') },
  { id: 'dataclass_pickle', fixture: 'dataclass_pickle', test: t('roundtrip(1, 2)') },
  { id: 'crlf_bom_tabs', fixture: 'crlf_bom_tabs', test: t('assert tabbed([add(1, 2), 3]) == 7') },
  { id: 'expression', fixture: 'forms', test: t('is_even(3)', 'expression') },
  { id: 'assert_plain', fixture: 'forms', test: t('assert is_even(3)', 'assert') },
  { id: 'call_raises', fixture: 'forms', test: t('check(-1)', 'call') },
  {
    id: 'while_true',
    fixture: 'while_true',
    test: t('assert countdown(2) == 0'),
    versionDependent: '3.8 and 3.9 report no line event for `while True:`',
  },
  {
    id: 'single_block_loop',
    fixture: 'single_block_loop',
    test: t('assert first_zero([1, 2, 0]) == 2'),
    versionDependent: '3.8 and 3.9 report no line event for `while True:`, so the body block follows itself',
  },
];

"""Running one test in the module's globals and turning what happened into a TestOutcome.

Test code is compiled with the file name `<ldb-test>`: it is not the user's file, so it is not
traced and the line of an exception is the one in the user's file.
"""

import sys

TEST_FILE = "<ldb-test>"


def run_test(test, env, show, cut, out):
    """Run `test` (a TestCase) in `env`; fill `out` as it goes, so that what was recorded before
    an exception (the actual value of an assert-compare, say) survives it. Exceptions propagate:
    the caller classifies them (see classify)."""
    form = test.get("form")
    source = test.get("source") or ""
    setup = test.get("setupSource")
    if setup:  # the statements before the check (a given test of several statements)
        exec(compile(setup, TEST_FILE, "exec", dont_inherit=True), env)
    if form == "assert-compare":
        actual_code = compile(test["actualSource"], TEST_FILE, "eval", dont_inherit=True)
        expected_code = compile(test["expectedSource"], TEST_FILE, "eval", dont_inherit=True)
        actual = eval(actual_code, env)
        out["actual"] = show(actual)
        expected = eval(expected_code, env)
        out["expected"] = show(expected)
        out["status"] = "passed" if actual == expected else "failed"
    elif form in ("expression", "call"):
        try:
            code = compile(source, TEST_FILE, "eval", dont_inherit=True)
        except SyntaxError:  # a statement, not an expression: nothing to show
            code = None
        if code is None:
            exec(compile(source, TEST_FILE, "exec", dont_inherit=True), env)
            value = True
        else:
            value = eval(code, env)
            out["actual"] = show(value)
        out["status"] = "passed" if form == "call" or value else "failed"
    elif form == "doctest":
        _run_doctest(source, test.get("expectedOutput") or "", env, cut, out)
    else:  # 'assert', 'test-function': fail by raising AssertionError
        exec(compile(source, TEST_FILE, "exec", dont_inherit=True), env)
        out["status"] = "passed"


def classify(exc, test, where):
    """(status, exception info) for an exception that ended the test.

    An AssertionError is a failure when the test's own assert raised it, or anywhere under a test
    function (as pytest counts it); elsewhere in the user's code it is an error like any other.
    """
    form = test.get("form")
    if isinstance(exc, AssertionError):
        if form == "test-function":
            return "failed", where
        if form in ("assert", "assert-compare") and _raised_in_test(exc):
            return "failed", where if where.get("message") else None
    return "error", where


def _raised_in_test(exc):
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    return last is not None and last.tb_frame.f_code.co_filename == TEST_FILE


def _run_doctest(source, expected, env, cut, out):
    """Like doctest: the printed output plus the repr of an expression statement's value,
    compared with the expected text, whitespace normalised."""
    code = compile(source, TEST_FILE, "single", dont_inherit=True)
    out["expected"] = cut(expected.rstrip("\n"))
    capture = _Tee(sys.stdout)
    sys.stdout = capture
    try:
        exec(code, env)
    except Exception as e:
        if not expected.lstrip().startswith("Traceback (most recent call last)"):
            raise
        got = "%s: %s" % (type(e).__name__, e)
        wanted = _exception_line(expected)
        out["actual"] = cut(got)
        out["status"] = "passed" if _normal(got) == _normal(wanted) or _normal(
            "%s.%s" % (type(e).__module__, got)) == _normal(wanted) else "failed"
        return
    finally:
        sys.stdout = capture.real
    got = "".join(capture.parts)
    out["actual"] = cut(got.rstrip("\n"))
    out["status"] = "passed" if _normal(got) == _normal(expected.replace("<BLANKLINE>", "")) else "failed"


def _exception_line(expected):
    lines = [line for line in expected.splitlines() if line.strip()]
    # The exception line is the first one after the header that is not indented (doctest's rule).
    for line in lines[1:]:
        if not line[:1].isspace():
            return "\n".join(lines[lines.index(line):])
    return lines[-1] if lines else ""


def _normal(text):
    return " ".join(text.split())


class _Tee:
    """sys.stdout during a doctest: the output still reaches the real stdout, and is kept for
    the comparison (up to a bound: a doctest's expected output is short)."""

    def __init__(self, real):
        self.real = real
        self.parts = []
        self.size = 0

    def write(self, text):
        if self.size < 1 << 20:
            self.parts.append(text)
            self.size += len(text)
        return self.real.write(text)

    def flush(self):
        self.real.flush()

    def __getattr__(self, name):
        return getattr(self.real, name)

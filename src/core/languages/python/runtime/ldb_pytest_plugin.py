"""A pytest plugin that runs one collected item with the block tracer on the project's own files.

    python -m pytest NODEID -p ldb_pytest_plugin -p no:cacheprovider    (this folder on PYTHONPATH)

The parent talks to it in frames: on stdin `LENGTH\n` + JSON, on the result pipe (fd 3) `TOKEN
LENGTH\n` + JSON. The config, stdin's first frame, is read when pytest imports this plugin (before
it captures fd 0; the parent segments the program named while pytest starts): `{root, files:
[{rel, path, lineToBlock, functions}], limits, resultFd, resultToken, tracer?, firstFailing?,
traced?, overlay?}`, block ids and function names prefixed with `rel::`. A function is recognised
the first time it runs, by its file, first line and name; the first time a function of a file
below `root` that the config does not list runs, the plugin asks `{"segment": real path}` on the
pipe and waits for `{file: {rel, path, lineToBlock, functions}}` (traced) or `{}` (not: a test,
conftest, a virtual environment). So a module imported during the test is traced, and only the
files the test reaches are segmented. Only the call phase of the first selected item is traced;
with `traced: false`, nothing (a fix being verified). With `firstFailing` (a whole test file
named), every item runs in turn, each traced afresh, and the run stops at the first that does not
pass: its trace is the one kept. The result is the last frame on the pipe: `{outcome, visits,
droppedVisits, limits, tracer, pythonVersion, executable, items, nodeid, nodeids?}` (`nodeid`: the
item traced; `nodeids`: what was collected, when nothing was selected). With `overlay`, the
project files it names are imported from their copies (ldb_overlay.py): the debug loop's program,
or a fix not yet accepted.
"""

import os
import sys
import time
from _thread import allocate_lock

import _pytest as _pytest_package
import pytest

import ldb_monitoring
import ldb_overlay
import ldb_settrace
from ldb_guard import LdbTimeout, TimeLimit, limit_memory, limit_resources
from ldb_io import read_frame, take_stdin, to_json, write_result
from ldb_recorder import Recorder, exception_info
from ldb_values import set_repr_budget, value_repr

# As in ldb_run: expected and actual values are shown longer than the trace's variables.
OUTCOME_VALUE_FACTOR = 8
# The result pipe is always the child's fd 3 (run/resultChannel.ts). Before any of the project's
# code runs (conftest, test modules), it is not passed on to the processes that code starts.
RESULT_FD = 3

_stdin = take_stdin()
try:
    os.set_inheritable(RESULT_FD, False)
except OSError:
    pass  # run by hand, without the pipe


class _Setup:
    """What the config says, and the traced files as they are learnt: where their functions start."""

    def __init__(self, config):
        self.config = config
        self.limits = config["limits"]
        self.value_limit = max(int(self.limits["maxValueLength"]), 1)
        set_repr_budget(int(self.limits.get("reprTimeoutMs") or 0))
        self.first_failing = bool(config.get("firstFailing"))
        self.root = os.path.join(config["root"], "")  # real path; only files below it are asked about
        self.files = {}  # real path of each traced file -> its relative path (its ids' prefix)
        self.wanted = {}  # (real path, first line, name) -> prefixed qualified name
        self.lines_of = {}  # prefixed name -> {line -> block}
        self.block_first = {}  # block -> its first line
        self.real_of = {}  # a code object's co_filename -> the traced file's real path, or ""
        self.lock = allocate_lock()  # a question and its answer are one exchange, whatever the thread
        for f in config["files"]:
            self.learn(f)

    def learn(self, f):
        real = os.path.realpath(f["path"])
        self.files[real] = f["rel"]
        for fn in f["functions"]:
            self.wanted[(real, fn["startLine"], fn["name"])] = fn["qualifiedName"]
            self.lines_of.setdefault(fn["qualifiedName"], {})
        for line, block in f["lineToBlock"].items():
            owner = block.rsplit("#", 1)[0] if "#" in block else block.rsplit("@L", 1)[0]
            if owner in self.lines_of:
                self.lines_of[owner][int(line)] = block
            if block not in self.block_first or int(line) < self.block_first[block]:
                self.block_first[block] = int(line)

    def resolve(self, code):
        """The prefixed name of the traced function `code` runs, or None: matched by its file,
        first line and name, as ldb_run matches the functions of one file. Module-level code,
        lambdas and comprehensions are not functions of the table."""
        if code.co_name[:1] == "<":
            return None
        real = self.traced_file(code.co_filename)
        return self.wanted.get((real, code.co_firstlineno, code.co_name)) if real else None

    def traced_file(self, filename):
        """The real path of `filename` when it is a traced file, else "". A file of the project
        met for the first time is asked about: the parent segments it then (or says it is not
        traced: a test, conftest, a virtual environment)."""
        real = self.real_of.get(filename)
        if real is None:
            real = self.real_of[filename] = self._ask(filename)
        return real

    def _ask(self, filename):
        if filename[:1] == "<":
            return ""
        real = os.path.realpath(filename)
        if real in self.files:
            return real
        if not real.startswith(self.root):
            return ""
        with self.lock:
            write_result(self.config, to_json({"segment": real}))
            answer = read_frame(_stdin)
        f = answer.get("file") if answer else None
        if not f:
            return ""
        self.learn(f)
        return real


# Read as pytest imports the plugin: the overlay must be in place before pytest imports conftest
# and the tests (and through them the project's modules).
_setup = _Setup(read_frame(_stdin))
ldb_overlay.install(_setup.config.get("overlay"))


def _conf():
    return _setup


class _State:
    rec = None
    tracer = None
    uninstall = None
    timer = None
    outcome = None
    compared = None  # (op, left, right) of the last failed comparison of pytest's rewritten asserts
    selected = 0
    collected = ()
    written = False
    nodeid = None
    stopped = False  # firstFailing: the item that failed was traced; nothing after it counts
    limited = False  # the hard resource limits are set once, before the first test runs
    collect_error = None  # the last line of pytest's first collection error, if any
    exitstatus = None  # pytest's, once the session has finished


_state = _State()


def pytest_collection_modifyitems(session, config, items):
    """One item runs: a node id naming a parametrized function selects all its cases."""
    _state.collected = [item.nodeid for item in items]
    if len(items) > 1 and not _conf().first_failing:
        config.hook.pytest_deselected(items=items[1:])
        del items[1:]
    _state.selected = len(items)


def pytest_collectreport(report):
    """A module that fails to import (a fix that breaks it) selects nothing: say why."""
    if report.failed and _state.collect_error is None:
        lines = str(report.longrepr).strip().splitlines() or ["collection failed"]
        errors = [line[1:].strip() for line in lines if line.startswith("E ")]
        _state.collect_error = errors[-1] if errors else lines[-1].strip()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    _state.compared = None
    setup = _conf()
    limits = setup.limits
    rec = Recorder({"file": "", "lineToBlock": {}, "functions": [], "limits": limits}, [])
    rec.lines_of, rec.block_first = setup.lines_of, setup.block_first
    rec.resolve = setup.resolve
    rec.outside = _pytest_made
    _state.rec = rec
    # On unless the run is plain: the traced files are learnt as their functions first run.
    wanted = setup.config.get("tracer") or os.environ.get("LDB_TRACER") or "monitoring"
    if setup.config.get("traced") is False:
        pass
    elif wanted == "monitoring" and hasattr(sys, "monitoring"):
        _state.tracer = "monitoring"
        _state.uninstall, _quietly = ldb_monitoring.install(rec)
    else:
        _state.tracer = "settrace"
        _state.uninstall, _quietly = ldb_settrace.install(rec)
    if not _state.limited:
        # As ldb_run does, before the user's code: the CPU budget counts what pytest has used
        # so far, and every selected item's time limit (they run in turn with firstFailing).
        _state.limited = True
        spent = int(time.process_time() * 1000)
        limit_resources(dict(limits, timeoutMs=spent + int(limits["timeoutMs"]) * max(_state.selected, 1)))
    _state.timer = TimeLimit(int(limits["timeoutMs"]), "", _write_provisional)
    restore_memory = limit_memory(int(limits["memoryBytes"]))
    _state.timer.arm()
    try:
        yield
    finally:
        _state.timer.disarm()
        _stop_tracing()
        if restore_memory is not None:
            restore_memory()


def pytest_assertrepr_compare(config, op, left, right):
    if _state.rec is not None and op == "==":
        _state.compared = (left, right)
    return None  # pytest's own explanation stays


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if _state.stopped:
        return
    if call.when == "setup":
        _state.nodeid = item.nodeid
        _state.rec = None
    if call.when == "setup" and report.failed:
        _state.outcome = _error_outcome(call.excinfo, "the test's setup (a fixture) failed: ")
    elif call.when == "setup" and report.skipped:
        _state.outcome = {"status": "error", "exception": {"type": "Skipped", "message": _skip_reason(report)}}
    elif call.when == "call":
        _state.outcome = _call_outcome(call, report)
    else:
        return
    if not _conf().first_failing:
        return
    if _state.outcome.get("exception", {}).get("type") == "Skipped" or hasattr(report, "wasxfail"):
        # Looking for the first test that fails: a skipped one or an expected failure is not it.
        _state.outcome = {"status": "passed"}
    elif _state.outcome.get("status") != "passed":
        _state.stopped = True
        item.session.shouldstop = "LDB: the first test that does not pass was traced"


def pytest_sessionfinish(session, exitstatus):
    _state.exitstatus = int(exitstatus)
    _write()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """The session is over and reported: the process ends here with pytest's status, without the
    interpreter's shutdown tearing down every module pytest imported (about 25 ms of a 170 ms run
    with Debian's pytest 7.2, measured). Output is flushed first; the project's atexit handlers
    and leftover threads end with the process."""
    if _state.exitstatus is None:
        return  # no session (a usage error): pytest ends as it does
    try:
        # What pytest captured outside the tests (a conftest's print at session end) is written out
        # when its capturing stops, a cleanup that would run after this hook.
        capture = config.pluginmanager.getplugin("capturemanager")
        if capture is not None:
            capture.stop_global_capturing()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(_state.exitstatus)


def _call_outcome(call, report):
    timer = _state.timer
    if timer is not None and timer.fired:
        info = {"type": "LdbTimeout", "message": "time limit of %s ms exceeded" % _conf().limits["timeoutMs"]}
        if call.excinfo is not None and isinstance(call.excinfo.value, LdbTimeout):
            info = _where(call.excinfo.value)
        return {"status": "timeout", "exception": info}
    if report.passed:
        return {"status": "passed"}
    # An expected failure (xfail) that failed is reported as skipped: traced, it is the failure.
    if report.skipped and not (hasattr(report, "wasxfail") and call.excinfo is not None):
        return {"status": "error", "exception": {"type": "Skipped", "message": _skip_reason(report)}}
    exc = call.excinfo.value if call.excinfo is not None else None
    if isinstance(exc, AssertionError):
        out = {"status": "failed", "exception": _where(exc)}
        if _state.compared is not None:
            left, right = _state.compared
            limit = _conf().value_limit * OUTCOME_VALUE_FACTOR
            out["actual"], out["expected"] = value_repr(left, limit), value_repr(right, limit)
        return out
    return _error_outcome(call.excinfo, "")


def _error_outcome(excinfo, prefix):
    if excinfo is None:
        return {"status": "error", "exception": {"type": "Error", "message": prefix + "no exception"}}
    info = _where(excinfo.value)
    info["message"] = prefix + info["message"]
    return {"status": "error", "exception": info}


def _skip_reason(report):
    longrepr = report.longrepr
    reason = str(longrepr[2]) if isinstance(longrepr, tuple) and len(longrepr) == 3 else "skipped"
    return reason[len("Skipped: "):] if reason.startswith("Skipped: ") else reason


def _where(exc):
    """The exception, at the deepest frame of a traced file (`file` relative), else at the test's."""
    setup = _conf()
    line = code = rel = None
    last = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        real = setup.traced_file(filename)
        here = setup.files[real] if real else None
        if here is not None:
            line, code, rel = tb.tb_lineno, tb.tb_frame.f_code, here
        last = tb
        tb = tb.tb_next
    # Resolved afresh: the frame may have run after tracing stopped (a limit), unrecognised.
    function = setup.resolve(code) if code is not None else None
    info = exception_info(exc, line, function, setup.value_limit * OUTCOME_VALUE_FACTOR)
    if rel is not None:
        info["file"] = rel
    elif last is not None:  # it never left the test's own code: say where
        info["testFile"] = last.tb_frame.f_code.co_filename
        info["testLine"] = last.tb_lineno
    return info


# pytest's own code that calls the project's functions for its messages: the reprs and the
# comparisons of a failed assertion's explanation run inside the test, after its calls.
_PYTEST_DIR = os.path.dirname(os.path.realpath(_pytest_package.__file__))
_MESSAGE_CODE = (os.path.join(_PYTEST_DIR, "_io", ""), os.path.join(_PYTEST_DIR, "assertion", ""))
_message_files = {}  # co_filename -> whether it is in _MESSAGE_CODE


def _pytest_made(frame):
    """Whether pytest's message code is among the callers of `frame` (then the call is its own)."""
    f = frame.f_back
    while f is not None:
        filename = f.f_code.co_filename
        made = _message_files.get(filename)
        if made is None:
            made = _message_files[filename] = os.path.realpath(filename).startswith(_MESSAGE_CODE)
        if made:
            return True
        f = f.f_back
    return False


def _stop_tracing():
    if _state.uninstall is not None:
        uninstall, _state.uninstall = _state.uninstall, None
        uninstall()


def _result():
    rec = _state.rec
    visits, dropped, limits = [], 0, []
    if rec is not None:
        rec.close_open_visits()
        visits, dropped, limits = rec.result_visits(), rec.dropped, rec.result_limits()
    not_run = {"type": "LdbNotRun", "message": "pytest selected no test"}
    if _state.collect_error is not None:
        not_run = {"type": "CollectionError", "message": _state.collect_error}
    out = {"outcome": _state.outcome or {"status": "error", "exception": not_run},
        "visits": visits, "droppedVisits": dropped, "limits": limits, "tracer": _state.tracer,
        "pythonVersion": "%d.%d.%d" % sys.version_info[:3], "executable": sys.executable,
        "items": _state.selected, "nodeid": _state.nodeid}
    if not _state.selected:
        out["nodeids"] = list(_state.collected)
    return out


def _write_provisional():
    _state.outcome = {"status": "timeout", "exception": {
        "type": "LdbTimeout", "message": "time limit of %s ms exceeded" % _conf().limits["timeoutMs"]}}
    write_result(_conf().config, to_json(_result()))


def _write():
    if not _state.written:
        _state.written = True
        write_result(_conf().config, to_json(_result()))

"""A pytest plugin that runs one collected item with the block tracer on the project's own files.

    python -m pytest NODEID -p ldb_pytest_plugin -p no:cacheprovider    (this folder on PYTHONPATH)

The config comes on stdin, read when pytest imports this plugin (before it captures fd 0): `{files:
{relative path: {path, lineToBlock, functions}}, limits, resultFd, resultToken, tracer?}`, block
ids and function names prefixed with `relative path::`. Only the call phase of the first selected
item is traced, and only functions of those files (never tests, conftest or installed packages).
With `firstFailing` (a whole test file named), every item runs in turn, each traced afresh, and
the run stops at the first that does not pass: its trace is the one kept. The result goes on the
inherited pipe as for ldb_tracer.py: `{outcome, visits, droppedVisits, limits, tracer,
pythonVersion, executable, items, nodeid, nodeids?}` (`nodeid`: the item traced; `nodeids`: what
was collected, when nothing was selected). With `overlay`, the project files it names are imported
from their copies (ldb_overlay.py): the debug loop's program, or a fix not yet accepted.
"""

import os
import sys
import time

import pytest

import ldb_monitoring
import ldb_overlay
import ldb_settrace
from ldb_guard import LdbTimeout, TimeLimit, limit_memory, limit_resources
from ldb_io import claim_result_channel, read_config, to_json, write_result
from ldb_recorder import Recorder, exception_info
from ldb_values import set_repr_budget, value_repr

# As in ldb_run: expected and actual values are shown longer than the trace's variables.
OUTCOME_VALUE_FACTOR = 8
_CodeType = type(read_config.__code__)

_config = read_config("-")
claim_result_channel(_config)
# Before pytest imports conftest and the tests (and through them the project's modules).
ldb_overlay.install(_config.get("overlay"))
_limits = _config["limits"]
_value_limit = max(int(_limits["maxValueLength"]), 1)
set_repr_budget(int(_limits.get("reprTimeoutMs") or 0))
# Absolute path of each traced file -> its relative path (the prefix of its functions' names).
_files = {os.path.realpath(f["path"]): rel for rel, f in _config["files"].items()}
_first_failing = bool(_config.get("firstFailing"))


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


_state = _State()


def pytest_collection_modifyitems(session, config, items):
    """One item runs: a node id naming a parametrized function selects all its cases."""
    _state.collected = [item.nodeid for item in items]
    if len(items) > 1 and not _first_failing:
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
    rec = Recorder({"file": "", "lineToBlock": {}, "functions": [], "limits": _limits}, [])
    rec.code_names, rec.lines_of, rec.block_first = _project_functions()
    _state.rec = rec
    if rec.code_names:
        wanted = _config.get("tracer") or os.environ.get("LDB_TRACER") or "monitoring"
        if wanted == "monitoring" and hasattr(sys, "monitoring"):
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
        limit_resources(dict(_limits, timeoutMs=spent + int(_limits["timeoutMs"]) * max(_state.selected, 1)))
    _state.timer = TimeLimit(int(_limits["timeoutMs"]), "", _write_provisional)
    restore_memory = limit_memory(int(_limits["memoryBytes"]))
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
    if _first_failing and _state.outcome.get("status") != "passed":
        _state.stopped = True
        item.session.shouldstop = "LDB: the first test that does not pass was traced"


def pytest_sessionfinish(session, exitstatus):
    _write()


def _call_outcome(call, report):
    timer = _state.timer
    if timer is not None and timer.fired:
        info = {"type": "LdbTimeout", "message": "time limit of %s ms exceeded" % _limits["timeoutMs"]}
        if call.excinfo is not None and isinstance(call.excinfo.value, LdbTimeout):
            info = _where(call.excinfo.value)
        return {"status": "timeout", "exception": info}
    if report.passed:
        return {"status": "passed"}
    if report.skipped:
        return {"status": "error", "exception": {"type": "Skipped", "message": _skip_reason(report)}}
    exc = call.excinfo.value if call.excinfo is not None else None
    if isinstance(exc, AssertionError):
        out = {"status": "failed", "exception": _where(exc)}
        if _state.compared is not None:
            left, right = _state.compared
            limit = _value_limit * OUTCOME_VALUE_FACTOR
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
    return str(longrepr[2]) if isinstance(longrepr, tuple) and len(longrepr) == 3 else "skipped"


def _where(exc):
    """The exception, at the deepest frame of a traced file (`file` relative), else at the test's."""
    line = code = rel = None
    last = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        here = _files.get(os.path.realpath(filename)) if filename[:1] != "<" else None
        if here is not None:
            line, code, rel = tb.tb_lineno, tb.tb_frame.f_code, here
        last = tb
        tb = tb.tb_next
    function = None
    if code is not None and _state.rec is not None:
        function = _state.rec.code_names.get(code)
    info = exception_info(exc, line, function, _value_limit * OUTCOME_VALUE_FACTOR)
    if rel is not None:
        info["file"] = rel
    elif last is not None:  # it never left the test's own code: say where
        info["testFile"] = last.tb_frame.f_code.co_filename
        info["testLine"] = last.tb_lineno
    return info


def _project_functions():
    """(code -> prefixed name, prefixed name -> {line -> block}, block -> first line) for every
    function of a traced file among the modules imported so far (the test module imported them)."""
    wanted = {}
    lines_of = {}
    block_first = {}
    for rel, f in _config["files"].items():
        for fn in f["functions"]:
            wanted[(os.path.realpath(f["path"]), fn["startLine"], fn["name"])] = fn["qualifiedName"]
            lines_of.setdefault(fn["qualifiedName"], {})
        for line, block in f["lineToBlock"].items():
            owner = block.rsplit("#", 1)[0] if "#" in block else block.rsplit("@L", 1)[0]
            if owner in lines_of:
                lines_of[owner][int(line)] = block
            if block not in block_first or int(line) < block_first[block]:
                block_first[block] = int(line)
    code_names = {}
    for module in list(sys.modules.values()):
        filename = getattr(module, "__file__", None)
        if not isinstance(filename, str) or os.path.realpath(filename) not in _files:
            continue
        real = os.path.realpath(filename)
        for code in _codes_of(module):
            name = wanted.get((real, code.co_firstlineno, code.co_name))
            if name is not None and os.path.realpath(code.co_filename) == real:
                code_names[code] = name
    return code_names, lines_of, block_first


def _codes_of(module):
    """Every code object reachable from a module's functions and classes, nested ones included."""
    todo = []
    seen_classes = set()

    def add(value, depth=0):
        value = getattr(value, "__func__", value)  # staticmethod, classmethod, bound method
        code = getattr(value, "__code__", None)
        if type(code) is _CodeType:
            todo.append(code)
        wrapped = getattr(value, "__wrapped__", None)
        if wrapped is not None and depth < 8:
            add(wrapped, depth + 1)
        if isinstance(value, property):
            for part in (value.fget, value.fset, value.fdel):
                if part is not None:
                    add(part, depth + 1)
        if isinstance(value, type) and id(value) not in seen_classes and depth < 8:
            seen_classes.add(id(value))
            for item in list(vars(value).values()):
                add(item, depth + 1)

    for value in list(vars(module).values()):
        try:
            add(value)
        except Exception:  # a lazy proxy whose attributes raise: not ours to trace
            pass
    seen = set()
    while todo:
        code = todo.pop()
        if code in seen:
            continue
        seen.add(code)
        yield code
        todo.extend(c for c in code.co_consts if type(c) is _CodeType)


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
        "type": "LdbTimeout", "message": "time limit of %s ms exceeded" % _limits["timeoutMs"]}}
    write_result(_config, to_json(_result()))


def _write():
    if not _state.written:
        _state.written = True
        write_result(_config, to_json(_result()))

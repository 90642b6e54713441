"""A pytest plugin that writes what pytest collected as JSON to a side file.

Loaded with `python -m pytest --collect-only -p ldb_collect --ldb-collect-out FILE`, this folder on
PYTHONPATH. pytest's human output is never parsed: this file, written once collection is over, is
`{pytestVersion, pythonVersion, executable, rootdir, items: [{nodeid, path, line, function, cls,
parameters, markers, framework}], errors: [{nodeid, message}]}`. Standard library and pytest's public API only.
"""
import json
import os
import sys
import unittest

import pytest

# Markers every parametrized or fixture-using test carries: they say nothing about the test.
_PLUMBING_MARKERS = frozenset(["parametrize", "usefixtures", "filterwarnings"])

_errors = []


def pytest_addoption(parser):
    parser.addoption("--ldb-collect-out", dest="ldb_collect_out", default=None,
                     help="LDB: write the collected items as JSON to this file")


def pytest_collectreport(report):
    if report.failed:
        _errors.append({"nodeid": report.nodeid, "message": _error_line(report)})


def _error_line(report):
    """pytest's own line for the error: its last `E   ...` line, else the last line it wrote."""
    lines = [line.rstrip() for line in str(report.longrepr).splitlines() if line.strip()]
    marked = [line[1:].strip() for line in lines if line.startswith("E ")]
    if marked:
        return marked[-1]
    return lines[-1].strip() if lines else "collection failed"


def _item(item):
    path = getattr(item, "path", None) or getattr(item, "fspath", "")
    location_line = item.location[1]
    cls = getattr(item, "cls", None)
    callspec = getattr(item, "callspec", None)
    markers = sorted(set(m.name for m in item.iter_markers()) - _PLUMBING_MARKERS)
    is_unittest = isinstance(cls, type) and issubclass(cls, unittest.TestCase)
    return {
        "nodeid": item.nodeid,
        "path": str(path),
        "line": None if location_line is None else location_line + 1,
        "function": getattr(item, "originalname", None) or item.name,
        "cls": cls.__qualname__ if isinstance(cls, type) else None,
        "parameters": callspec.id if callspec is not None else None,
        "markers": markers,
        "framework": "unittest" if is_unittest else "pytest",
    }


def pytest_collection_finish(session):
    out = session.config.getoption("ldb_collect_out")
    if not out:
        return
    rootdir = getattr(session.config, "rootpath", None) or session.config.rootdir
    result = {
        "pytestVersion": pytest.__version__,
        "pythonVersion": "%d.%d.%d" % sys.version_info[:3],
        "executable": sys.executable,
        "rootdir": str(rootdir),
        "items": [_item(item) for item in session.items],
        "errors": _errors,
    }
    tmp = "%s.%d.tmp" % (out, os.getpid())
    with open(tmp, "w", encoding="utf-8", errors="backslashreplace") as f:
        json.dump(result, f)
    os.replace(tmp, out)

"""The tracer runtime's main logic: load the user's module, run the test under the tracer, write
the result. ldb_tracer.py is the entry point; see there for the command line."""

import os
import sys

import _ast  # `ast` itself is a large module; compile() and these node classes are enough

import ldb_monitoring
import ldb_overlay
import ldb_settrace
from ldb_guard import LdbTimeout, TimeLimit, limit_memory, limit_resources, patch_os_exit
from ldb_io import claim_result_channel, read_config, to_json, write_result
from ldb_recorder import Recorder, exception_info
from ldb_testrun import classify, run_test
from ldb_values import cut_middle, set_repr_budget, value_repr

# Expected and actual values of a test are shown longer than the variables of a trace: they are
# what the person (and LDB's prompt, as "Real Execution Output") compares first.
OUTCOME_VALUE_FACTOR = 8
_ONLY_AST = 0x400  # ast.PyCF_ONLY_AST


class Run:
    def __init__(self, config):
        self.config = config
        self.file = config["file"]
        self.test = config.get("test") or {}
        self.limits = config["limits"]
        self.value_limit = max(int(self.limits["maxValueLength"]), 1)
        set_repr_budget(int(self.limits.get("reprTimeoutMs") or 0))
        self.rec = None
        self.timer = None
        self.uninstall = None
        self.tracer = None
        self.outcome = {"status": "error"}
        self.extra_limits = []

    # -- running -------------------------------------------------------------------------------

    def execute(self):
        ldb_overlay.install(self.config.get("overlay"))
        try:
            chunks = self.compile_user_file()
        except SyntaxError as e:
            self.outcome = {"status": "error", "exception": self.syntax_error(e)}
            return
        self.rec = Recorder(self.config, [c for c, _imports in chunks])
        self.install_tracer()
        env = self.make_module()
        self.timer = TimeLimit(int(self.limits["timeoutMs"]), self.file, self.write_provisional)
        patch_os_exit(self.on_os_exit)
        limit_resources(self.limits)
        restore_memory = limit_memory(int(self.limits["memoryBytes"]))
        out = {}
        exc = None
        try:
            self.timer.arm()
            for code, imports in chunks:
                if imports:
                    self.quietly(lambda: exec(code, env))
                else:
                    exec(code, env)
            run_test(self.test, env, self.show, self.cut, out)
        except BaseException as e:  # the user's code may raise anything, SystemExit included
            exc = e
        finally:
            tampered = self.uninstall is not None and self.rec.active and not self.rec.mechanism_intact()
            self.timer.disarm()
            self.stop_tracing()
            if restore_memory is not None:
                restore_memory()
        self.outcome = self.make_outcome(out, exc)
        # A pass with the tracer switched off by the program cannot be trusted. (A tracer that
        # raised, as at the time limit, is switched off by the interpreter: no pass either way.)
        if tampered and self.outcome.get("status") == "passed":
            self.outcome = {
                "status": "error",
                "exception": {
                    "type": "LdbTracerTampered",
                    "message": "the program switched the tracer off (%s): its trace and outcome cannot be trusted"
                    % ("sys.monitoring" if self.tracer == "monitoring" else "sys.settrace"),
                },
            }
        if exc is not None:
            self.mark_unwound_frames(exc)

    def compile_user_file(self):
        """[(code, imports only)] for the module's top level, compiled with the real file name
        (line numbers stay), without the statements that start on skipLines (the file's own test
        asserts). Runs of import statements are compiled apart so that they can run untraced."""
        source = self.config["source"]
        skip = set(self.config.get("skipLines") or ())
        tree = compile(source, self.file, "exec", _ONLY_AST, dont_inherit=True)
        body = [node for node in tree.body if node.lineno not in skip]
        if any(isinstance(node, _ast.ImportFrom) and node.module == "__future__" for node in body):
            tree.body = body  # a future import changes how the rest compiles: keep it whole
            return [(compile(tree, self.file, "exec", dont_inherit=True), False)]
        runs = []
        for node in body:
            imports = isinstance(node, (_ast.Import, _ast.ImportFrom))
            if runs and runs[-1][1] == imports:
                runs[-1][0].append(node)
            elif runs and _is_string(node):
                # A string first in a later part would be taken for the module's docstring.
                runs.append(([_located_pass(node), node], imports))
            else:
                runs.append(([node], imports))
        return [(compile(_ast.Module(body=nodes, type_ignores=[]), self.file, "exec", dont_inherit=True), imports)
                for nodes, imports in runs]

    def make_module(self):
        """A fresh module, registered in sys.modules so that pickle and dataclasses find it;
        not __main__, so `if __name__ == "__main__":` blocks do not run."""
        name = self.config.get("moduleName") or "user"
        if name in sys.modules:  # a file called os.py or json.py must not replace the real one
            name = "ldb_user_module"
        module = type(sys)(name)
        module.__file__ = self.file
        if "." in name:  # a module of a package: `from .pricing import x` resolves in its package
            module.__package__ = name.rpartition(".")[0]
        sys.modules[name] = module
        sys.path[0:1] = self.config.get("sysPath") or [os.path.dirname(self.file)]
        sys.argv = [self.file]
        return module.__dict__

    def install_tracer(self):
        self.quietly = _run
        if not self.rec.code_names:  # a plain run (verifying a fix): no tracer, no overhead
            return
        wanted = self.config.get("tracer") or os.environ.get("LDB_TRACER") or "monitoring"
        if wanted == "monitoring" and hasattr(sys, "monitoring"):
            self.tracer = "monitoring"
            self.uninstall, self.quietly = ldb_monitoring.install(self.rec)
        else:
            self.tracer = "settrace"
            self.uninstall, self.quietly = ldb_settrace.install(self.rec)

    def stop_tracing(self):
        if self.uninstall is not None:
            uninstall, self.uninstall = self.uninstall, None
            uninstall()

    # -- outcome -------------------------------------------------------------------------------

    def show(self, value):
        return value_repr(value, self.value_limit * OUTCOME_VALUE_FACTOR)

    def cut(self, text):
        return cut_middle(text, self.value_limit * OUTCOME_VALUE_FACTOR)

    def make_outcome(self, out, exc):
        outcome = {"status": out.get("status", "error"), "expected": out.get("expected"),
                   "actual": out.get("actual")}
        if self.timer is not None and self.timer.fired:
            outcome["status"] = "timeout"
            outcome["exception"] = self.timeout_info(exc)
        elif exc is not None:
            status, info = classify(exc, self.test, self.exception_where(exc))
            outcome["status"] = status
            outcome["exception"] = info
            if isinstance(exc, MemoryError) and self.limits.get("memoryBytes"):
                self.extra_limits.append({"limit": "memory", "value": int(self.limits["memoryBytes"]),
                                          "detail": "MemoryError under a limit of %d bytes"
                                          % int(self.limits["memoryBytes"])})
        return outcome

    def exception_where(self, exc):
        """ExceptionInfo with the innermost frame of the user's file in the traceback."""
        line = code = None
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self.file:
                line, code = tb.tb_lineno, tb.tb_frame.f_code
            tb = tb.tb_next
        return exception_info(exc, line, self.function_at(code, line), self.value_limit * OUTCOME_VALUE_FACTOR)

    def timeout_info(self, exc):
        if isinstance(exc, LdbTimeout):
            return self.exception_where(exc)
        info = {"type": "LdbTimeout", "message": "time limit of %s ms exceeded" % self.limits["timeoutMs"]}
        if self.timer is not None and self.timer.where is not None:
            line, code = self.timer.where
            info["line"] = line
            function = self.function_at(code, line)
            if function is not None:
                info["function"] = function
        return info

    def function_at(self, code, line):
        """Qualified name of the user function running `code`; a lambda or a comprehension
        counts as the innermost function around its line, module-level code as none."""
        if code is None:
            return None
        name = self.rec.code_names.get(code) if self.rec is not None else None
        if name is not None or line is None:
            return name
        best = None
        for f in self.config.get("functions") or ():
            if f["startLine"] <= line <= f["endLine"] and (best is None or f["startLine"] >= best["startLine"]):
                best = f
        return best["qualifiedName"] if best is not None else None

    def syntax_error(self, e):
        info = {"type": type(e).__name__, "message": str(e.msg)}
        if getattr(e, "lineno", None) and (e.filename == self.file):
            info["line"] = e.lineno
        return info

    def mark_unwound_frames(self, exc):
        """Frames the exception went through but the tracer did not see leave (tracing stopped
        by a limit, or a callback that had no stack left) still get `raised` on their visit."""
        rec = self.rec
        if rec is None:
            return
        lines = {}
        tb = exc.__traceback__
        while tb is not None:
            lines[tb.tb_frame] = tb.tb_lineno
            tb = tb.tb_next
        for st in rec.open_calls():
            v = st.visit
            if v is not None and v.raised is None and v.returned is None and st.frame in lines:
                v.raised = exception_info(exc, lines[st.frame], st.function, self.value_limit * 4)

    # -- writing -------------------------------------------------------------------------------

    def result(self):
        rec = self.rec
        visits, dropped, limits = [], 0, []
        if rec is not None:
            rec.close_open_visits()
            visits, dropped, limits = rec.result_visits(), rec.dropped, rec.result_limits()
        return {"outcome": self.outcome, "visits": visits, "droppedVisits": dropped,
                "limits": limits + self.extra_limits, "tracer": self.tracer,
                "pythonVersion": "%d.%d.%d" % sys.version_info[:3], "executable": sys.executable}

    def write(self):
        write_result(self.config, to_json(self.result()))

    def write_provisional(self):
        """At the first alarm: a timeout result, replaced by the real one if the process lives."""
        self.outcome = {"status": "timeout", "exception": self.timeout_info(None)}
        self.write()

    def on_os_exit(self, status):
        if self.timer is not None:
            self.timer.disarm()
        self.stop_tracing()
        info = {"type": "SystemExit", "message": "os._exit(%s)" % (status,)}
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename != self.file:
            frame = frame.f_back
        if frame is not None:
            info["line"] = frame.f_lineno
            function = self.function_at(frame.f_code, frame.f_lineno)
            if function is not None:
                info["function"] = function
        self.outcome = {"status": "error", "exception": info}
        if self.rec is not None:  # the frames still running end here: say so on their visits
            for st in self.rec.open_calls():
                v = st.visit
                if v is not None and v.raised is None and v.returned is None:
                    v.raised = dict(info, line=st.frame.f_lineno, function=st.function)
        self.write()
        _flush_std_streams()


def _flush_std_streams():
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except Exception:
            pass


def _internal_error(config, error):
    """Our own failure: say so in the result rather than dying silently."""
    # Formatted by hand: `import traceback` here could pick up a user's traceback.py (the user's
    # folder is on sys.path by now), and importing it up front would cost every run ~10 ms.
    try:
        lines = []
        tb = error.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            lines.append('  File "%s", line %d, in %s\n' % (code.co_filename, tb.tb_lineno, code.co_name))
            tb = tb.tb_next
        message = "Traceback (most recent call last):\n%s%s: %s\n" % ("".join(lines), type(error).__name__, error)
    except BaseException:
        message = repr(error)
    outcome = {"status": "error", "exception": {"type": "LdbInternalError", "message": message}}
    write_result(config, to_json({"outcome": outcome, "visits": [], "droppedVisits": 0, "limits": [],
                                  "pythonVersion": "%d.%d.%d" % sys.version_info[:3], "executable": sys.executable}))


def main(argv):
    real_exit = os._exit
    config = None
    code = 0
    try:
        config = read_config(argv[1])
        claim_result_channel(config)
        run = Run(config)
        run.execute()
        run.write()
    except BaseException as error:
        code = 1
        if config is not None and (config.get("resultPath") or config.get("resultFd") is not None):
            try:
                _internal_error(config, error)
                code = 0
            except BaseException:
                pass
    _flush_std_streams()
    # Skip the interpreter's teardown: the result is written, and a user's non-daemon thread
    # must not keep the process alive until the hard kill.
    real_exit(code)


def _run(run):
    run()


def _is_string(node):
    return isinstance(node, _ast.Expr) and isinstance(node.value, _ast.Constant) and type(node.value.value) is str


def _located_pass(node):
    stmt = _ast.Pass()
    for attr in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
        setattr(stmt, attr, getattr(node, attr, None))
    return stmt

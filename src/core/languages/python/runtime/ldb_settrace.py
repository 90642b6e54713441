"""Line events through sys.settrace (3.8 to 3.11, or forced with LDB_TRACER=settrace).

The global trace function sees every call; it returns None for code that is not a user function,
so only user frames pay for line events.
"""

import opcode  # here, not later: a user's opcode.py must not replace it (see ldb_guard)
import sys

from ldb_recorder import GENERATOR_FLAGS
from ldb_values import SWALLOW_RECURSION_ERROR

# Near the recursion limit our own bookkeeping may fail. From 3.10 on, that frame is then simply
# not traced. Before, the error goes on to the program (see ldb_values.SWALLOW_RECURSION_ERROR):
# sys.settrace switches tracing off when a trace function raises, and the program fails as it
# would have a frame later.
def _recursion_error():
    """The program gets the plain error, not one that names our repr() call."""
    if not SWALLOW_RECURSION_ERROR:
        raise RecursionError("maximum recursion depth exceeded") from None


def install(rec):
    code_names = rec.code_names
    block_first = rec.block_first
    stack = rec.stack
    begin = rec.begin
    budget = rec.next_events()
    is_yield = None
    previous = sys.gettrace()

    resolve = rec.resolve
    not_traced = set()  # with resolve: the code objects met that are not traced

    def on_call(frame, event, arg):
        # Called for every Python call of the program: the common case (not a user function)
        # must cost one dict lookup (two with resolve) and nothing more.
        function = code_names.get(frame.f_code)
        if function is None:
            if resolve is None or frame.f_code in not_traced:
                return None
            # First met (a module imported after tracing began): which function it is, once.
            function = resolve(frame.f_code)
            if function is None:
                not_traced.add(frame.f_code)
                return None
            code_names[frame.f_code] = function
        try:
            if not rec.active:
                return None
            code = frame.f_code
            st = rec.resume(frame) if code.co_flags & GENERATOR_FLAGS else None
            if st is None:
                st = rec.enter(frame, code, function)
                if st is None:
                    return None
            return _local(st)
        except RecursionError:
            _recursion_error()
            return None

    def _local(st):
        def local(frame, event, arg):
            nonlocal budget, is_yield
            try:
                if event == "line":
                    line = frame.f_lineno
                    lasti = frame.f_lasti
                    block = st.lines.get(line)
                    # A new visit: another block, or the first line of this block again through a
                    # backward jump (the instruction offset went down: a loop of one block).
                    if block is not None and (
                        block != st.block or (line < st.line and lasti < st.lasti and line == block_first[block])
                    ):
                        begin(st, block)
                        if not rec.active:  # the trace size limit was hit
                            return None
                    st.line = line
                    st.lasti = lasti
                    st.exc = None
                    budget -= 1
                    if budget <= 0:
                        budget = rec.next_events()
                        if not budget:
                            return None
                elif event == "return":
                    if st.exc is not None:
                        rec.leave(st, None, st.exc[0], st.exc[1])
                    elif frame.f_code.co_flags & GENERATOR_FLAGS:
                        if is_yield is None:
                            is_yield = _yield_detector()
                        if is_yield(frame.f_code.co_code, frame.f_lasti):
                            rec.suspend(st)
                        else:
                            rec.leave(st, arg, None, frame.f_lineno)
                    else:
                        rec.leave(st, arg, None, frame.f_lineno)
                elif event == "exception":
                    st.exc = (arg[1], frame.f_lineno)
            except RecursionError:
                _recursion_error()
            return local

        return local

    def uninstall():
        sys.settrace(previous)
        for st in stack + list(rec.suspended.values()):
            try:
                st.frame.f_trace = None
            except Exception:
                pass

    def quietly(run):
        """Run without call events: the module's imports (a user function cannot run during
        them, and importing a library under a Python-level trace function is much slower)."""
        sys.settrace(previous)
        try:
            run()
        finally:
            if rec.active:
                sys.settrace(on_call)

    rec.on_stop = uninstall
    rec.mechanism_intact = lambda: sys.gettrace() is on_call
    sys.settrace(on_call)
    return uninstall, quietly


def _yield_detector():
    """Tell a generator's yield from its return in a 'return' event, by the instruction at f_lasti.

    sys.settrace reports both as 'return'; where f_lasti points differs between versions.
    """
    yield_value = opcode.opmap["YIELD_VALUE"]
    yield_from = opcode.opmap.get("YIELD_FROM", -1)
    version = sys.version_info[:2]
    if version < (3, 11):
        # `yield from` / `await` park f_lasti on the instruction before YIELD_FROM.
        def is_yield(code, i):
            return code[i] in (yield_value, yield_from) or (i + 2 < len(code) and code[i + 2] == yield_from)
    elif version < (3, 13):
        def is_yield(code, i):
            return code[i] == yield_value
    else:
        # 3.13 reports the instruction after YIELD_VALUE (the RESUME).
        def is_yield(code, i):
            return i >= 2 and code[i - 2] == yield_value
    return is_yield

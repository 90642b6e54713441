"""Line events through sys.monitoring (PEP 669, Python 3.12+).

Events are switched on per code object, for the user's functions only: the rest of the program,
the standard library included, runs at full speed. PY_UNWIND and PY_THROW exist only as global
events; their callbacks return at once for other code.

Callbacks run with the user's frame one level up (sys._getframe(1)). Only the main thread is
traced: sys.monitoring is process-wide, and the visits of other threads would interleave.
"""

import sys
from _thread import get_ident


def install(rec):
    mon = sys.monitoring
    events = mon.events
    tool = _claim_tool(mon)
    code_names = rec.code_names
    block_first = rec.block_first
    stack = rec.stack
    begin = rec.begin
    getframe = sys._getframe
    main = get_ident()
    budget = rec.next_events()
    line_ends = {}  # code -> {line: offset of its last instruction}

    def state_of(code, frame):
        """The CallState running `frame`; drops states of frames that ended unnoticed."""
        if stack and stack[-1].frame is frame:
            return stack[-1]
        for i in range(len(stack) - 1, -1, -1):
            if stack[i].frame is frame:
                rec.drop_above(i)
                return stack[i]
        return None

    def came_back(code, prev_line, frame):
        # True when execution jumped back to before the end of the previous line (a loop), as
        # opposed to returning to the first line of a statement spread over several lines.
        ends = line_ends.get(code)
        if ends is None:
            ends = line_ends[code] = {}
            for start, _end, line in code.co_lines():
                if line is not None and start > ends.get(line, -1):
                    ends[line] = start
        return frame.f_lasti <= ends.get(prev_line, -1)

    def on_line(code, line):
        nonlocal budget
        try:
            st = stack[-1] if stack else None
            if st is None or st.code is not code:
                if get_ident() != main:
                    return
                st = state_of(code, getframe(1))
                if st is None:
                    return
            block = st.lines.get(line)
            if block is not None and (
                block != st.block
                or (line < st.line and line == block_first[block] and came_back(code, st.line, getframe(1)))
            ):
                begin(st, block)
                if not rec.active:
                    return
            st.line = line
            budget -= 1
            if budget <= 0:
                budget = rec.next_events()
        except RecursionError:  # the user's recursion left no stack: skip this event
            pass

    resolve = rec.resolve
    disable = mon.DISABLE

    def on_start(code, _offset):
        try:
            function = code_names.get(code)
            if function is None:
                # The global PY_START (only with resolve): a code object met for the first time.
                # Not traced: never again reported for it. Traced: its own events from now on,
                # this call included.
                function = resolve(code)
                if function is None:
                    return disable
                code_names[code] = function
                mon.set_local_events(tool, code, local)
            if get_ident() == main:
                rec.enter(getframe(1), code, function)
        except RecursionError:
            pass

    def on_resume(code, _offset, _exc=None):
        try:
            if code in code_names and get_ident() == main:
                frame = getframe(1)
                if rec.resume(frame) is None:
                    rec.enter(frame, code, code_names[code])
        except RecursionError:
            pass

    def on_yield(code, _offset, _value):
        try:
            frame = getframe(1)
            st = state_of(code, frame)
            if st is not None:
                rec.suspend(st)
        except RecursionError:
            pass

    def on_return(code, _offset, value):
        try:
            frame = getframe(1)
            st = state_of(code, frame)
            if st is not None:
                rec.leave(st, value, None, frame.f_lineno)
        except RecursionError:
            pass

    def on_unwind(code, _offset, exc):
        if code not in code_names:
            return
        try:
            frame = getframe(1)
            st = state_of(code, frame)
            if st is not None:
                rec.leave(st, None, exc, frame.f_lineno)
        except RecursionError:
            pass

    local = events.PY_START | events.PY_RESUME | events.PY_RETURN | events.PY_YIELD | events.LINE
    callbacks = (
        (events.LINE, on_line),
        (events.PY_START, on_start),
        (events.PY_RESUME, on_resume),
        (events.PY_THROW, on_resume),
        (events.PY_YIELD, on_yield),
        (events.PY_RETURN, on_return),
        (events.PY_UNWIND, on_unwind),
    )
    for event, callback in callbacks:
        mon.register_callback(tool, event, callback)
    for code in code_names:
        mon.set_local_events(tool, code, local)
    # With resolve, every code object's first start is seen (then switched off for those not
    # traced): a module imported while the test runs is traced as one imported before.
    watched = events.PY_UNWIND | events.PY_THROW | (events.PY_START if resolve is not None else 0)
    mon.set_events(tool, watched)

    def uninstall():
        if mon.get_tool(tool) is None:
            return
        mon.set_events(tool, 0)
        for code in code_names:
            mon.set_local_events(tool, code, 0)
        for event, _callback in callbacks:
            mon.register_callback(tool, event, None)
        mon.free_tool_id(tool)

    rec.on_stop = uninstall
    rec.mechanism_intact = lambda: mon.get_tool(tool) == "ldb" and mon.get_events(tool) == watched
    return uninstall, _run  # events are per code object: imports cost nothing, no need to pause


def _run(run):
    run()


def _claim_tool(mon):
    for tool in (mon.DEBUGGER_ID, mon.PROFILER_ID, 3, 4):
        if mon.get_tool(tool) is None:
            mon.use_tool_id(tool, "ldb")
            return tool
    raise RuntimeError("no free sys.monitoring tool id")

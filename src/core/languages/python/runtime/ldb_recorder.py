"""Block visits, independent of how line events are obtained (sys.settrace or sys.monitoring).

A visit of a block begins when a frame's line event maps to another block than the frame's
current one, or comes back to the first line of the same block through a backward jump (a loop
made of a single block). Its `before` is the frame's locals when it begins, its `after` the
locals when the next visit of the same frame begins, or when the frame returns or raises. One
snapshot serves as the `after` of a visit and the `before` of the next: they are the same moment.

Only the frame's own variables are shown: names like `__class__` and compiler temporaries are
left out, and so are values that are modules, functions, methods or classes (as LDB does).
"""

import sys
from time import perf_counter as _clock

from ldb_values import SWALLOW_RECURSION_ERROR, cut_middle, value_repr

_FunctionType = type(value_repr)
_BuiltinType = type(len)


class _Probe:
    def method(self):
        pass


_HIDDEN_TYPES = (type(sys), _FunctionType, _BuiltinType, type(_Probe().method), type)
_CodeType = type(value_repr.__code__)
# Generator, coroutine, async generator and iterable coroutine frames suspend and resume.
GENERATOR_FLAGS = 0x20 | 0x80 | 0x100 | 0x200
# Values whose text cannot change while the same object stays bound to a name.
_IMMUTABLE_TYPES = frozenset((str, bytes, int, complex))
# Ints this small have a short repr at no risk (the int -> str conversion is quadratic).
_SMALL_INT = 10**18
# Line events between two looks at the event limit and the clock.
_EVENTS_PER_CHECK = 4096
# What a visit costs in the written trace besides its variables (keys, numbers, punctuation).
_VISIT_OVERHEAD = 120


class Visit:
    __slots__ = ("block", "function", "call", "depth", "iteration", "before", "after", "returned",
                 "raised", "seq", "size", "after_size", "kept")

    def as_dict(self):
        return {"block": self.block, "function": self.function, "call": self.call, "depth": self.depth,
                "iteration": self.iteration, "before": self.before,
                "after": self.after if self.after is not None else {}, "returned": self.returned,
                "raised": self.raised, "seq": self.seq}


class CallState:
    """One traced call of a user function: its frame and where it is."""

    __slots__ = ("frame", "code", "function", "lines", "call", "depth", "block", "line", "lasti", "visit",
                 "counts", "exc", "texts")

    def __init__(self, frame, code, function, lines, call, depth):
        self.frame = frame
        self.lines = lines  # line -> block, for this function's own lines
        self.code = code
        self.function = function
        self.call = call
        self.depth = depth
        self.block = None
        self.line = 0
        self.lasti = -1
        self.visit = None
        self.counts = {}
        self.exc = None  # settrace: (exception, line) seen and not handled in this frame yet
        self.texts = {}  # name -> (immutable value, its text) at the last snapshot


class Recorder:
    def __init__(self, config, module_codes):
        limits = config["limits"]
        self.file = config["file"]
        line_to_block = {int(line): block for line, block in config["lineToBlock"].items()}
        self.block_first = {}
        for line in sorted(line_to_block):
            self.block_first.setdefault(line_to_block[line], line)
        self.code_names = _user_functions(module_codes, config["functions"])
        # Under pytest: code -> traced name or None, for a code object met for the first time (a
        # module imported during the test). None: only the code_names known up front are traced.
        self.resolve = None
        # Under pytest: whether a call made with no traced frame running is the test runner's own
        # doing (a repr for an assertion's message), not the test's: not recorded. None: all are.
        self.outside = None
        self.lines_of = _lines_by_function(line_to_block, config["functions"])
        self.value_limit = max(int(limits["maxValueLength"]), 1)
        self.max_events = int(limits["maxEvents"])
        self.events_counted = 0
        self.events_granted = 0
        self.trace_deadline = _clock() + int(limits["timeoutMs"]) / 2000.0
        self.max_bytes = int(limits["maxTraceBytes"])
        self.max_visits = max(int(limits["maxVisits"]), 0)
        self.head_cap = self.max_visits // 2
        self.tail_cap = self.max_visits - self.head_cap
        self.head = []
        self.ring = []
        self.ring_pos = 0
        self.dropped = 0
        self.seq = 0
        self.calls = 0
        self.kept_bytes = 0
        self.stack = []  # CallStates of the traced frames now running, innermost last
        self.suspended = {}  # frame -> CallState of generators between a yield and a resume
        self.lost = []  # CallStates whose end was missed (see drop_above)
        self.limits_hit = []
        self.active = True
        self.on_stop = None  # the tracing mechanism's switch-off, set when it is installed
        # Whether the mechanism is still in place (the program may have switched it off), set
        # with on_stop; only asked while the recorder is active.
        self.mechanism_intact = lambda: True

    # -- frames --------------------------------------------------------------------------------

    def enter(self, frame, code, function):
        """The call's state, or None when it is not recorded (see `outside`)."""
        if not self.stack and self.outside is not None and self.outside(frame):
            return None
        st = CallState(frame, code, function, self.lines_of.get(function, {}), self.calls, len(self.stack))
        self.calls += 1
        self.stack.append(st)
        return st

    def resume(self, frame):
        st = self.suspended.pop(frame, None)
        if st is not None:
            st.depth = len(self.stack)
            self.stack.append(st)
        return st

    def suspend(self, st):
        """A generator yielded: its visit stays open, with the locals of now as a provisional after."""
        if st.visit is not None:
            self._set_after(st.visit, st)
        self._pop(st)
        self.suspended[st.frame] = st

    def leave(self, st, value, exc, line):
        if st.visit is None and st.lines:
            # A body without a line event (only a docstring, on 3.11+) still ran: one visit of
            # its first block, so that the call and its return value are in the trace.
            self.begin(st, st.lines[min(st.lines)])
        v = st.visit
        if v is not None:
            self._set_after(v, st)
            if isinstance(exc, GeneratorExit):
                pass  # a generator closed before its end (often by the garbage collector): no error
            elif exc is not None:
                v.raised = exception_info(exc, line, st.function, self.value_limit * 4)
            else:
                v.returned = value_repr(value, self.value_limit)
        self._pop(st)
        self.suspended.pop(st.frame, None)

    def _pop(self, st):
        stack = self.stack
        if stack and stack[-1] is st:
            stack.pop()
        elif st in stack:  # an event was missed (a callback interrupted): drop what sat above it
            self.drop_above(stack.index(st) - 1)

    def drop_above(self, index):
        """Frames above stack[index] ended without us seeing it; finish() still closes their visits."""
        self.lost.extend(self.stack[index + 1 :])
        del self.stack[index + 1 :]

    # -- visits --------------------------------------------------------------------------------

    def begin(self, st, block):
        before, size = self.snapshot(st)
        prev = st.visit
        if prev is not None:
            self._store_after(prev, before, size)
        counts = st.counts
        iteration = counts.get(block, 0)
        counts[block] = iteration + 1
        v = Visit()
        v.block = block
        v.function = st.function
        v.call = st.call
        v.depth = st.depth
        v.iteration = iteration
        v.before = before
        v.after = None
        v.after_size = 0
        v.returned = None
        v.raised = None
        v.seq = self.seq
        v.size = size + _VISIT_OVERHEAD + len(block) + len(st.function)
        self.seq += 1
        st.visit = v
        st.block = block
        self._keep(v)

    def _keep(self, v):
        """The first half of the visit budget is kept as it comes, the last half in a ring."""
        if len(self.head) < self.head_cap:
            self.head.append(v)
        elif self.tail_cap == 0:
            v.kept = False
            self.dropped += 1
            return
        elif len(self.ring) < self.tail_cap:
            self.ring.append(v)
        else:
            old = self.ring[self.ring_pos]
            old.kept = False
            self.kept_bytes -= old.size + old.after_size
            self.dropped += 1
            self.ring[self.ring_pos] = v
            self.ring_pos = (self.ring_pos + 1) % self.tail_cap
        v.kept = True
        self.kept_bytes += v.size
        if self.kept_bytes > self.max_bytes:
            self.stop("trace", self.max_bytes, "the trace reached %d bytes: recording stopped" % self.max_bytes)

    def _set_after(self, v, st):
        after, size = self.snapshot(st)
        self._store_after(v, after, size)

    def _store_after(self, v, after, size):
        v.after = after
        if v.kept:
            self.kept_bytes += size - v.after_size
        v.after_size = size

    def snapshot(self, st):
        """(name -> bounded repr, approximate JSON size) of the call's own variables.

        Plain numbers are rendered right here, without a call: it is faster, and at the bottom of a
        runaway recursion there is no stack left for calls (values that need one then show as
        `<repr failed: RecursionError>`). An immutable value still bound to the same name as at
        the last snapshot of the call keeps its text: a loop does not render its invariants again.
        """
        out = {}
        limit = self.value_limit
        known = st.texts
        try:
            for name, value in list(st.frame.f_locals.items()):
                first = name[0]
                if first == "." or first == "_" and name[:2] == "__" and name[-2:] == "__":
                    continue
                t = type(value)
                if t is int and -_SMALL_INT < value < _SMALL_INT or t is float or t is bool or value is None:
                    text = repr(value)
                elif t in _IMMUTABLE_TYPES:
                    seen = known.get(name)
                    if seen is not None and seen[0] is value:
                        text = seen[1]
                    else:
                        text = value_repr(value, limit)
                        known[name] = (value, text)
                else:
                    try:
                        if isinstance(value, _HIDDEN_TYPES):
                            continue
                    except Exception:  # a proxy object whose __class__ raises
                        pass
                    text = value_repr(value, limit)
                out[name] = text
        except RecursionError:
            if not SWALLOW_RECURSION_ERROR:
                raise
        # About what the JSON will take: names, texts, quotes and separators.
        return out, sum(map(len, out)) + sum(map(len, out.values())) + 6 * len(out) + 2

    # -- the event budget ----------------------------------------------------------------------

    def next_events(self):
        """How many more line events the mechanism may count before asking again; 0 = stop.

        Tracing stops at maxEvents, and also at half the time limit once visits are being dropped:
        a long loop costs a few microseconds per traced line, so a program that runs in a second
        could take ten traced. Untraced, it can still finish in time, and the trace has its start
        and the visits up to that point.
        """
        self.events_counted += self.events_granted
        if self.events_counted >= self.max_events:
            self.stop("events", self.max_events, "%d line events: tracing stopped" % self.max_events)
            return 0
        if self.dropped and _clock() > self.trace_deadline:
            self.stop("events", self.events_counted,
                      "tracing stopped after %d line events at half the time limit" % self.events_counted)
            return 0
        self.events_granted = min(_EVENTS_PER_CHECK, self.max_events - self.events_counted)
        return self.events_granted

    # -- the end -------------------------------------------------------------------------------

    def stop(self, limit, value, detail):
        """Stop tracing for good (a limit was hit); the program runs on untraced."""
        if not self.active:
            return
        self.active = False
        self.limits_hit.append({"limit": limit, "value": value, "detail": detail})
        self.close_open_visits()
        if self.on_stop is not None:
            self.on_stop()

    def close_open_visits(self):
        """Frames still running (or suspended) get the locals of now as the after of their visit."""
        for st in self.open_calls():
            v = st.visit
            if v is not None and v.after is None:
                try:
                    self._set_after(v, st)
                except Exception:
                    v.after = {}

    def open_calls(self):
        return self.stack + self.lost + list(self.suspended.values())

    def result_visits(self):
        kept = self.head + self.ring[self.ring_pos:] + self.ring[: self.ring_pos]
        return [v.as_dict() for v in kept]

    def result_limits(self):
        hits = list(self.limits_hit)
        if self.dropped:
            hits.append({"limit": "visits", "value": self.max_visits,
                         "detail": "%d block visits recorded: the first %d and the last %d are kept"
                         % (self.seq, len(self.head), len(self.ring))})
        return hits


def exception_info(exc, line, function, limit):
    try:
        message = str(exc)
    except Exception as e:
        message = "<str failed: %s>" % type(e).__name__
    info = {"type": type(exc).__name__, "message": cut_middle(message, limit)}
    if line is not None:
        info["line"] = line
    if function is not None:
        info["function"] = function
    return info


def _user_functions(module_codes, functions):
    """code object -> qualified name, for every function of the user's file the segmenter knows.

    A code object is known by (co_firstlineno, co_name), which the segmenter gives as
    (startLine, name); lambdas, comprehensions and class bodies are not functions here.
    """
    wanted = {(f["startLine"], f["name"]): f["qualifiedName"] for f in functions}
    found = {}
    todo = list(module_codes)
    while todo:
        code = todo.pop()
        for const in code.co_consts:
            if type(const) is _CodeType:
                name = wanted.get((const.co_firstlineno, const.co_name))
                if name is not None:
                    found[const] = name
                todo.append(const)
    return found


def _lines_by_function(line_to_block, functions):
    """function -> {line -> block}: a frame only looks at its own function's blocks.

    A nested function written on one line (`def key(p): return p[1]`) shares its line with the
    enclosing function; the map gives that line to the nested one, and the enclosing frame's event
    for it must not start a visit of a block of another function. Block ids are `function#i` (or
    `function@Lline` at line level); a block whose owner cannot be told goes to every function.
    """
    names = {f["qualifiedName"] for f in functions}
    out = {name: {} for name in names}
    for line, block in line_to_block.items():
        owner = block.rsplit("#", 1)[0] if "#" in block else block.rsplit("@L", 1)[0]
        if owner in out:
            out[owner][line] = block
        else:
            for lines in out.values():
                lines[line] = block
    return out

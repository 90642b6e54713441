"""Bounded, never-failing repr of the values a trace records.

The cost of rendering a value is bounded by the length limit, not by the size of the value: a
list of 10**7 ints renders as fast as a list of ten, because containers are rendered item by
item from both ends until the budget is spent, and strings are sliced before repr().

Format (also documented in the TypeScript RunResult consumers):
  fits in `limit` chars      exactly repr(value)
  list / tuple / dict        whole items from the head and the tail, the middle replaced by
                             `...(N more items)...`:  [0, 1, 2, ...(9,994 more items)..., 9999]
  set / frozenset            head items only (no order to speak of): {1, 2, ...(98 more items)}
  str / bytes                head and tail of the text: 'abc...(999,990 more chars)...xyz'
  any other repr             head and tail of repr(): Foo(a=1, ...(1,234 more chars)..., z=3)
  int over ~4,300 digits     <int with ~12,345 digits>  (3.11+ refuses to repr them)
  repr() raises              <repr failed: ValueError>
  repr() runs past budget    <repr timed out>  (that type's repr is not called again)
  object without __repr__    <Point x=1, y=[1, 2]>  (its attributes, instead of an address)
Addresses (` at 0x7f...`) are removed from default reprs so traces are deterministic.
"""

import sys

import _signal


class ReprTimedOut(BaseException):
    """Raised in a user's __repr__ that ran past its budget (a BaseException, so that the
    user's `except Exception:` does not swallow it)."""


_TIMED_OUT = "<repr timed out>"
# CPU seconds one user __repr__ may take (0: no budget); SIGPROF ends it. A __repr__ that waits
# without using CPU (sleep, a lock) is stopped by the run's time limit instead (ldb_guard).
_budget_s = 0.0
# How often SIGPROF comes back if the __repr__ catches the first one.
_REPEAT_S = 0.05
# Types whose __repr__ ran out of time once: a trace would otherwise pay the budget at every visit.
_slow_types = set()
# The type whose user __repr__ runs now (the innermost), or None.
_current = None


def set_repr_budget(ms):
    """Give every user __repr__ `ms` ms of CPU time; where setitimer exists (POSIX)."""
    global _budget_s
    if ms > 0 and hasattr(_signal, "setitimer"):
        _budget_s = ms / 1000.0
        _signal.signal(_signal.SIGPROF, _on_budget_spent)


def _on_budget_spent(_signum, _frame):
    if interrupt_repr():
        raise ReprTimedOut()


def interrupt_repr():
    """If a user __repr__ is running, mark its type as slow and say so (the caller raises)."""
    if _current is None:
        return False
    _slow_types.add(_current)
    return True


def _user_repr(v, t):
    """repr(v) of a type that defines its own __repr__, within the budget."""
    global _current
    outer = _current
    _current = t
    if outer is not None:  # inside another user __repr__: its budget covers this one too
        try:
            return repr(v)
        finally:
            _current = outer
    if _budget_s:
        _signal.setitimer(_signal.ITIMER_PROF, _budget_s, _REPEAT_S)
    try:
        return repr(v)
    except ReprTimedOut:
        return _TIMED_OUT
    finally:
        if _budget_s:
            _signal.setitimer(_signal.ITIMER_PROF, 0, 0)
        _current = None

# Before 3.10 a RecursionError must not be swallowed near the recursion limit: the interpreter
# stops raising new ones until the stack unwinds, and the program's own recursion then ends in a
# fatal "Cannot recover from stack overflow". There, it goes on to the program (which is where
# it was headed anyway); from 3.10 on, the value just shows as a marker.
SWALLOW_RECURSION_ERROR = sys.version_info >= (3, 10)

_MORE_ITEMS = "...(%s more item%s)..."
_MORE_CHARS = "...(%s more char%s)..."
# Inside a container a cut is marked with `...` alone: a count per nesting level would take more
# room than the values themselves.
_NESTED_MORE = "..."
# The smallest budget a nested item gets, so a deep structure still shows something per level.
_MIN_ITEM = 12
# Containers nested deeper than this show as `[...]`, so rendering never exhausts the stack.
_MAX_DEPTH = 24
# Above this many bits, int -> str is quadratic and 3.11+ raises ValueError (4,300 digits).
_MAX_INT_BITS = 14000

_object_repr = object.__repr__
_list_repr = list.__repr__
_tuple_repr = tuple.__repr__
_dict_repr = dict.__repr__
_set_repr = set.__repr__
_frozenset_repr = frozenset.__repr__


def _count(n):
    """`9,994`, `s` (the number and the plural ending the markers take)."""
    return format(n, ","), "" if n == 1 else "s"


def value_repr(value, limit):
    """repr(value) in at most about `limit` characters; never raises an Exception."""
    try:
        return _render(value, limit, set())
    except RecursionError:
        if not SWALLOW_RECURSION_ERROR:
            raise
        return "<repr failed: RecursionError>"
    except Exception as e:  # a user __repr__ may raise anything
        return "<repr failed: %s>" % type(e).__name__


def cut_middle(text, limit, nested=False):
    """Keep the head (2/3) and the tail (1/3) of `text`, naming how much was left out."""
    n = len(text)
    if n <= limit:
        return text
    space = max(limit - len(_chars_marker(n, nested)), 2)
    head = (space * 2 + 2) // 3
    tail = space - head
    return text[:head] + _chars_marker(n - head - tail, nested) + (text[n - tail :] if tail else "")


def _chars_marker(count, nested):
    return _NESTED_MORE if nested else _MORE_CHARS % _count(count)


def _items_marker(count, nested, closes):
    if nested:
        return _NESTED_MORE
    # A set has no tail: its marker closes the list instead of sitting between two parts.
    return _MORE_ITEMS[:-3] % _count(count) if closes else _MORE_ITEMS % _count(count)


def _render(v, limit, active):
    t = type(v)
    nested = bool(active)
    if t is str:
        return _text(v, limit, "", nested)
    if t is int:
        return _int(v, limit, nested)
    if t is float or t is bool or v is None:
        return repr(v)
    r = t.__repr__
    if r is _list_repr:
        return _sequence(v, limit, active, "[", "]", False)
    if r is _tuple_repr:
        return _sequence(v, limit, active, "(", ")", True)
    if r is _dict_repr:
        return _dict(v, limit, active)
    if r is _set_repr or r is _frozenset_repr:
        return _set(v, limit, active)
    if t is bytes or t is bytearray:
        return _text(v, limit, "bytearray(" if t is bytearray else "", nested)
    if r is _object_repr:
        return _plain_object(v, limit, active)
    if t in _slow_types:
        return _TIMED_OUT
    text = _user_repr(v, t)
    if text is _TIMED_OUT:
        return text
    if type(text) is not str:
        raise TypeError("__repr__ returned non-string")
    return cut_middle(_strip_address(text), limit, nested)


def _int(v, limit, nested):
    if v.bit_length() > _MAX_INT_BITS:
        return "<int with ~%s digits>" % _count(int(v.bit_length() * 0.30103) + 1)[0]
    try:
        return cut_middle(repr(v), limit, nested)
    except ValueError:  # sys.set_int_max_str_digits() was lowered
        return "<int with ~%s digits>" % _count(int(v.bit_length() * 0.30103) + 1)[0]


def _text(v, limit, prefix, nested):
    """str, bytes and bytearray: slice first, repr only what is shown."""
    n = len(v)
    if n <= limit:
        text = repr(v)
        if len(text) <= limit:
            return text
    space = max(limit - len(_chars_marker(n, nested)) - 3 - 2 * len(prefix), 2)
    head = min((space * 2 + 2) // 3, n)
    tail = min(space - head, n - head)
    # Escapes make a repr longer than its slice: shrink the slices until they fit.
    while True:
        rh = _inner_repr(v[:head])
        rt = _inner_repr(v[n - tail :]) if tail else ("", rh[1], "")
        shown = len(rh[0]) + len(rt[0])
        if shown <= space or head + tail <= 2:
            break
        head = max(1, min(head - 1, head * space // shown))
        tail = max(0, min(tail - 1, tail * space // shown))
    quote = rh[1]
    body_tail = rt[0] if rt[1] == quote else rt[0].replace(quote, "\\" + quote)
    marker = _chars_marker(n - head - tail, nested)
    if prefix:
        return "%s%s%s%s%s%s)" % (prefix, rh[2], rh[0], marker, body_tail, quote)
    return "%s%s%s%s%s" % (rh[2], rh[0], marker, body_tail, quote)


def _inner_repr(piece):
    """(body, quote, opening) of repr(piece): body without its quotes."""
    text = repr(piece)
    if text.startswith("bytearray("):
        text = text[10:-1]
    start = text.index(text[-1])
    return text[start + 1 : -1], text[-1], text[: start + 1]


def _sequence(v, limit, active, open_, close, is_tuple):
    n = len(v)
    if n == 0:
        return open_ + close
    if id(v) in active or len(active) >= _MAX_DEPTH:
        return open_ + "..." + close
    active.add(id(v))
    try:
        return _items(
            limit,
            n,
            (open_, close, ",)" if is_tuple and n == 1 else close),
            v.__getitem__,
            lambda i: v[n - 1 - i],
            lambda item, lim: _render(item, lim, active),
            active,
        )
    finally:
        active.discard(id(v))


def _dict(v, limit, active):
    if not v:
        return "{}"
    if id(v) in active or len(active) >= _MAX_DEPTH:
        return "{...}"
    active.add(id(v))
    try:
        head = iter(v.items())
        tail = iter(reversed(v.items()))

        def pair(item, lim):
            k = _render(item[0], lim, active)
            return k + ": " + _render(item[1], max(lim - len(k) - 2, _MIN_ITEM), active)

        return _items(limit, len(v), ("{", "}", "}"), lambda _i: next(head), lambda _i: next(tail), pair, active)
    finally:
        active.discard(id(v))


def _set(v, limit, active):
    name = type(v).__name__
    if not v:
        return name + "()"
    outer = ("{", "}") if type(v).__repr__ is _set_repr else (name + "({", "})")
    if id(v) in active or len(active) >= _MAX_DEPTH:
        return outer[0] + "..." + outer[1]
    active.add(id(v))
    try:
        it = iter(v)
        return _items(
            limit, len(v), (outer[0], outer[1], outer[1]), lambda _i: next(it), None,
            lambda item, lim: _render(item, lim, active),
            active,
        )
    finally:
        active.discard(id(v))


def _items(limit, n, brackets, head_item, tail_item, render, active):
    """Render n items as `open a, b, c close` within `limit`, eliding the middle when needed.

    head_item(i) gives the i-th item from the front, tail_item(i) the i-th from the back (None
    when the collection has no order worth a tail, like a set); render(item, lim) its text.
    brackets: (open, close, close when the whole fits) -- a 1-tuple ends with ",)".
    """
    open_, close, whole_close = brackets
    used = len(open_) + len(whole_close)
    items, parts = [], []
    for i in range(n):
        item = head_item(i)
        part = render(item, max(limit - used - (2 if parts else 0), _MIN_ITEM))
        items.append(item)
        parts.append(part)
        used += len(part) + (2 if len(parts) > 1 else 0)
        if used > limit:
            break
    else:
        return open_ + ", ".join(parts) + whole_close
    # It does not fit: whole items from the head (2/3 of the room) and the tail (1/3).
    nested = len(active) > 1  # active holds this collection too
    room = max(limit - len(open_) - len(close) - len(_items_marker(n, nested, False)) - 4, _MIN_ITEM)
    head_room = (room * 2 + 2) // 3 if tail_item is not None else room
    head, size = [], 0
    for item, part in zip(items, parts):
        if size + len(part) + 2 > head_room:
            if head:
                break
            part = render(item, head_room)  # the first item alone is too long: shorter
        head.append(part)
        size += len(part) + 2
    tail = []
    if tail_item is not None:
        tail_room = room - size
        size = 0
        for i in range(n - len(head)):
            part = render(tail_item(i), max(tail_room - size, _MIN_ITEM))
            if size + len(part) + 2 > tail_room:
                break
            tail.append(part)
            size += len(part) + 2
        tail.reverse()
    hidden = n - len(head) - len(tail)
    if hidden:
        head.append(_items_marker(hidden, nested, tail_item is None))
    return open_ + ", ".join(head + tail) + close


def _plain_object(v, limit, active):
    """An object with the default repr: show its attributes rather than its address."""
    attrs = getattr(v, "__dict__", None)
    name = type(v).__name__
    if type(attrs) is not dict:
        return _strip_address(_object_repr(v))
    if not attrs:
        return "<%s>" % name
    if id(v) in active or len(active) >= _MAX_DEPTH:
        return "<%s ...>" % name
    active.add(id(v))
    try:
        it = iter(attrs.items())

        def attr(item, lim):
            return "%s=%s" % (item[0], _render(item[1], max(lim - len(item[0]) - 1, _MIN_ITEM), active))

        return _items(limit, len(attrs), ("<%s " % name, ">", ">"), lambda _i: next(it), None, attr, active)
    finally:
        active.discard(id(v))


def _strip_address(text):
    """`<function f at 0x7f3a...>` -> `<function f>`: addresses change from run to run."""
    at = text.rfind(" at 0x")
    if at < 0 or not text.endswith(">"):
        return text
    digits = text[at + 6 : -1]
    if digits and all(c in "0123456789abcdefABCDEF" for c in digits):
        return text[:at] + ">"
    return text

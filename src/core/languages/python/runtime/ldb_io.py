"""Reading the config and writing the result without importing json.

`import json` pulls in re, enum and functools: 5 to 12 ms on this machine, as much as a whole
small program takes to run. The config is written by JSON.stringify, whose output is a Python
literal once true/false/null are names, so a builtins-free eval reads it; the result needs only
dicts, lists, strings, ints and booleans, which a few lines encode.
"""

import os
import sys

_LITERALS = {"__builtins__": {}, "true": True, "false": False, "null": None}

# JSON string escapes for the characters JSON forbids raw; the rest of Unicode goes out as is.
_ESCAPES = {i: "\\u%04x" % i for i in range(32)}
_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r"})


def read_config(path):
    if path == "-":
        # The config comes on stdin (the parent started us before it had it ready). Once it is
        # read, stdin is the null device: the user's program finds it closed, as always.
        text = sys.stdin.buffer.read().decode("utf-8")
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        path = "<stdin>"
    else:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    return eval(compile(text, path, "eval", dont_inherit=True), dict(_LITERALS))


def take_stdin():
    """A private, non-inheritable fd reading what comes on stdin, for read_frame later; stdin
    itself becomes the null device at once (the user's code finds it closed, as always)."""
    fd = os.dup(0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    return fd


def read_frame(fd):
    """One message the parent wrote on an fd taken by take_stdin: `LENGTH\n` then that many bytes
    of JSON (waits until it is all there). None: the parent closed it first."""
    header = b""
    while not header.endswith(b"\n"):
        byte = os.read(fd, 1)
        if not byte:
            return None
        header += byte
    left = int(header)
    chunks = []
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 16))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    text = b"".join(chunks).decode("utf-8")
    return eval(compile(text, "<stdin>", "eval", dont_inherit=True), dict(_LITERALS))


def _encode(value, out):
    t = type(value)
    if t is str:
        out.append('"' + value.translate(_ESCAPES) + '"')
    elif t is dict:
        out.append("{")
        first = True
        for key, item in value.items():
            if item is None:
                continue  # absent optional fields stay absent, as in the TypeScript model
            if not first:
                out.append(",")
            first = False
            out.append('"' + str(key).translate(_ESCAPES) + '":')
            _encode(item, out)
        out.append("}")
    elif t is list or t is tuple:
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _encode(item, out)
        out.append("]")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif value is None:
        out.append("null")
    elif t is int:
        out.append(str(value))
    elif t is float:
        out.append(repr(value) if value == value and value not in (float("inf"), -float("inf")) else "null")
    else:
        out.append('"' + str(value).translate(_ESCAPES) + '"')


def to_json(value):
    out = []
    _encode(value, out)
    return "".join(out)


def claim_result_channel(config):
    """Before any user code: the result pipe (an inherited fd) is not passed on to the
    processes the program starts."""
    fd = config.get("resultFd")
    if fd is not None:
        os.set_inheritable(fd, False)


def write_result(config, text):
    """The result: a frame on the inherited pipe (`TOKEN LENGTH\\n` then the JSON; the parent
    takes the last whole frame with its token), or, run by hand, a file written atomically."""
    fd = config.get("resultFd")
    if fd is None:
        write_atomically(config["resultPath"], text)
        return
    data = text.encode("utf-8")
    view = memoryview(("%s %d\n" % (config.get("resultToken", ""), len(data))).encode("ascii") + data)
    while view:
        view = view[os.write(fd, view):]


def write_atomically(path, text):
    """Write then rename, so the reader sees the whole result or none (a kill can come any time).

    Lone surrogates (from user strings) cannot be UTF-8: backslashreplace turns them into
    `\\udc80`, which inside a JSON string is the right escape for them.
    """
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "wb") as f:
        f.write(text.encode("utf-8", "backslashreplace"))
    os.replace(tmp, path)

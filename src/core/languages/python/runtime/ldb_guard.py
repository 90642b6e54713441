"""Limits enforced inside the child: a soft time limit, the memory limit, and os._exit.

The TypeScript side kills the whole process group a little after the time limit: that is the
backstop for code stuck in C. The soft limit here comes first, so that the trace up to that
point can still be written.
"""

import os

import _signal  # `signal` itself imports enum; the C module is enough here

# Imported now, before the user's folder is on sys.path: later, a user's resource.py would be
# picked up instead (and its code would run with the runtime's trust).
try:
    import resource
except ImportError:  # not a POSIX system
    resource = None

import ldb_values


class LdbTimeout(BaseException):
    """Raised in the user's code at the time limit. A BaseException, so that the user's
    `except Exception:` does not swallow it."""


class TimeLimit:
    """SIGALRM at the limit, then every 100 ms in case the user's code catches the exception.

    The alarm often lands inside a tracer callback (with line events on, most of the time is
    spent there): raising there is fine, because tracing is over anyway and the recorder keeps
    its visits consistent at every step that matters for writing them.
    """

    def __init__(self, timeout_ms, user_file, on_first_alarm):
        self.timeout_ms = timeout_ms
        self.user_file = user_file
        self.on_first_alarm = on_first_alarm
        self.fired = False
        self.done = False
        self.busy = False  # writing the provisional result: let it finish
        self.where = None  # (line, code) of the user's code the first alarm interrupted

    def arm(self):
        if not hasattr(_signal, "setitimer"):  # Windows: only the hard kill applies
            return
        _signal.signal(_signal.SIGALRM, self._on_alarm)
        _signal.setitimer(_signal.ITIMER_REAL, max(self.timeout_ms, 1) / 1000.0, 0.1)

    def disarm(self):
        self.done = True
        if hasattr(_signal, "setitimer"):
            _signal.setitimer(_signal.ITIMER_REAL, 0, 0)

    def _on_alarm(self, _signum, frame):
        if self.done or self.busy:
            return
        # A user __repr__ running at the limit (the tracer called it) is what to stop first: its
        # type is not asked again, so the provisional result below cannot hang in it.
        in_repr = ldb_values.interrupt_repr()
        if not self.fired:
            self.fired = True
            f = frame
            while f is not None and f.f_code.co_filename != self.user_file:
                f = f.f_back
            if f is not None:
                self.where = (f.f_lineno, f.f_code)
            self.busy = True
            try:
                self.on_first_alarm()  # a result now, in case the process is killed later
            except Exception:
                pass
            finally:
                self.busy = False
            if in_repr:  # the next alarm, 100 ms on, stops the program itself
                raise ldb_values.ReprTimedOut()
        raise LdbTimeout("time limit of %d ms exceeded" % self.timeout_ms)


# Of the memory limit, what the runtime keeps for itself: after a MemoryError it still has to
# build and write the result. The program gets the limit less this, and cannot raise it further
# than the limit itself (the hard limit).
RESULT_RESERVE_BYTES = 32 * 1024 * 1024


def limit_resources(limits):
    """Hard limits the program cannot raise again (only the interpreter's own root may, and an
    isolated run has none): CPU seconds (a backstop behind the time limit), the size of a file
    it writes, open files, processes of this user (the driver gives what the user already runs
    plus maxProcesses: the kernel counts them all; root is not bound, the run's cgroup is what
    limits it), and no core dumps. Where the platform lacks one, it is skipped."""
    if resource is None:
        return
    cpu = int(limits.get("timeoutMs", 0) + limits.get("killGraceMs", 0)) // 1000 + 2
    wanted = (
        ("RLIMIT_CPU", cpu),
        ("RLIMIT_FSIZE", limits.get("maxFileBytes")),
        ("RLIMIT_NOFILE", limits.get("maxOpenFiles")),
        ("RLIMIT_NPROC", limits.get("maxProcesses")),
        ("RLIMIT_CORE", 0),
    )
    for name, value in wanted:
        which = getattr(resource, name, None)
        if which is None or value is None:
            continue
        try:
            _soft, hard = resource.getrlimit(which)
            value = int(value) if hard == resource.RLIM_INFINITY else min(int(value), hard)
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass


def limit_memory(max_bytes):
    """Set RLIMIT_AS: the hard limit at `max_bytes` (a process can lower its hard limit, never
    raise it again), the soft one a reserve below. Returns how to give the runtime its reserve
    back (to write the result after a MemoryError), or None where the platform has no such
    limit."""
    if not max_bytes or max_bytes <= 0 or resource is None:
        return None
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (max(limit - RESULT_RESERVE_BYTES, limit // 2), limit))
    except (ValueError, OSError):  # e.g. macOS refuses RLIMIT_AS
        return None

    def restore():
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ValueError, OSError):
            pass

    return restore


def patch_os_exit(before_exit):
    """os._exit ends the process without unwinding: write the result first, then really exit."""
    real_exit = os._exit

    def _exit(status):
        try:
            before_exit(status)
        finally:
            real_exit(status)

    os._exit = _exit
    return real_exit

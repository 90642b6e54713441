// The supervisor of a run without OS isolation on Linux: a few lines of Python that make
// themselves a child subreaper (PR_SET_CHILD_SUBREAPER), start the command, and when it ends (or
// when we say stop) kill every descendant they adopted, so that a `setsid` daemon or a double fork
// does not outlive the run. Under bwrap the PID namespace does this, and where the run has a pids
// cgroup (processCgroup.ts) the cgroup does: no supervisor is needed then.
//
// Why Python, why a separate process: Node has no prctl, so the CLI cannot be the subreaper; a
// runtime that made itself one would run the program in the same process, which could switch the
// bit off again or exit before its orphans are reaped. A process of its own that the program does
// not control is the honest place; Python's ctypes reaches prctl on any Linux without a compiler
// or a binary to ship, and the run's own interpreter (or the system's python3, for Node) is there.
// `unshare --pid --fork --kill-child` needs the namespaces that bwrap needs, so it would cover
// little that bwrap does not. What it does not stop: a program that kills the supervisor first
// (same user, nothing between them) leaves its orphans to init; the PID namespace always ends them.
import { existsSync } from 'node:fs';

/** Processes of the supervisor's own in the run. */
export const REAPER_PROCESSES = 1;

/** The system's Python 3, for runs that bring none (Node): a real executable, not a shim. */
const SYSTEM_PYTHONS = ['/usr/bin/python3', '/usr/local/bin/python3', '/bin/python3'];

export function systemPython(): string | undefined {
  return SYSTEM_PYTHONS.find((p) => existsSync(p));
}

/**
 * The supervisor, run as `python -I -S -B -c REAPER_SOURCE COMMAND ARGS...`. Standard library
 * only, Python 3.8+ (os.posix_spawn). It exits as the command did (the same code, or killed by
 * the same signal), so that the caller reads the outcome as if it had started the command itself.
 */
export const REAPER_SOURCE = `
import os, signal, sys
PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER = 1, 36
STOPS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)

class Stop(BaseException):
    pass

def stop(signum, frame):
    raise Stop()

def children():
    me = os.getpid()
    try:
        with open("/proc/%d/task/%d/children" % (me, me)) as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        pass
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name, "rb") as f:
                    stat = f.read()
                if int(stat[stat.rindex(b")") + 2:].split()[1]) == me:
                    found.append(int(name))
            except (OSError, ValueError):
                pass
    return found

def kill_all():
    # Kill every child; a dead child's own children are ours by the time wait returns it.
    while True:
        for pid in children():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return

def main(argv):
    parent = os.getppid()
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (ImportError, OSError, AttributeError):
        pass  # no ctypes: still the process group's supervisor, without the adoption
    for s in STOPS:
        signal.signal(s, stop)
    status = None
    try:
        if os.getppid() != parent:
            raise Stop()  # whoever started us is gone already
        try:
            child = os.posix_spawn(argv[0], argv, os.environ, setsigdef=(signal.SIGPIPE, signal.SIGXFSZ))
        except OSError as e:
            sys.stderr.write("ldb: cannot run %s: %s\\n" % (argv[0], e.strerror))
            os._exit(127)
        for fd in (0, 1, 3):
            try:
                os.close(fd)
            except OSError:
                pass
        while status is None:
            pid, st = os.waitpid(-1, 0)
            if pid == child:
                status = st
    except (Stop, ChildProcessError):
        pass
    for s in STOPS:
        signal.signal(s, signal.SIG_IGN)
    kill_all()
    if status is None or os.WIFSIGNALED(status):
        sig = signal.SIGKILL if status is None else os.WTERMSIG(status)
        try:
            import resource
            resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
            signal.signal(sig, signal.SIG_DFL)
        except (ImportError, OSError, ValueError):
            pass
        os.kill(os.getpid(), sig)
        os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status))

main(sys.argv[1:])
`;

/** The command line that runs `command args` under the supervisor, with `python`. */
export function reapedCommand(
  python: string,
  command: string,
  args: readonly string[],
): { command: string; args: string[] } {
  return { command: python, args: ['-I', '-S', '-B', '-c', REAPER_SOURCE, command, ...args] };
}

"""LDB tracer runtime: runs a user's Python file and one test, recording every block visit.

    python3 -X utf8 -B ldb_tracer.py CONFIG.json

The config (written by runTest.ts) gives the file and its source, the test, the line -> block
map and the user's functions from the tree-sitter segmenter, and the limits. The result goes to
config["resultPath"] (tmp file + rename) and nowhere else: stdout and stderr belong to the
user's program. Standard library only, Python 3.8 to 3.13.

This file stays small because the main script is compiled from source at every start; the
modules it imports are compiled once and their bytecode cached beside them (see below).
"""

import os
import sys

# With -I or PYTHONSAFEPATH this directory is not on sys.path; it must come first while our
# modules are imported (sys.path[0] becomes the user's directory afterwards).
_HERE = os.path.dirname(os.path.abspath(__file__))
if not sys.path or sys.path[0] != _HERE:
    sys.path.insert(0, _HERE)

# -B (and PYTHONDONTWRITEBYTECODE) keep the user's directories free of .pyc files, but compiling
# our own modules at every run would cost more than a small program's whole run: their bytecode
# goes to __pycache__ here (if this directory is writable; if not, Python silently skips it).
sys.dont_write_bytecode = False
try:
    from ldb_run import main
finally:
    sys.dont_write_bytecode = True

if __name__ == "__main__":
    main(sys.argv)

"""Changed project files, imported from their temporary copies: a fix under verification runs as
the project would with the fix applied, while the user's files stay as they are.

The config's `overlay` maps a file's absolute path to its copy in the run's own folder. A finder put
first on sys.meta_path finds a module as the normal path finder does and, when the file it finds is
one of those, loads the copy's text compiled under the original path: `__file__`, tracebacks and
the tracer (which knows code by its file name) see the project's file with the fix in it. Bytecode
is never read for those files (a cached .pyc is of the file on disk).
"""

import os
import sys


def install(overlay):
    if not overlay:
        return
    # Only a run that verifies a fix of several files pays for these imports.
    from importlib.machinery import PathFinder, SourceFileLoader
    from importlib.util import spec_from_file_location

    copies = {os.path.realpath(path): copy for path, copy in overlay.items()}
    # The last part of the names those files are imported as: every other import is left alone
    # without a second search of sys.path.
    names = set()
    for path in copies:
        stem = os.path.splitext(os.path.basename(path))[0]
        names.add(os.path.basename(os.path.dirname(path)) if stem == "__init__" else stem)

    class CopyLoader(SourceFileLoader):
        def get_data(self, path):
            copy = copies.get(os.path.realpath(path))
            return SourceFileLoader.get_data(self, path if copy is None else copy)

        def get_code(self, fullname):
            return compile(self.get_data(self.path), self.path, "exec", dont_inherit=True)

    class CopyFinder:
        @classmethod
        def find_spec(cls, fullname, path=None, target=None):
            if fullname.rpartition(".")[2] not in names:
                return None
            spec = PathFinder.find_spec(fullname, path)
            origin = getattr(spec, "origin", None)
            if not isinstance(origin, str) or os.path.realpath(origin) not in copies:
                return None
            return spec_from_file_location(fullname, origin, loader=CopyLoader(fullname, origin),
                                           submodule_search_locations=spec.submodule_search_locations)

        @classmethod
        def invalidate_caches(cls):
            pass

    sys.meta_path.insert(0, CopyFinder)

// The folder a request is run from, as a shell's working folder is for pytest: a project without
// configuration reaches up to it (its rootdir, hence its node ids), a node id the user gives may be
// relative to it, a relative interpreter path falls back on it, and a pyenv shim picks its version
// there. Each face says which folder that is: the CLI its process's (the shell's), the extension
// the workspace folder holding the file (the editor's process may have started anywhere). A request
// that names none is read as run from this process's folder: the one place the core reads it.
import { resolve } from 'node:path';

export function workingFolder(cwd: string | undefined): string {
  // eslint-disable-next-line no-restricted-properties -- the documented default (see above)
  return cwd === undefined ? process.cwd() : resolve(cwd);
}

// The interpreter the Python extension (ms-python.python) has selected for a file, when that
// extension is installed. Optional: any failure or a slow answer means "not known", never an error.
import * as vscode from 'vscode';

const PYTHON_EXTENSION = 'ms-python.python';
/** Its activation can take a while on a cold start; LDB then falls back on `ldb.python`. */
const WAIT_MS = 3000;

interface EnvironmentPath {
  id?: string;
  path?: string;
}
interface PythonApi {
  environments?: {
    getActiveEnvironmentPath?(resource?: vscode.Uri): EnvironmentPath | undefined;
    resolveEnvironment?(
      env: EnvironmentPath | string,
    ): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
}

function within<T>(ms: number, work: Thenable<T>): Promise<T | undefined> {
  return Promise.race([
    Promise.resolve(work),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms)),
  ]);
}

export async function pythonFromExtension(scope: vscode.Uri | undefined): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension<PythonApi>(PYTHON_EXTENSION);
  if (!ext) return undefined;
  try {
    const api = ext.isActive ? ext.exports : await within(WAIT_MS, ext.activate());
    const envs = api?.environments;
    const active = envs?.getActiveEnvironmentPath?.(scope);
    if (!active?.path) return undefined;
    const resolved = envs?.resolveEnvironment
      ? await within(WAIT_MS, envs.resolveEnvironment(active))
      : undefined;
    return resolved?.executable?.uri?.fsPath ?? active.path;
  } catch {
    return undefined;
  }
}

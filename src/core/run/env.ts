// Two environments. The program's is built from an allow-list: the code under debug is untrusted
// (the loop runs every proposed fix before anyone has read it), so it gets what a program needs to
// run the same as from a shell (PATH, the locale, the time zone, the interpreter's own variables)
// and nothing else: no tokens, no database URLs, no agent sockets, no editor variables, whatever
// they are called. The interpreter probe's is the user's own minus anything that looks like a
// secret: it runs the interpreter the user named the way their shell would (a pyenv shim needs
// PYENV_ROOT and HOME), but runs none of the user's code.

/** Names that may hold credentials, wherever the word appears (OPENAI_API_KEY, GH_TOKEN, ...). */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH|SESSION|COOKIE/i;
/** Our own settings and the LLM client's. */
const LLM_SETTING = /^(LDB_|OPENAI_|AZURE_OPENAI)/i;

/** Variables a program may see, by exact name (compared in upper case, as Windows does). */
const ALLOWED_NAMES = new Set(['PATH', 'LANG', 'LANGUAGE', 'TZ', 'TERM', 'NO_COLOR']);
/** The locale categories (LC_ALL, LC_CTYPE, ...) and the interpreter's own variables. */
const ALLOWED_PREFIXES = ['LC_', 'PYTHON'];
/** What Windows needs for a process to start at all (no secrets there). */
const WINDOWS_NAMES = new Set(['SYSTEMROOT', 'WINDIR', 'COMSPEC', 'PATHEXT', 'SYSTEMDRIVE']);
/**
 * Interpreter variables that would change how the runtime itself runs: PYTHONINSPECT drops into an
 * interactive prompt at the end, PYTHONSTARTUP is for interactive sessions only.
 */
const INTERPRETER_MODE = new Set(['PYTHONINSPECT', 'PYTHONSTARTUP']);

export interface ProgramEnvOptions {
  /** The run's private folder: the program's HOME and TMPDIR (it may write only there). */
  runDir: string;
}

function allowed(name: string): boolean {
  const upper = name.toUpperCase();
  if (INTERPRETER_MODE.has(upper) || SECRET_NAME.test(name)) return false;
  if (ALLOWED_NAMES.has(upper) || ALLOWED_PREFIXES.some((p) => upper.startsWith(p))) return true;
  return process.platform === 'win32' && WINDOWS_NAMES.has(upper);
}

/**
 * The environment a traced program gets. PYTHONPATH is kept on purpose: programs import their own
 * packages through it, and a trace that fails with ImportError where `python3 prog.py` works
 * would be wrong. It holds paths, not secrets.
 */
export function programEnv(env: NodeJS.ProcessEnv, opts: ProgramEnvOptions): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && allowed(name)) out[name] = value;
  }
  out.HOME = opts.runDir;
  out.TMPDIR = opts.runDir;
  if (process.platform === 'win32') {
    out.USERPROFILE = opts.runDir;
    out.TEMP = opts.runDir;
    out.TMP = opts.runDir;
  }
  // No .pyc files written next to the user's modules (the runtime is also started with -B).
  out.PYTHONDONTWRITEBYTECODE = '1';
  // The program's output is read as UTF-8 whatever the locale.
  out.PYTHONIOENCODING = 'utf-8';
  // Same set iteration order, same hash() in every run: a trace can be compared with the next.
  out.PYTHONHASHSEED = '0';
  // breakpoint() would start pdb on a closed stdin: make it do nothing.
  out.PYTHONBREAKPOINT = '0';
  return out;
}

/** The user's environment minus secrets and LLM settings: for starting an interpreter to ask it questions. */
export function probeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (SECRET_NAME.test(name) || LLM_SETTING.test(name) || INTERPRETER_MODE.has(name.toUpperCase()))
      continue;
    out[name] = value;
  }
  return out;
}

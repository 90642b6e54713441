// The environment a traced program gets: the user's, minus anything that looks like a secret or
// configures the LLM (the program is untrusted and may send what it finds anywhere), plus a few
// variables that make runs reproducible and their output decodable.

/** Names that may hold credentials, wherever the word appears (OPENAI_API_KEY, GH_TOKEN, ...). */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD/i;
/** Our own settings and the LLM client's. */
const LLM_SETTING = /^(LDB_|OPENAI_)/i;
/**
 * Variables that would change how the interpreter runs the runtime itself: PYTHONINSPECT drops
 * into an interactive prompt at the end, PYTHONSTARTUP is for interactive sessions only.
 */
const INTERPRETER_MODE = new Set(['PYTHONINSPECT', 'PYTHONSTARTUP']);

/**
 * PYTHONPATH is kept on purpose: programs import their own packages through it, and a trace that
 * fails with ImportError where `python3 prog.py` works would be wrong. It holds paths, not secrets.
 */
export function sandboxEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (SECRET_NAME.test(name) || LLM_SETTING.test(name) || INTERPRETER_MODE.has(name.toUpperCase()))
      continue;
    out[name] = value;
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

// The command line every VS Code test runner shares: its own options plus --timeout, --verbose,
// --keep and --help; bad input exits 2 with the usage, --keep keeps the throwaway folders.
import { parseArgs } from 'node:util';

/** @satisfies {import('node:util').ParseArgsConfig['options']} */
const COMMON = {
  timeout: { type: 'string', default: '300' },
  verbose: { type: 'boolean', default: false },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

/**
 * Returns { opts, fail, timeoutS }: `fail(message)` prints `${label}: message` and exits 2.
 * @template {NonNullable<import('node:util').ParseArgsConfig['options']>} Options
 * @param {{ label: string; usage: string; options: Options }} args
 */
export function harnessArgs({ label, usage, options }) {
  /** @param {unknown} err */
  const usageError = (err) => {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
    return process.exit(2);
  };
  /** @type {ReturnType<typeof parseArgs<{ options: Options & typeof COMMON; strict: true }>>['values']} */
  let opts;
  try {
    opts = parseArgs({ options: { ...options, ...COMMON }, strict: true }).values;
  } catch (err) {
    return usageError(err);
  }
  // The shared options, read through a plain view: the caller's own options make the type generic.
  const { help, keep, timeout } = /** @type {Record<string, unknown>} */ (opts);
  if (help) {
    console.log(usage);
    process.exit(0);
  }
  if (keep) process.env.LDB_KEEP_TMP = '1';
  /** @type {(message: string) => never} */
  const fail = (msg) => {
    console.error(`${label}: ${msg}`);
    return process.exit(2);
  };
  const timeoutS = Number(timeout);
  if (!(timeoutS > 0)) fail(`--timeout must be a positive number of seconds, not ${String(timeout)}`);
  return { opts, fail, timeoutS };
}

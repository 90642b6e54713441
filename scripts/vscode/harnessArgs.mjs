// The command line every VS Code test runner shares: its own options plus --timeout, --verbose,
// --keep and --help; bad input exits 2 with the usage, --keep keeps the throwaway folders.
import { parseArgs } from 'node:util';

const COMMON = {
  timeout: { type: 'string', default: '120' },
  verbose: { type: 'boolean', default: false },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

/** Returns { opts, fail, timeoutS }: `fail(message)` prints `${label}: message` and exits 2. */
export function harnessArgs({ label, usage, options }) {
  let opts;
  try {
    opts = parseArgs({ options: { ...options, ...COMMON }, strict: true }).values;
  } catch (err) {
    console.error(`${err.message}\n${usage}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(usage);
    process.exit(0);
  }
  if (opts.keep) process.env.LDB_KEEP_TMP = '1';
  const fail = (msg) => {
    console.error(`${label}: ${msg}`);
    process.exit(2);
  };
  const timeoutS = Number(opts.timeout);
  if (!(timeoutS > 0)) fail(`--timeout must be a positive number of seconds, not ${opts.timeout}`);
  return { opts, fail, timeoutS };
}

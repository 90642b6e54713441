// `ldb`'s entry point (dist/cli.js): a few kB that run before the CLI's bundle (dist/ldb.js) is
// even compiled. It sets V8's flags for the command, installs the signal handlers, gives `ldb trace`
// its head start (headStart.ts), and then loads the bundle and hands all of it over.
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { requireWithCodeCache } from './codeCache';
import { headStart } from './headStart';
import { LONG_LIVED_COMMANDS } from './longLived';

const argv = process.argv.slice(2);
// V8 compiles tree-sitter's wasm with its baseline compiler (Liftoff), then recompiles hot
// functions with its optimizing one on background threads, and a process does not exit until
// those jobs are done: 60-270 ms of waiting (and a core taken from the traced child) at the end
// of every `ldb trace`, for code that ran once. A command that parses a file or a few keeps the
// baseline code. Set before any wasm is compiled; servers, the bench and the extension host
// keep V8's default.
if (!LONG_LIVED_COMMANDS.includes(argv[0] ?? '')) setFlagsFromString('--liftoff-only');
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());
const head = headStart(argv, process.env, __dirname, controller.signal);

// require, not import(): Node's ESM loader would first scan the 2 MB bundle for its exports (~80 ms).
// A short command takes it from V8's code cache (codeCache.ts).
const command = argv[0] ?? '';
const cli = (
  LONG_LIVED_COMMANDS.includes(command)
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('./main.js')
    : requireWithCodeCache(join(__dirname, 'ldb.js'), `cli-${/^[a-z]+$/.test(command) ? command : 'other'}`)
) as typeof import('./main.js');
void cli.main({ controller, ...(head ? { head } : {}) });

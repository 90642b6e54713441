// `ldb`'s entry point (dist/cli.js): a few kB that run before the CLI's bundle (dist/ldb.js) is
// even compiled. It installs the signal handlers, gives `ldb trace` its head start (headStart.ts),
// sets V8 up for the command (shortCommandV8.ts), and then loads the bundle and hands all of it over.
import { join } from 'node:path';
import { requireWithCodeCache } from '../core/run/codeCache';
import { headStart } from './headStart';
import { LONG_LIVED_COMMANDS } from './longLived';
import { tuneV8ForShortCommand } from './shortCommandV8';

const argv = process.argv.slice(2);
const command = argv[0] ?? '';
const longLived = LONG_LIVED_COMMANDS.includes(command);
// After the head start's spawn (the child's start is the longer path) and before any wasm compiles.
const tuneV8 = longLived ? () => undefined : tuneV8ForShortCommand;
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());
const head = headStart(argv, process.env, __dirname, controller.signal, tuneV8);
tuneV8();

// require, not import(): Node's ESM loader would first scan the 2 MB bundle for its exports (~80 ms).
// A short command takes it from V8's code cache (core/run/codeCache.ts).
const cli = (
  longLived
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('./main.js')
    : requireWithCodeCache(join(__dirname, 'ldb.js'), `cli-${/^[a-z]+$/.test(command) ? command : 'other'}`)
) as typeof import('./main.js');
void cli.main({ controller, codeCache: !longLived, ...(head ? { head } : {}) });

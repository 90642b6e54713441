// Big scripts loaded from V8's code cache: the CLI's bundle (dist/ldb.js, 2 MB), which V8 takes 15-25
// ms to compile at every start (and its functions more as they first run) out of a short `ldb
// trace` of about 100 ms, and the TypeScript stripper (3.5 MB with the TypeScript parser: 270 ms to
// compile and load, 55 ms from the cache). The cache, kept per name in the machine cache folder
// (machineCache.ts) and made when the process exits (so it holds every function the process
// compiled, not only the top level), skips the compiling. It is used only for this Node and this
// very file, and V8 checks it against the source and its flags too; without a usable one the script
// compiles as usual and a new cache is written at exit. Short CLI commands only (useCodeCache):
// a script runs here as a script, where import() has no loader; a long-lived process (a server,
// the extension host) has no start-up to save, and runs with other V8 flags, which would make the
// cache of the short commands be rejected and written again by turns.
import { isAscii } from 'node:buffer';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { fileStamp, machineCacheDir } from './machineCache';

function cachedCode(file: string, stamp: string): Buffer | undefined {
  try {
    const data = readFileSync(file);
    const eol = data.indexOf(10);
    return eol > 0 && data.subarray(0, eol).toString('utf8') === stamp ? data.subarray(eol + 1) : undefined;
  } catch {
    return undefined; // none yet
  }
}

function saveCode(file: string, stamp: string, code: Buffer): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${stamp}\n`, 'utf8'), code]));
    renameSync(tmp, file);
  } catch {
    // a read-only home, a full disk: the next run compiles again
  }
}

/**
 * The bundle's text. Node 20 decodes a file read as 'utf8' at ~3 bytes/ns: 6 ms for the 2 MB
 * bundle, on every start. Bytes that are all ASCII (the build keeps the bundle so) are the same
 * text as Latin-1, which is a copy: 0.6 ms.
 */
function readScript(file: string): string {
  const bytes = readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** `require(file)` of a CommonJS bundle, compiled from the code cache named `name` when it fits. */
export function requireWithCodeCache(file: string, name: string): unknown {
  const source = readScript(file);
  const stamp = `${process.version} ${process.arch} ${fileStamp(file) ?? ''} ${source.length}`;
  const cacheFile = join(machineCacheDir(), 'v8', `${name}.bin`);
  const cachedData = cachedCode(cacheFile, stamp);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(file), module, file, dirname(file));
  if (cachedData === undefined || script.cachedDataRejected === true)
    process.once('exit', () => saveCode(cacheFile, stamp, script.createCachedData()));
  return module.exports;
}

/** The cache names' prefix once this process uses the code cache; undefined: plain require. */
let cachePrefix: string | undefined;

/** Makes requireCached use the code cache in this process (a short CLI command: `cli-trace`, ...). */
export function useCodeCache(prefix: string): void {
  cachePrefix = prefix;
}

/** `require(file)`, from the code cache named `name` when this process uses one (useCodeCache). */
export function requireCached(file: string, name: string): unknown {
  if (cachePrefix === undefined) return createRequire(file)(file);
  return requireWithCodeCache(file, `${cachePrefix}-${name}`);
}

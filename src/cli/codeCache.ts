// The CLI's bundle (dist/ldb.js, 2 MB) loaded from V8's code cache: compiling it takes V8 15-25 ms
// at every start, and its functions more as they first run, out of a short `ldb trace` of about
// 100 ms. The cache, kept per command in the machine cache folder (run/machineCache.ts) and made
// when the command exits (so it holds every function the command compiled, not only the top
// level), skips both. It is used only for this Node and this very bundle file, and V8 checks it
// against the source and its flags too; without a usable one the bundle compiles as usual and a
// new cache is written at exit. Short commands only: the bundle runs as a script here, where
// import() has no loader, and a long-lived command has no start-up to save.
import { isAscii } from 'node:buffer';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { fileStamp, machineCacheDir } from '../core/run/machineCache';

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

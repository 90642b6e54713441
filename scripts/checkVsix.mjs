// Checks what went into the .vsix: the bundle, every wasm file and the whole Python tracer runtime
// must be inside (the extension cannot work without them), and no source maps, bytecode caches,
// sources or node_modules. Reads the zip's central directory itself: no unzip needed.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/checkVsix.mjs ldb-<version>.vsix');
  process.exit(2);
}

/**
 * The names of the files in a zip archive, from its central directory.
 * @param {Buffer} buffer
 * @returns {string[]}
 */
function zipEntries(buffer) {
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65_557); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    names.push(buffer.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const names = new Set(zipEntries(readFileSync(file)));
const runtime = readdirSync(join(root, 'src/core/languages/python/runtime')).filter((f) => f.endsWith('.py'));
// Every file the build puts in dist/javascript: the JavaScript runtime, its TypeScript stripper.
const jsRuntime = readdirSync(join(root, 'dist/javascript'));
const required = [
  'extension/package.json',
  'extension/readme.md',
  'extension/LICENSE.txt',
  'extension/dist/extension.js',
  'extension/dist/web-tree-sitter.wasm',
  'extension/dist/tree-sitter-python.wasm',
  'extension/dist/tree-sitter-javascript.wasm',
  'extension/dist/tree-sitter-typescript.wasm',
  'extension/dist/tree-sitter-tsx.wasm',
  'extension/syntaxes/ldb-trace.tmLanguage.json',
  'extension/dist/cl100k.index',
  ...runtime.map((f) => `extension/dist/python/${f}`),
  ...jsRuntime.map((f) => `extension/dist/javascript/${f}`),
];
const missing = required.filter((n) => !names.has(n));
const unwanted = [...names].filter((n) =>
  /\.map$|__pycache__|\.pyc$|node_modules\/|\/src\/|\/test\//.test(n),
);
if (missing.length > 0 || unwanted.length > 0) {
  if (missing.length > 0) console.error(`check-vsix: missing from ${file}: ${missing.join(', ')}`);
  if (unwanted.length > 0) console.error(`check-vsix: should not be in ${file}: ${unwanted.join(', ')}`);
  process.exit(1);
}
console.log(
  `check-vsix: ${file} holds the bundle, 5 wasm files, the tokenizer index, ${runtime.length} Python and ${jsRuntime.length} JavaScript runtime modules (${names.size} files)`,
);

// Short commands load their big scripts from V8's code cache (src/core/run/codeCache.ts): the CLI's
// bundle per command, and the TypeScript stripper when a .ts file runs. The first run writes the
// cache; a second run takes it (V8 accepts it: it is not written again) and prints the same trace.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';

const PROGRAM = [
  "import assert from 'node:assert';",
  'interface Pair<T> { a: T; b: T }',
  'export function add(p: Pair<number>): number {',
  '  return p.a - p.b;',
  '}',
  'assert.equal(add({ a: 1, b: 2 }), 3);',
  '',
].join('\n');

describe('ldb: the code cache of short commands', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ldb-code-cache-'));
    writeFileSync(join(dir, 'add.ts'), PROGRAM);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the bundle and the TypeScript stripper once, then uses them', async () => {
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    const trace = () => runCli(['trace', 'add.ts', '--json'], { cwd: dir, env });
    const cached = (name: string) => statSync(join(dir, 'cache', 'ldb', 'v8', `${name}.bin`));
    const first = await trace();
    assert.equal(first.code, 0, first.stderr);
    const written = { bundle: cached('cli-trace'), stripper: cached('cli-ts-strip') };
    assert.ok(written.stripper.size > 100_000, 'the stripper compiled into the cache');
    const second = await trace();
    assert.equal(second.code, 0, second.stderr);
    const strip = (out: string) => out.replace(/"timing":\{[^}]*\}/, '');
    assert.equal(strip(second.stdout), strip(first.stdout));
    assert.equal(cached('cli-trace').mtimeMs, written.bundle.mtimeMs, 'the bundle cache was taken');
    assert.equal(cached('cli-ts-strip').mtimeMs, written.stripper.mtimeMs, 'the stripper cache was taken');
  });
});

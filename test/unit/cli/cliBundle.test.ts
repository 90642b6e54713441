// Every short command compiles dist/ldb.js before it does anything, so what only some commands use
// lives in bundles of its own beside it (scripts/build.mjs): the OpenAI SDK, required by the LLM
// client when a model is called, and js-tiktoken's rank table, required only when cl100k.index is
// unusable. Both must load from there as they did inlined.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DIST_DIR } from '../../support/paths';

const read = (name: string) => readFileSync(join(DIST_DIR, name), 'utf8');
const requireDist = createRequire(join(DIST_DIR, 'ldb.js'));

describe('the CLI bundle', () => {
  it('requires the OpenAI SDK from dist/openai.js, which holds it whole', () => {
    // A header name only the SDK's own code sends.
    const sdk = 'X-Stainless-Arch';
    assert.ok(read('openai.js').includes(sdk));
    assert.ok(!read('ldb.js').includes(sdk));
    assert.equal(read('ldb.js').match(/require\("\.\/openai\.js"\)/g)?.length, 1);
    const openai = requireDist('./openai.js') as Record<string, unknown>;
    for (const name of [
      'default',
      'AzureOpenAI',
      'APIError',
      'APIConnectionError',
      'APIConnectionTimeoutError',
    ])
      assert.equal(typeof openai[name], 'function', name);
  });

  it("requires js-tiktoken's cl100k table from dist/cl100k_ranks.js", () => {
    const ranks = requireDist('./cl100k_ranks.js') as { pat_str: string; bpe_ranks: string };
    assert.ok(ranks.bpe_ranks.length > 1_000_000);
    assert.ok(!read('ldb.js').includes(ranks.bpe_ranks.slice(0, 200)));
    assert.equal(read('ldb.js').match(/require\("\.\/cl100k_ranks\.js"\)/g)?.length, 1);
  });
});

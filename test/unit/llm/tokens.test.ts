import { strict as assert } from 'node:assert';
import {
  TOKENS_PER_MESSAGE,
  TOKENS_PER_REPLY,
  countMessageTokens,
  countTokens,
} from '../../../src/core/llm/tokens';

describe('cl100k token counts', () => {
  it('counts known texts as OpenAI does', () => {
    assert.equal(countTokens(''), 0);
    assert.equal(countTokens('hello world'), 2);
    // cl100k merges the four-space indent into one token: def| f|(x|):\n|   | return| x| +| |1|\n
    assert.equal(countTokens('def f(x):\n    return x + 1\n'), 11);
  });

  it('counts special-token text in user code as plain text instead of refusing it', () => {
    assert.ok(countTokens('s = "<|endoftext|>"') > 5);
  });

  it('counts a long run without spaces quickly and exactly enough', () => {
    const run = 'a'.repeat(20_000);
    const started = Date.now();
    const count = countTokens(`x = "${run}"`);
    assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
    // Unchunked, cl100k gives 2,500 tokens for the run (8 letters each) plus the 4 around it.
    assert.ok(Math.abs(count - 2_504) <= 5, `counted ${count}`);
  });

  it('adds the chat framing per message and for the reply', () => {
    const messages = [
      { role: 'system', content: 'You are an expert programming assistant.' },
      { role: 'user', content: 'hello world' },
    ];
    const contents = messages.reduce((n, m) => n + countTokens(m.role) + countTokens(m.content), 0);
    assert.equal(countMessageTokens(messages), contents + 2 * TOKENS_PER_MESSAGE + TOKENS_PER_REPLY);
    assert.equal(countMessageTokens([{ role: 'user', content: 'hello world' }]), 9);
  });
});

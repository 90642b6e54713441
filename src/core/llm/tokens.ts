// Token counting with OpenAI's cl100k_base encoding: for the prompt budget, for the benchmark's
// token numbers, and for usage when a server reports none. Other models tokenize differently;
// cl100k is the common yardstick (LDB's own numbers were measured with it).
//
// Cost, measured on Node 20:
// - `js-tiktoken` (the full package) loads every encoding: 5.6 MB of JavaScript, 30-110 ms to
//   require. `js-tiktoken/lite` plus the cl100k ranks alone is 1.1 MB and about 10 ms, so we
//   load those two and nothing else.
// - Building the encoder from the ranks takes 220-280 ms and ~35 MB of heap: done on first use
//   only, then cached for the life of the process.
// - Encoding a 3,000-character prompt takes ~3.5 ms. But js-tiktoken's byte-pair merge is
//   quadratic in the length of one pre-token: a run of 5,000 letters took 1.6 s and 20,000 took
//   26 s. Long runs without a break (a huge repr, base64, minified code) are therefore counted
//   in chunks of LONG_RUN_CHUNK characters (20,000 letters: ~100 ms); the error is at most one
//   token per chunk.
//
// Loaded with require() on first use rather than imported: nothing is read until a count is
// asked for (the extension's activation stays cheap), and js-tiktoken ships its type declarations
// as ES modules, which TypeScript refuses to `import` from our CommonJS build; only the types are
// imported, in import mode. At run time the package's `require` export (a .cjs file) is used.
import type { Tiktoken, TiktokenBPE } from 'js-tiktoken/lite' with { 'resolution-mode': 'import' };

/** Chunk length for runs with no whitespace break (or whitespace runs): keeps encoding linear. */
const LONG_RUN_CHUNK = 64;
const LONG_RUN = new RegExp(`\\S{${LONG_RUN_CHUNK + 1},}|\\s{${LONG_RUN_CHUNK + 1},}`, 'g');

/**
 * Per-message overhead of the chat format (`<|start|>role<|message|>...<|end|>`) and the tokens
 * that prime the reply, as OpenAI documents them for its cl100k chat models.
 */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_REPLY = 3;

let encoder: Tiktoken | undefined;

function encoding(): Tiktoken {
  if (!encoder) {
    /* eslint-disable @typescript-eslint/no-require-imports -- lazy load, see the file comment */
    const lite = require('js-tiktoken/lite') as { Tiktoken: new (ranks: TiktokenBPE) => Tiktoken };
    const ranks = require('js-tiktoken/ranks/cl100k_base') as TiktokenBPE;
    /* eslint-enable @typescript-eslint/no-require-imports */
    encoder = new lite.Tiktoken(ranks);
  }
  return encoder;
}

/** Special-token text such as `<|endoftext|>` in user code is counted as plain text, never refused. */
function encodedLength(text: string): number {
  return text === '' ? 0 : encoding().encode(text, [], []).length;
}

export function countTokens(text: string): number {
  let total = 0;
  let from = 0;
  for (const match of text.matchAll(LONG_RUN)) {
    const at = match.index;
    total += encodedLength(text.slice(from, at));
    for (let i = 0; i < match[0].length; i += LONG_RUN_CHUNK) {
      total += encodedLength(match[0].slice(i, i + LONG_RUN_CHUNK));
    }
    from = at + match[0].length;
  }
  return total + encodedLength(text.slice(from));
}

/** Tokens of a whole chat request as the server counts its prompt: contents, roles and framing. */
export function countMessageTokens(messages: readonly { role: string; content: string }[]): number {
  let total = TOKENS_PER_REPLY;
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE + countTokens(message.role) + countTokens(message.content);
  }
  return total;
}

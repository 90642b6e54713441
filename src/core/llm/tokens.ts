// Token counting with OpenAI's cl100k_base encoding: for the prompt budget, for the benchmark's
// token numbers, and for usage when a server reports none. Other models tokenize differently;
// cl100k is the common yardstick (LDB's own numbers were measured with it).
//
// Cost, measured on Node 20:
// - js-tiktoken's cl100k rank table (1.1 MB) takes about 10 ms to require; we load that file
//   alone, not the package's encoders (all encodings: 5.6 MB, 30-110 ms).
// - js-tiktoken's own encoder takes 220-280 ms to build; ours (cl100k.ts) about 7 ms of CPU, or
//   about 1 ms from the index the build ships (which holds the table too: no require at all), on
//   first use only, then cached for the life of the process.
// - Byte-pair merging is quadratic in the length of one pre-token (js-tiktoken: 5,000 letters in
//   one run took 1.6 s, 20,000 took 26 s). Long runs without a break (a huge repr, base64,
//   minified code) are therefore counted in chunks of LONG_RUN_CHUNK characters; the error is at
//   most one token per chunk.
//
// The table is loaded with require() on first use rather than imported: nothing is read until a
// count is asked for (the extension's activation stays cheap); only its type is imported, in
// import mode, because js-tiktoken ships its declarations as ES modules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TiktokenBPE } from 'js-tiktoken/lite' with { 'resolution-mode': 'import' };
import { buildCl100k, loadCl100k, type Cl100k } from './cl100k';

/** Chunk length for runs with no whitespace break (or whitespace runs): keeps encoding linear. */
const LONG_RUN_CHUNK = 64;
const LONG_RUN = new RegExp(`\\S{${LONG_RUN_CHUNK + 1},}|\\s{${LONG_RUN_CHUNK + 1},}`, 'g');

/**
 * Per-message overhead of the chat format (`<|start|>role<|message|>...<|end|>`) and the tokens
 * that prime the reply, as OpenAI documents them for its cl100k chat models.
 */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_REPLY = 3;

let encoder: Cl100k | undefined;

function encoding(): Cl100k {
  if (!encoder) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load, see the file comment
    encoder = buildCl100k(require('js-tiktoken/ranks/cl100k_base') as TiktokenBPE);
  }
  return encoder;
}

/** The prebuilt index of the rank table that the build puts beside the bundle (see cl100kIndex). */
export const TOKENIZER_INDEX_FILE = 'cl100k.index';

/** A few words of each kind the pre-tokenizing pattern tells apart: letters, digits, code, spaces. */
const WARM_TEXT = "def f(x):\n    # warm: 12 ab 'c' [1, 2]\n";

/**
 * Makes the rank table now, once per process: from the prebuilt index in `indexDir` when it is
 * there and sound (~1 ms), else from js-tiktoken's table (~17 ms), and counts a line, which
 * compiles the Unicode pattern that splits text into words (2-4 ms the first time). Called while
 * a traced child runs, so the cost hides behind the wait instead of adding to it.
 */
export function warmTokenizer(indexDir?: string): void {
  if (encoder) return;
  try {
    if (indexDir !== undefined) encoder = loadCl100k(readFileSync(join(indexDir, TOKENIZER_INDEX_FILE)));
  } catch {
    // No index (a build without it, or tests run from the sources): the table gives the same counts.
  }
  encoding().count(WARM_TEXT);
}

/** Special-token text such as `<|endoftext|>` in user code is counted as plain text, never refused. */
function encodedLength(text: string): number {
  return text === '' ? 0 : encoding().count(text);
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

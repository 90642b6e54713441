// Run by scripts/build.mjs: writes the index of the cl100k rank table (see src/core/llm/cl100k.ts)
// to the path given, so that `ldb trace` loads it instead of hashing the table at every run.
import { writeFileSync } from 'node:fs';
import { cl100kIndex } from '../src/core/llm/cl100k';

const out = process.argv[2];
if (out === undefined) throw new Error('usage: tokenizerIndex OUT');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- js-tiktoken's CJS build, as tokens.ts loads it
const ranks = require('js-tiktoken/ranks/cl100k_base') as { pat_str: string; bpe_ranks: string };
writeFileSync(out, cl100kIndex(ranks));

// A token counter for OpenAI's cl100k_base encoding, built on js-tiktoken's published rank table.
// Why not js-tiktoken's own encoder: building it takes ~240 ms (it decodes every rank into a byte
// array and keys a Map by the bytes joined with commas), and `ldb trace` pays that on every run.
// Here each rank is keyed by its bytes as a latin1 string, straight from atob: ~50-80 ms to build,
// and counting needs no token ids, only how many. test/unit/llm/cl100k.test.ts checks the counts
// against js-tiktoken on prompts, code, unicode and whitespace.

interface RankFile {
  pat_str: string;
  bpe_ranks: string;
}

export interface Cl100k {
  count(text: string): number;
}

export function buildCl100k(file: RankFile): Cl100k {
  const ranks = new Map<string, number>();
  for (const line of file.bpe_ranks.split('\n')) {
    if (line === '') continue;
    const parts = line.split(' ');
    const offset = Number(parts[1]);
    for (let i = 2; i < parts.length; i++) ranks.set(atob(parts[i]), offset + i - 2);
  }
  const pattern = new RegExp(file.pat_str, 'gu');
  return {
    count(text: string): number {
      let total = 0;
      for (const match of text.matchAll(pattern)) {
        const bytes = Buffer.from(match[0], 'utf8').toString('latin1');
        total += ranks.has(bytes) ? 1 : bytePairCount(bytes, ranks);
      }
      return total;
    },
  };
}

/**
 * Byte-pair merging as tiktoken does it: repeatedly merge the adjacent pair whose concatenation
 * has the lowest rank, until no pair is a token; the number of parts left is the token count.
 */
function bytePairCount(piece: string, ranks: ReadonlyMap<string, number>): number {
  // bounds[i] is where part i starts; the last entry is the end of the piece.
  const bounds: number[] = [];
  for (let i = 0; i <= piece.length; i++) bounds.push(i);
  const pairRank = (i: number): number =>
    i + 2 < bounds.length ? (ranks.get(piece.slice(bounds[i], bounds[i + 2])) ?? Infinity) : Infinity;
  const pairRanks: number[] = [];
  for (let i = 0; i + 2 < bounds.length; i++) pairRanks.push(pairRank(i));
  for (;;) {
    let best = Infinity;
    let at = -1;
    for (let i = 0; i < pairRanks.length; i++) {
      if (pairRanks[i] < best) {
        best = pairRanks[i]!;
        at = i;
      }
    }
    if (at < 0) break;
    bounds.splice(at + 1, 1);
    pairRanks.splice(at, 1);
    if (at < pairRanks.length) pairRanks[at] = pairRank(at);
    if (at > 0) pairRanks[at - 1] = pairRank(at - 1);
  }
  return bounds.length - 1;
}

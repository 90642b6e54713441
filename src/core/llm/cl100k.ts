// A token counter for OpenAI's cl100k_base encoding, built on js-tiktoken's published rank table.
// Why not js-tiktoken's own encoder: building it takes ~240 ms (it decodes every rank into a byte
// array and keys a Map by the bytes joined with commas), and `ldb trace` pays that on every run.
// Keying a Map by each rank's bytes as a string is faster (~40 ms) but still makes 100,000 strings,
// and collecting them cost another ~50 ms of garbage collection on the main thread of `ldb trace`.
// Here the table is an open-addressing hash over the rank file's own text, keyed by each rank's
// base64 as it stands there: a slot holds where that base64 starts and its rank, in typed arrays
// (2 MB, ~7 ms to fill, no per-rank allocation). A lookup encodes the candidate bytes to base64 on
// the fly to hash and compare them. Counting needs no token ids, only how many.
// test/unit/llm/cl100k.test.ts checks the counts against js-tiktoken on prompts, code, unicode,
// whitespace and every program of LDB's corpus.

interface RankFile {
  pat_str: string;
  bpe_ranks: string;
}

export interface Cl100k {
  count(text: string): number;
}

/** A piece of text as bytes: a latin1 string, one char per byte. */
type Bytes = string;

const BASE64 = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (c) =>
  c.charCodeAt(0),
);
const PAD = 0x3d; // '='
const SPACE = 0x20;
/** 2^18 slots for ~100,000 ranks: probes stay short. */
const SLOT_BITS = 18;

/** FNV-1a, one step. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const fnv = (hash: number, code: number): number => Math.imul(hash ^ code, FNV_PRIME);

/** The 4 base64 chars of bytes k, k+1, k+2 of piece (fewer bytes before `to`: padded), one by one. */
function base64Char(piece: Bytes, k: number, to: number, which: number): number {
  const b0 = piece.charCodeAt(k);
  const b1 = k + 1 < to ? piece.charCodeAt(k + 1) : -1;
  const b2 = k + 2 < to ? piece.charCodeAt(k + 2) : -1;
  switch (which) {
    case 0:
      return BASE64[b0 >> 2];
    case 1:
      return BASE64[((b0 & 3) << 4) | (b1 < 0 ? 0 : b1 >> 4)];
    case 2:
      return b1 < 0 ? PAD : BASE64[((b1 & 15) << 2) | (b2 < 0 ? 0 : b2 >> 6)];
    default:
      return b2 < 0 ? PAD : BASE64[b2 & 63];
  }
}

/**
 * The prebuilt index file, whole in itself: a header (magic, the rank text's length, a hash of a
 * sample of it, the pattern's length in bytes), then per slot the offset of the rank's base64 in
 * the rank text plus one (0: an empty slot) and the rank, then the pattern and the rank text. A
 * run reads this one file (~1 ms) instead of requiring js-tiktoken's 1.1 MB rank module (~10 ms
 * of compiling a string literal) and hashing its table (~7 ms).
 */
const INDEX_MAGIC = 0x6c64_6232; // "ldb2"
const HEADER_INTS = 4;
const SLOTS = 1 << SLOT_BITS;
const SLOTS_BYTES = 4 * 2 * SLOTS;
const HEADER_BYTES = 4 * HEADER_INTS;
const SAMPLE_STEP = 4096;
/** Hashes every SAMPLE_STEP-th byte and the last 64: cheap, and tells two rank tables apart. */
function sampleHash(file: Buffer): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < file.length; i += SAMPLE_STEP) h = fnv(h, file[i]);
  for (let i = Math.max(0, file.length - 64); i < file.length; i++) h = fnv(h, file[i]);
  return h;
}

class RankTable {
  private readonly mask = SLOTS - 1;
  /** Per slot: offset of the rank's base64 in `file` plus one, then the rank. */
  private readonly slots: Int32Array;
  /** The rank file's text as bytes: indexing a buffer is cheaper than charCodeAt in cold code. */
  private readonly file: Buffer;

  /** `file` is js-tiktoken's compressed table as bytes: `<ignored> <first rank> <base64> ...`. */
  constructor(file: Buffer, slots?: Int32Array) {
    this.file = file;
    if (slots) {
      this.slots = slots;
    } else {
      this.slots = new Int32Array(2 * SLOTS);
      fill(this.file, this.slots);
    }
  }

  /** The slots as bytes, for the index file. */
  slotBytes(): Uint8Array {
    const { slots } = this;
    return new Uint8Array(slots.buffer, slots.byteOffset, slots.byteLength);
  }

  /** The rank of bytes `from..to` of `piece`, or Infinity when they are not a token. */
  get(piece: Bytes, from: number, to: number): number {
    let h = FNV_OFFSET;
    for (let k = from; k < to; k += 3) {
      for (let w = 0; w < 4; w++) h = fnv(h, base64Char(piece, k, to, w));
    }
    const { slots, mask } = this;
    for (let slot = h & mask; slots[2 * slot] !== 0; slot = (slot + 1) & mask) {
      if (this.sameBase64(slots[2 * slot] - 1, piece, from, to)) return slots[2 * slot + 1];
    }
    return Infinity;
  }

  private sameBase64(start: number, piece: Bytes, from: number, to: number): boolean {
    const { file } = this;
    let i = start;
    for (let k = from; k < to; k += 3) {
      for (let w = 0; w < 4; w++) if (file[i++] !== base64Char(piece, k, to, w)) return false;
    }
    return !((file[i] ?? 0) > SPACE); // and the rank's base64 ends there too
  }
}

/** Hashes every rank of the file into the slots (a plain function: it is optimized sooner). */
function fill(file: Buffer, slots: Int32Array): void {
  const mask = SLOTS - 1;
  const end = file.length;
  let i = file.indexOf(SPACE) + 1;
  let next = 0;
  for (let c = file[i]; i < end && c >= 0x30 && c <= 0x39; c = file[++i]) next = next * 10 + (c - 0x30);
  // Ranks follow one another, separated by one space; a newline or the end closes the list.
  while (i < end && file[i] === SPACE) {
    const start = ++i;
    let h = FNV_OFFSET;
    // fnv() written out: in code that runs once, before it is optimized, a call per byte costs.
    for (let c = file[i]; i < end && c > SPACE; c = file[++i]) h = Math.imul(h ^ c, FNV_PRIME);
    let slot = h & mask;
    while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = start + 1;
    slots[2 * slot + 1] = next++;
  }
}

/** A counter over the rank file, its table hashed now. */
export function buildCl100k(file: RankFile): Cl100k {
  return counter(new RankTable(Buffer.from(file.bpe_ranks, 'latin1')), file.pat_str);
}

/** A counter from an index file (cl100kIndex); undefined when the file is not a whole, sound one. */
export function loadCl100k(index: Uint8Array): Cl100k | undefined {
  const bytes = Buffer.from(index.buffer, index.byteOffset, index.byteLength);
  if (bytes.length < HEADER_BYTES + SLOTS_BYTES) return undefined;
  const [magic, textLength, hash, patternLength] = [0, 1, 2, 3].map((i) => bytes.readInt32LE(4 * i));
  const patternStart = HEADER_BYTES + SLOTS_BYTES;
  const textStart = patternStart + patternLength;
  if (magic !== INDEX_MAGIC || patternLength < 0 || textLength < 0 || textStart + textLength !== bytes.length)
    return undefined;
  const file = bytes.subarray(textStart);
  if (sampleHash(file) !== hash) return undefined;
  // An Int32Array view needs an aligned start; a file read into a pooled buffer may not give one.
  const slotBytes = bytes.subarray(HEADER_BYTES, patternStart);
  const slots =
    slotBytes.byteOffset % 4 === 0
      ? new Int32Array(slotBytes.buffer, slotBytes.byteOffset, 2 * SLOTS)
      : new Int32Array(Uint8Array.from(slotBytes).buffer);
  return counter(new RankTable(file, slots), bytes.toString('utf8', patternStart, textStart));
}

/** The index file the build ships beside the bundles (dist/cl100k.index): see INDEX_MAGIC. */
export function cl100kIndex(file: RankFile): Uint8Array {
  const text = Buffer.from(file.bpe_ranks, 'latin1');
  const pattern = Buffer.from(file.pat_str, 'utf8');
  const header = Int32Array.of(INDEX_MAGIC, text.length, sampleHash(text), pattern.length);
  return Buffer.concat([new Uint8Array(header.buffer), new RankTable(text).slotBytes(), pattern, text]);
}

function counter(ranks: RankTable, patternSource: string): Cl100k {
  const pattern = new RegExp(patternSource, 'gu');
  return {
    count(text: string): number {
      let total = 0;
      for (const match of text.matchAll(pattern)) {
        const bytes = Buffer.from(match[0], 'utf8').toString('latin1');
        total += ranks.get(bytes, 0, bytes.length) !== Infinity ? 1 : bytePairCount(bytes, ranks);
      }
      return total;
    },
  };
}

/**
 * Byte-pair merging as tiktoken does it: repeatedly merge the adjacent pair whose concatenation
 * has the lowest rank, until no pair is a token; the number of parts left is the token count.
 */
function bytePairCount(piece: Bytes, ranks: RankTable): number {
  // bounds[i] is where part i starts; the last entry is the end of the piece.
  const bounds: number[] = [];
  for (let i = 0; i <= piece.length; i++) bounds.push(i);
  const pairRank = (i: number): number =>
    i + 2 < bounds.length ? ranks.get(piece, bounds[i], bounds[i + 2]) : Infinity;
  const pairRanks: number[] = [];
  for (let i = 0; i + 2 < bounds.length; i++) pairRanks.push(pairRank(i));
  for (;;) {
    let best = Infinity;
    let at = -1;
    for (let i = 0; i < pairRanks.length; i++) {
      if (pairRanks[i] < best) {
        best = pairRanks[i];
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

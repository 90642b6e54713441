// Reads per-block verdicts from a model's reply, whatever shape it chose. The prompt asks for LDB's
// JSON lines ({"block": "BLOCK-1", "correct": "True", "explanation": "..."}, the format of LDB's
// chat prompt); models also answer with an array, an object holding a list, an object keyed by
// block, fenced JSON, Python literals, or LDB's completion-style prose ("[BLOCK-0]\nFeedback:
// CORRECT. ..."). Every block of the trace gets a verdict: `unknown` when the reply has none.
import type { Verdict } from '../model';
import { findJsonValues } from './relaxedJson';
import { stripReasoning } from './replyText';

export interface VerdictTarget {
  label: string;
  startLine: number;
  endLine: number;
}

export interface VerdictReading {
  /** One per block, in the order of the blocks given. */
  verdicts: Verdict[];
  /** False when no block got a readable verdict: the caller asks once more, then gives up. */
  usable: boolean;
  /** Short notes, each about one thing the reply got wrong; they go into the corrective message. */
  problems: string[];
}

interface Raw {
  ref: unknown;
  correct: unknown;
  explanation: string;
}

const BLOCK_KEYS = [
  'block',
  'block_id',
  'blockid',
  'block_label',
  'block_name',
  'label',
  'segment',
  'id',
  'name',
];
const CORRECT_KEYS = [
  'correct',
  'is_correct',
  'iscorrect',
  'correctness',
  'verdict',
  'status',
  'result',
  'ok',
];
const EXPLANATION_KEYS = [
  'explanation',
  'reason',
  'reasoning',
  'feedback',
  'rationale',
  'analysis',
  'comment',
  'comments',
  'why',
  'details',
  'description',
  'message',
];

const TRUE_WORDS = new Set([
  'true',
  'yes',
  'y',
  'correct',
  'right',
  'ok',
  'okay',
  'pass',
  'passed',
  'valid',
  'fine',
]);
const FALSE_WORDS = new Set([
  'false',
  'no',
  'n',
  'incorrect',
  'not correct',
  'wrong',
  'error',
  'fail',
  'failed',
  'invalid',
  'buggy',
  'bug',
  'faulty',
]);
const UNKNOWN_WORDS = new Set(['unknown', 'unsure', 'uncertain', 'n/a', 'na', 'none', 'not sure', 'maybe']);

/** true / false / 'unknown', or undefined when the value says nothing readable. */
export function readCorrect(value: unknown): boolean | 'unknown' | undefined {
  if (typeof value === 'boolean') return value;
  if (value === null) return 'unknown';
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const word = value
    .trim()
    .toLowerCase()
    .replace(/[.!:;,]+$/, '')
    .replace(/\s+/g, ' ');
  if (TRUE_WORDS.has(word) || word === '✓' || word === '✅') return true;
  if (FALSE_WORDS.has(word) || word === '✗' || word === '❌') return false;
  if (UNKNOWN_WORDS.has(word)) return 'unknown';
  // "Correct. The loop ..." / "INCORRECT - ..." as the whole value.
  const lead = /^(not correct|incorrect|correct|wrong|right|true|false|yes|no)\b/.exec(word);
  return lead ? readCorrect(lead[1]) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(record: Record<string, unknown>, names: string[]): [string, unknown] | undefined {
  const lower = new Map(
    Object.entries(record).map(([k, v]) => [k.toLowerCase(), [k, v] as [string, unknown]]),
  );
  for (const name of names) {
    const hit = lower.get(name);
    if (hit) return hit;
  }
  return undefined;
}

function explanationOf(record: Record<string, unknown>): string {
  const hit = field(record, EXPLANATION_KEYS);
  if (!hit) return '';
  const [, value] = hit;
  return typeof value === 'string' ? value.trim() : JSON.stringify(value);
}

const REF = /^\s*\[?\s*(block|line|function|segment)?[\s_-]*#?(\d+)\s*\]?\s*$/i;

function looksLikeRef(key: string): boolean {
  const m = REF.exec(key);
  return m !== null && m[1] !== undefined;
}

/**
 * How deep a verdict may sit in the reply's JSON. Mechanism, not a limit on the model: real replies
 * nest two or three levels, and a walk without a bound would overflow the stack on a reply of a
 * few thousand nested brackets.
 */
const MAX_JSON_DEPTH = 64;

/** Walks any JSON shape and collects what reads as a verdict. */
function collect(value: unknown, out: Raw[], keyRef?: unknown, depth = 0): void {
  if (depth > MAX_JSON_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, out, undefined, depth + 1);
    return;
  }
  if (!isRecord(value)) return;
  const ref = field(value, BLOCK_KEYS);
  const correct = field(value, CORRECT_KEYS);
  if (correct) {
    out.push({ ref: ref ? ref[1] : keyRef, correct: correct[1], explanation: explanationOf(value) });
    return;
  }
  // {"block": "BLOCK-2", "assessment": {"correct": false, ...}}: the name applies to what is inside.
  const inherited = ref ? ref[1] : keyRef;
  for (const [key, inner] of Object.entries(value)) {
    if (looksLikeRef(key) && !isRecord(inner) && !Array.isArray(inner)) {
      // {"BLOCK-3": false} or {"BLOCK-3": "Incorrect: the bound is off by one"}
      out.push({ ref: key, correct: inner, explanation: typeof inner === 'string' ? inner : '' });
    } else if (isRecord(inner) || Array.isArray(inner)) {
      collect(inner, out, looksLikeRef(key) ? key : isRecord(inner) ? inherited : undefined, depth + 1);
    }
  }
}

/** Matches a reference from the reply to one of the labels: exactly, or by its number. */
function resolve(ref: unknown, targets: VerdictTarget[]): VerdictTarget | undefined {
  const text = typeof ref === 'number' ? String(ref) : typeof ref === 'string' ? ref : undefined;
  if (text === undefined) return undefined;
  const plain = (s: string): string => s.replace(/[[\]\s]/g, '').toUpperCase();
  const exact = targets.find((t) => plain(t.label) === plain(text));
  if (exact) return exact;
  const m = REF.exec(text);
  if (!m) return undefined;
  const byNumber = targets.filter((t) => /(\d+)\s*$/.exec(t.label)?.[1] === String(Number(m[2])));
  const samePrefix = byNumber.filter((t) => !m[1] || t.label.toUpperCase().startsWith(m[1].toUpperCase()));
  if (samePrefix.length === 1) return samePrefix[0];
  return byNumber.length === 1 ? byNumber[0] : undefined;
}

function refText(ref: unknown): string {
  return typeof ref === 'string' ? ref.trim() : (JSON.stringify(ref) ?? String(ref));
}

// LDB's completion-style answers and free prose: a block name at the start of a line, then what
// is said about it until the next one.
const PROSE_REF =
  /^[ \t>*#_+`|"'{(-]*(?:\d+[.)]\s+)?(?:["']?block["']?\s*:\s*["']?)?\[?\s*(BLOCK|LINE|FUNCTION|SEGMENT)[\s_-]*(\d+)\s*\]?/gim;
const KEYED_VERDICT = /["']?(?:correct|is_correct|correctness|verdict)["']?\s*[:=]\s*["']?([A-Za-z]+)/i;
const KEYED_EXPLANATION =
  /["']?(?:explanation|reason|feedback)["']?\s*:\s*["']?([\s\S]*?)["']?\s*[}\]]?\s*$/i;
const LEADING_VERDICT =
  /^[\s\])*_`:|,.\-–—"']*(?:feedback\s*:\s*)?(not correct|incorrect|correct|wrong|right|true|false|buggy|faulty)\b/i;
const STATED_VERDICT =
  /\b(?:is|looks|seems|appears|are)\s+(not correct|incorrect|correct|wrong|right|fine|buggy)\b/i;

function fromProse(text: string): Raw[] {
  const marks = [...text.matchAll(PROSE_REF)];
  const out: Raw[] = [];
  marks.forEach((mark, i) => {
    const from = mark.index + mark[0].length;
    const segment = text.slice(from, i + 1 < marks.length ? marks[i + 1].index : text.length);
    const ref = `${mark[1].toUpperCase()}-${mark[2]}`;
    const keyed = KEYED_VERDICT.exec(segment);
    if (keyed) {
      const explained = KEYED_EXPLANATION.exec(segment);
      out.push({ ref, correct: keyed[1], explanation: explained ? explained[1].trim() : '' });
      return;
    }
    const verdict = LEADING_VERDICT.exec(segment) ?? STATED_VERDICT.exec(segment);
    if (!verdict) return;
    const after = segment.slice(verdict.index + verdict[0].length).replace(/^[\s.:;,\-–—]+/, '');
    const explanation = (after || segment).replace(/\s+/g, ' ').trim();
    out.push({ ref, correct: verdict[1], explanation });
  });
  return out;
}

export function parseVerdicts(text: string, blocks: VerdictTarget[]): VerdictReading {
  const reply = stripReasoning(text);
  const problems: string[] = [];
  let raws: Raw[] = [];
  for (const value of findJsonValues(reply)) collect(value, raws);
  if (raws.length === 0) raws = fromProse(reply);

  // An answer in order without block names ([{"correct": true}, ...]) is taken by position only
  // when it has exactly one entry per block.
  const unnamed = raws.filter((r) => r.ref === undefined);
  if (unnamed.length > 0 && unnamed.length === blocks.length && unnamed.length === raws.length) {
    raws = raws.map((r, i) => ({ ...r, ref: blocks[i].label }));
    problems.push('verdicts without block names, matched by position');
  } else if (unnamed.length > 0) {
    problems.push(`${unnamed.length} verdict(s) without a block name (dropped)`);
  }

  const found = new Map<string, { correct: boolean | 'unknown'; explanation: string }>();
  for (const raw of raws) {
    if (raw.ref === undefined) continue;
    const target = resolve(raw.ref, blocks);
    if (!target) {
      problems.push(`verdict for ${refText(raw.ref)}, which is not in the trace (dropped)`);
      continue;
    }
    let correct = readCorrect(raw.correct);
    if (correct === undefined) {
      problems.push(`${target.label}: cannot read ${JSON.stringify(raw.correct)} as correct or not`);
      correct = 'unknown';
    }
    const before = found.get(target.label);
    if (before && before.correct !== correct)
      problems.push(`two different verdicts for ${target.label} (kept the last)`);
    found.set(target.label, { correct, explanation: raw.explanation });
  }

  const verdicts: Verdict[] = blocks.map((block) => {
    const hit = found.get(block.label);
    if (!hit) problems.push(`no verdict for ${block.label}`);
    return {
      block: block.label,
      correct: hit?.correct ?? 'unknown',
      explanation: hit?.explanation ?? '',
      startLine: block.startLine,
      endLine: block.endLine,
    };
  });
  const readable = verdicts.some((v) => v.correct !== 'unknown');
  if (raws.length === 0) problems.unshift('no verdicts found in the reply');
  return { verdicts, usable: readable || blocks.length === 0, problems };
}

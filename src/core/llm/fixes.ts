// Takes the proposed program out of a "fix the code" reply. Which code block is the fix is a
// judgement; whether it is usable (parses, still defines the entry function) is the caller's
// `check`, which has a real parser (tree-sitter); this file never guesses about syntax.
import { dedent, findFences, stripReasoning, type Fence } from './replyText';

/**
 * Whether code is a usable fix. `reason` reads after "the code in the reply", e.g.
 * "does not parse: syntax error at 3:5" or "does not define `f`".
 */
export type FixCheck = (code: string) => { ok: true } | { ok: false; reason: string };

/**
 * The fix, or why the reply holds none; then `likeliest` is the first code tried (the likeliest
 * fence, or the whole reply when it has none: what LDB would have run as the next program), absent
 * when there is nothing to try.
 */
export type FixExtraction = { code: string } | { error: string; likeliest?: string };

/** What reading a fix needs to know of the program's language (a LanguageSupport's words). */
export interface FixLanguage {
  /** Fence tags that hold code of the language; an untagged fence always may. */
  fenceTags: readonly string[];
  /** Whether the code seems to define the function: for ranking only, the check decides. */
  definesFunction(code: string, name: string): boolean;
  /** A line that starts code, for replies without fences. */
  codeStart: RegExp;
}

interface Candidate {
  code: string;
  defines: boolean;
  codeTag: boolean;
  index: number;
}

/**
 * Best first: defines the entry function, then holds code (python/js/ts or untagged, not ```text
 * or ```bash), then the longest, then the later one (a reply that shows the bug, then the fix).
 */
function rank(fences: Fence[], entryFunction: string, language: FixLanguage): Candidate[] {
  const name = entryFunction.split('.').pop() ?? entryFunction;
  return fences
    .map((fence) => {
      const code = dedent(fence.code).replace(/\s+$/, '');
      return {
        code,
        defines: language.definesFunction(code, name),
        codeTag: fence.tag === '' || language.fenceTags.includes(fence.tag),
        index: fence.index,
      };
    })
    .filter((c) => c.code.trim() !== '')
    .sort(
      (a, b) =>
        Number(b.defines) - Number(a.defines) ||
        Number(b.codeTag) - Number(a.codeTag) ||
        b.code.length - a.code.length ||
        b.index - a.index,
    );
}

/**
 * A reply without fences: the text from the first line that starts code to the last line that is
 * still code (indented, blank, or itself starting code), so a sentence before or after is left out.
 */
function unfencedCode(reply: string, codeStart: RegExp): string | undefined {
  const lines = reply.split(/\r?\n/);
  const first = lines.findIndex((l) => codeStart.test(l));
  if (first < 0) return undefined;
  let last = first;
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    if (/^[ \t]/.test(line) || codeStart.test(line) || /^[)\]}]/.test(line)) last = i;
    else break;
  }
  return lines.slice(first, last + 1).join('\n');
}

type CheckVerdict = ReturnType<FixCheck>;

/**
 * The choice itself, as a generator so that one logic serves a synchronous check (extractFix) and
 * an asynchronous one (extractFixAsync): it yields each candidate, likeliest first, and is sent the
 * check's verdict on it.
 */
function* chooseFix(
  text: string,
  entryFunction: string,
  language: FixLanguage,
): Generator<string, FixExtraction, CheckVerdict> {
  const reply = stripReasoning(text).trim();
  if (reply === '') return { error: 'the reply is empty' };

  const fences = findFences(reply);
  if (fences.length > 0) {
    const candidates = rank(fences, entryFunction, language);
    if (candidates.length === 0) return { error: 'the code blocks in the reply are empty' };
    let firstReason = '';
    for (const candidate of candidates) {
      const verdict = yield candidate.code;
      if (verdict.ok) return { code: candidate.code };
      firstReason ||= verdict.reason;
    }
    return {
      error:
        candidates.length === 1
          ? `the code in the reply ${firstReason}`
          : `none of the ${candidates.length} code blocks in the reply is usable; the likeliest ${firstReason}`,
      likeliest: candidates[0].code,
    };
  }

  // No fence: the whole reply when it is code, else the code-looking part of it.
  const whole = yield reply;
  if (whole.ok) return { code: reply };
  const part = unfencedCode(reply, language.codeStart);
  if (part === undefined)
    return { error: 'the reply holds no code block and no recognisable code', likeliest: reply };
  const code = part.replace(/\s+$/, '');
  if (code === reply) return { error: `the code in the reply ${whole.reason}`, likeliest: reply };
  const verdict = yield code;
  return verdict.ok ? { code } : { error: `the code in the reply ${verdict.reason}`, likeliest: reply };
}

export function extractFix(
  text: string,
  entryFunction: string,
  check: FixCheck,
  language: FixLanguage,
): FixExtraction {
  const choice = chooseFix(text, entryFunction, language);
  let step = choice.next();
  while (!step.done) step = choice.next(check(step.value));
  return step.value;
}

/** extractFix with a check that needs to wait (the loop's parses with tree-sitter). */
export async function extractFixAsync(
  text: string,
  entryFunction: string,
  check: (code: string) => Promise<CheckVerdict>,
  language: FixLanguage,
): Promise<FixExtraction> {
  const choice = chooseFix(text, entryFunction, language);
  let step = choice.next();
  while (!step.done) step = choice.next(await check(step.value));
  return step.value;
}

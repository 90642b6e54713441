// Takes the proposed program out of a "fix the code" reply. Which code block is the fix is a
// judgement; whether it is usable (parses, still defines the entry function) is the caller's
// `check`, which has a real parser (tree-sitter); this file never guesses about syntax.
import { dedent, findFences, stripReasoning, type Fence } from './replyText';

/**
 * Whether code is a usable fix. `reason` reads after "the code in the reply", e.g.
 * "does not parse: syntax error at 3:5" or "does not define `f`".
 */
export type FixCheck = (code: string) => { ok: true } | { ok: false; reason: string };

export type FixExtraction = { code: string } | { error: string };

/** Tags that hold source code of the languages we debug; '' is an untagged fence. */
const CODE_TAGS = new Set([
  '',
  'python',
  'py',
  'python3',
  'py3',
  'javascript',
  'js',
  'typescript',
  'ts',
  'jsx',
  'tsx',
]);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether the code seems to define the function: for ranking only, the check decides. */
function definesFunction(code: string, entryFunction: string): boolean {
  const name = escapeRegExp(entryFunction.split('.').pop() ?? entryFunction);
  return new RegExp(
    `^[ \\t]*(?:(?:async[ \\t]+)?def[ \\t]+${name}[ \\t]*\\(|(?:export[ \\t]+)?(?:async[ \\t]+)?function\\*?[ \\t]+${name}[ \\t]*[(<]|(?:export[ \\t]+)?(?:const|let|var)[ \\t]+${name}\\b)`,
    'm',
  ).test(code);
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
function rank(fences: Fence[], entryFunction: string): Candidate[] {
  return fences
    .map((fence) => {
      const code = dedent(fence.code).replace(/\s+$/, '');
      return {
        code,
        defines: definesFunction(code, entryFunction),
        codeTag: CODE_TAGS.has(fence.tag),
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

const CODE_START = /^(?:async\s+def|def|class|import|from\s+\S+\s+import|@|function|export|const|let)\b/;

/**
 * A reply without fences: the text from the first line that starts code to the last line that is
 * still code (indented, blank, or itself starting code), so a sentence before or after is left out.
 */
function unfencedCode(reply: string): string | undefined {
  const lines = reply.split(/\r?\n/);
  const first = lines.findIndex((l) => CODE_START.test(l));
  if (first < 0) return undefined;
  let last = first;
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    if (/^[ \t]/.test(line) || CODE_START.test(line) || /^[)\]}]/.test(line)) last = i;
    else break;
  }
  return lines.slice(first, last + 1).join('\n');
}

export function extractFix(text: string, entryFunction: string, check: FixCheck): FixExtraction {
  const reply = stripReasoning(text).trim();
  if (reply === '') return { error: 'the reply is empty' };

  const fences = findFences(reply);
  if (fences.length > 0) {
    const candidates = rank(fences, entryFunction);
    if (candidates.length === 0) return { error: 'the code blocks in the reply are empty' };
    let firstReason = '';
    for (const candidate of candidates) {
      const verdict = check(candidate.code);
      if (verdict.ok) return { code: candidate.code };
      firstReason ||= verdict.reason;
    }
    return {
      error:
        candidates.length === 1
          ? `the code in the reply ${firstReason}`
          : `none of the ${candidates.length} code blocks in the reply is usable; the likeliest ${firstReason}`,
    };
  }

  // No fence: the whole reply when it is code, else the code-looking part of it.
  const whole = check(reply);
  if (whole.ok) return { code: reply };
  const part = unfencedCode(reply);
  if (part === undefined) return { error: 'the reply holds no code block and no recognisable code' };
  const code = part.replace(/\s+$/, '');
  const verdict = check(code);
  return verdict.ok ? { code } : { error: `the code in the reply ${verdict.reason}` };
}

// What the scripted model answers about the make_a_pile fixture (HumanEval/100), without vscode so
// that the UI scenario (test/e2e, plain Node) uses the same answers as the host tests: per-block
// verdicts (the block that appends n + 2*i + 1 is wrong) and a fix that replaces only the faulty
// branch.
import type { RecordedRequest, Step } from '../support/scriptedServer';

export const WRONG_EXPLANATION =
  'appends n + 2*i + 1, an even number for odd n: the next odd number is n + 2*(i+1)';

export const FAULTY_BRANCH = [
  '        if n % 2 == 0:',
  '            pile.append(n + 2*i + 2)',
  '        else:',
  '            pile.append(n + 2*i + 1)',
].join('\n');

export const FIXED_BRANCH = '        pile.append(n + 2*i + 2)';

/** Verdicts for every `[BLOCK-n]` of the request's trace: wrong where the code appends n + 2*i + 1. */
export function verdictReply(request: RecordedRequest): string {
  const text = request.messages[request.messages.length - 1]?.content ?? '';
  const out: string[] = [];
  const parts = text.split(/^\[(BLOCK-\d+)\].*$/m);
  for (let i = 1; i < parts.length; i += 2) {
    const wrong = parts[i + 1].includes('n + 2*i + 1');
    out.push(
      JSON.stringify({
        block: parts[i],
        correct: !wrong,
        explanation: wrong ? WRONG_EXPLANATION : 'does what the task says',
      }),
    );
  }
  return out.join('\n');
}

/** The fixture's function (from the file's text) with the faulty branch replaced. */
export function fixedFunction(fileText: string): string {
  const lines = fileText.split('\n');
  const start = lines.findIndex((l) => l.startsWith('def make_a_pile'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('    return pile'));
  return lines
    .slice(start, end + 1)
    .join('\n')
    .replace(FAULTY_BRANCH, FIXED_BRANCH);
}

export const isFixRequest = (r: RecordedRequest): boolean =>
  (r.messages[r.messages.length - 1]?.content ?? '').startsWith('Fix the code');

/** The whole script: a fix when asked for one, else verdicts (or `verdicts()` when given). */
export function makeAPileScript(fileText: string, verdicts?: (request: RecordedRequest) => Step) {
  return (request: RecordedRequest): Step =>
    isFixRequest(request)
      ? { reply: 'Here is the fixed code:\n```python\n' + fixedFunction(fileText) + '\n```' }
      : (verdicts?.(request) ?? { reply: verdictReply(request) });
}

// The scripted OpenAI-compatible server, started inside the extension host for the debug tests,
// with answers for the make_a_pile fixture: per-block verdicts (the block that appends n + 2*i + 1
// is wrong) and a fix that keeps everything but the faulty branch.
import { readFileSync } from 'node:fs';
import {
  hang,
  reply,
  startScriptedServer,
  type RecordedRequest,
  type ScriptedServer,
  type Step,
} from '../support/scriptedServer';
import { configure, fixtureUri } from './support';

export const WRONG_EXPLANATION =
  'appends n + 2*i + 1, an even number for odd n: the next odd number is n + 2*(i+1)';

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

/** The fixture's function with the if/else replaced by the odd/even-agnostic step. */
export function fixedFunction(): string {
  const text = readFileSync(fixtureUri('make_a_pile.py').fsPath, 'utf8');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('def make_a_pile'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('    return pile'));
  const body = lines.slice(start, end + 1).join('\n');
  const branch = [
    '        if n % 2 == 0:',
    '            pile.append(n + 2*i + 2)',
    '        else:',
    '            pile.append(n + 2*i + 1)',
  ].join('\n');
  return body.replace(branch, '        pile.append(n + 2*i + 2)');
}

export const isFixRequest = (r: RecordedRequest): boolean =>
  (r.messages[r.messages.length - 1]?.content ?? '').startsWith('Fix the code');

export interface ServerOptions {
  /** Answer verdict requests with this step instead (e.g. hang()). */
  verdicts?: () => Step;
}

/** Starts the server and points `ldb.llm.*` at it (a loopback URL: no key needed). */
export async function startServer(options: ServerOptions = {}): Promise<ScriptedServer> {
  const server = await startScriptedServer((request) => {
    if (isFixRequest(request))
      return reply('Here is the fixed code:\n```python\n' + fixedFunction() + '\n```');
    return options.verdicts?.() ?? reply(verdictReply(request));
  });
  await configure({
    'llm.provider': 'openai-compatible',
    'llm.baseUrl': server.baseUrl,
    'llm.model': 'scripted-model',
  });
  return server;
}

export { hang };

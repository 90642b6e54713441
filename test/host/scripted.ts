// The scripted OpenAI-compatible server, started inside the extension host for the debug tests,
// answering about the make_a_pile fixture (makeAPile.ts), with `ldb.llm.*` pointed at it.
import { readFileSync } from 'node:fs';
import {
  hang,
  startScriptedServer,
  type RecordedRequest,
  type ScriptedServer,
  type Step,
} from '../support/scriptedServer';
import { makeAPileScript } from './makeAPile';
import { configure, fixtureUri } from './support';

export { WRONG_EXPLANATION, fixedFunction, isFixRequest, verdictReply } from './makeAPile';
export { hang };

export interface ServerOptions {
  /** Answer verdict requests with this step instead (e.g. hang()). */
  verdicts?: (request: RecordedRequest) => Step;
}

/** Starts the server and points `ldb.llm.*` at it (a loopback URL: no key needed). */
export async function startServer(options: ServerOptions = {}): Promise<ScriptedServer> {
  const text = readFileSync(fixtureUri('make_a_pile.py').fsPath, 'utf8');
  const server = await startScriptedServer(makeAPileScript(text, options.verdicts));
  await configure({
    'llm.provider': 'openai-compatible',
    'llm.baseUrl': server.baseUrl,
    'llm.model': 'scripted-model',
  });
  return server;
}

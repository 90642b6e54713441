// `ldb replay session.json`: prints a saved session again, without any model.
import { readFile } from 'node:fs/promises';
import { badInput } from '../../core/errors';
import type { Session } from '../../core/model';
import { flag, parseCommandArgs, singlePositional } from '../args';
import type { CommandContext } from '../context';
import { sessionText } from '../sessionText';

export const REPLAY_HELP = `usage: ldb replay SESSION.json [--json]

Prints a session saved by 'ldb debug --out' (or the extension's "LDB: Export Session") again:
tests, verdicts, the fix as a diff. No model is called.`;

export async function replayCommand(ctx: CommandContext, argv: string[]): Promise<number> {
  const parsed = parseCommandArgs('replay', argv, { json: { type: 'boolean' } });
  const file = singlePositional('replay', parsed, 'SESSION.json');
  const session = readSession(
    file,
    await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw badInput(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    }),
  );
  ctx.stdout(flag(parsed, 'json') ? JSON.stringify(session) + '\n' : sessionText(session));
  return 0;
}

export function readSession(file: string, text: string): Session {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badInput(`${file} is not JSON: expected a session saved by 'ldb debug --out'`);
  }
  const s = value as Partial<Session>;
  if (s.format !== 'ldb-session' || s.version !== 1 || !Array.isArray(s.iterations)) {
    throw badInput(`${file} is not an LDB session (format 'ldb-session', version 1)`);
  }
  return s as Session;
}

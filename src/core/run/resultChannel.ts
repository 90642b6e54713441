// How a runtime's result reaches us: on a pipe the child inherits as fd 3 (no path the program
// could write to), in frames `TOKEN LENGTH\n` + JSON, signed with a token made for that run. A
// provisional result at the time limit may be followed by the real one, and a frame cut off by a
// kill is not whole: the last whole frame with the run's token is the result. The same for every
// language's runtime; what the runtime's result holds is theirs (runResult.ts reads the common part).
import { randomBytes } from 'node:crypto';

export interface ResultChannel {
  /** The fd of the pipe in the child (sandbox.ts's resultChannelBytes opens it). */
  fd: number;
  token: string;
}

const RESULT_FD = 3;

export function newResultChannel(): ResultChannel {
  return { fd: RESULT_FD, token: randomBytes(16).toString('hex') };
}

/** The text of the last whole frame signed with `token`; undefined when there is none. */
export function lastSignedFrame(channel: Buffer | undefined, token: string): string | undefined {
  let text: string | undefined;
  let at = 0;
  while (channel !== undefined && at < channel.length) {
    const eol = channel.indexOf(10, at);
    if (eol < 0) break;
    const [said, size] = channel.subarray(at, eol).toString('latin1').split(' ');
    const length = Number(size);
    if (!Number.isInteger(length) || length < 0 || eol + 1 + length > channel.length) break;
    if (said === token) text = channel.subarray(eol + 1, eol + 1 + length).toString('utf8');
    at = eol + 1 + length;
  }
  return text;
}

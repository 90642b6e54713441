// How a runtime's result reaches us: on a pipe the child inherits as fd 3 (no path the program
// could write to), in frames `TOKEN LENGTH\n` + JSON, signed with a token made for that run. A
// provisional result at the time limit may be followed by the real one, and a frame cut off by a
// kill is not whole: the last whole frame with the run's token is the result. The same for every
// language's runtime; what the runtime's result holds is theirs (runResult.ts reads the common part).
import { closeSync, openSync, readSync } from 'node:fs';

export interface ResultChannel {
  /** The fd of the pipe in the child (sandbox.ts's resultChannelBytes opens it). */
  fd: number;
  token: string;
}

const RESULT_FD = 3;

const TOKEN_BYTES = 16;

export function newResultChannel(): ResultChannel {
  return { fd: RESULT_FD, token: randomToken().toString('hex') };
}

/**
 * Unguessable bytes. From the kernel's generator where there is one: loading node:crypto (OpenSSL's
 * bindings, a dozen modules) costs 2-10 ms, and `ldb trace` pays it before its child can start.
 */
function randomToken(): Buffer {
  const bytes = Buffer.alloc(TOKEN_BYTES);
  try {
    const fd = openSync('/dev/urandom', 'r');
    try {
      if (readSync(fd, bytes, 0, TOKEN_BYTES, null) === TOKEN_BYTES) return bytes;
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows, or a system without /dev/urandom: node:crypto below.
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only where needed, see above
  return (require('node:crypto') as typeof import('node:crypto')).randomBytes(TOKEN_BYTES);
}

/** The texts of the whole frames signed with `token`, in order (a runtime may stream its visits). */
export function signedFrames(channel: Buffer | undefined, token: string): string[] {
  const texts: string[] = [];
  let at = 0;
  while (channel !== undefined && at < channel.length) {
    const eol = channel.indexOf(10, at);
    if (eol < 0) break;
    const [said, size] = channel.subarray(at, eol).toString('latin1').split(' ');
    const length = Number(size);
    if (!Number.isInteger(length) || length < 0 || eol + 1 + length > channel.length) break;
    if (said === token) texts.push(channel.subarray(eol + 1, eol + 1 + length).toString('utf8'));
    at = eol + 1 + length;
  }
  return texts;
}

/**
 * The text of the last whole frame signed with `token` (and, when given, that `accept` takes: a
 * runtime may send other messages on the channel); undefined when there is none.
 */
export function lastSignedFrame(
  channel: Buffer | undefined,
  token: string,
  accept: (text: string) => boolean = () => true,
): string | undefined {
  return signedFrames(channel, token).filter(accept).at(-1);
}

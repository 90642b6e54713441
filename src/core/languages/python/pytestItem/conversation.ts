// The plugin's questions during a run under pytest: the first time a function of a file runs, it
// asks whether that file is traced, on the result channel (a frame signed with the run's token,
// `{"segment": path}`), and waits on its stdin for the answer (`LENGTH\n` + JSON). The result
// itself comes on the same channel, as the last signed frame that is not a question.

/** A question is a few hundred bytes at most; longer frames (the result) are skipped unread. */
const MAX_QUESTION_BYTES = 64 * 1024;
/** `TOKEN LENGTH`: a longer header is not ours, and the reader stops listening. */
const MAX_HEADER_BYTES = 256;

/** A frame for the child's stdin: its byte length, a newline, the text. */
export function stdinFrame(text: string): string {
  return `${Buffer.byteLength(text, 'utf8')}\n${text}`;
}

/** Whether a frame's text is a question (else it is a result). */
export function isQuestion(text: string): boolean {
  return text.startsWith('{"segment":');
}

/** Reads the channel as it comes and hands each signed question's path to `onQuestion`. */
export class QuestionReader {
  private header: number[] = [];
  private body: Buffer[] | undefined;
  private left = 0;
  private skipping = false;
  private broken = false;

  constructor(
    private readonly token: string,
    private readonly onQuestion: (path: string) => void,
  ) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && !this.broken) {
      if (this.left > 0) {
        const take = Math.min(this.left, chunk.length - at);
        if (!this.skipping) this.body?.push(chunk.subarray(at, at + take));
        this.left -= take;
        at += take;
        if (this.left === 0) this.endFrame();
        continue;
      }
      const byte = chunk[at++];
      if (byte !== 10) {
        this.header.push(byte);
        if (this.header.length > MAX_HEADER_BYTES) this.broken = true;
        continue;
      }
      const [said, size] = Buffer.from(this.header).toString('latin1').split(' ');
      this.header = [];
      const length = Number(size);
      if (!Number.isInteger(length) || length < 0) {
        this.broken = true;
        continue;
      }
      this.skipping = said !== this.token || length > MAX_QUESTION_BYTES;
      this.body = this.skipping ? undefined : [];
      this.left = length;
      if (length === 0) this.endFrame();
    }
  }

  private endFrame(): void {
    const body = this.body;
    this.body = undefined;
    if (body === undefined) return;
    const text = Buffer.concat(body).toString('utf8');
    if (!isQuestion(text)) return;
    try {
      const { segment } = JSON.parse(text) as { segment?: unknown };
      if (typeof segment === 'string') this.onQuestion(segment);
    } catch {
      // not a whole question: nothing to answer
    }
  }
}

// The result channel's frames (src/core/run/resultChannel.ts): only whole frames signed with the
// run's token count, the last one wins, and every run gets a token of its own.
import { strict as assert } from 'node:assert';
import { lastSignedFrame, newResultChannel } from '../../../src/core/run/resultChannel';

const frame = (token: string, text: string): string => `${token} ${Buffer.byteLength(text)}\n${text}`;

describe('result channel', () => {
  it('gives every run a token of its own, 128 random bits in hex', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => newResultChannel().token));
    assert.equal(tokens.size, 100);
    for (const t of tokens) assert.match(t, /^[0-9a-f]{32}$/);
  });

  it('reads the last whole frame with the token, ignoring frames signed otherwise', () => {
    const { token } = newResultChannel();
    const channel = Buffer.from(
      frame(token, '{"a":1}') + frame('f'.repeat(32), '{"forged":true}') + frame(token, '{"é":2}'),
    );
    assert.equal(lastSignedFrame(channel, token), '{"é":2}');
  });

  it('ignores a frame cut off by a kill, and has nothing when no frame is whole', () => {
    const { token } = newResultChannel();
    const whole = frame(token, '{"provisional":true}');
    const cut = frame(token, '{"final":true}').slice(0, -3);
    assert.equal(lastSignedFrame(Buffer.from(whole + cut), token), '{"provisional":true}');
    assert.equal(lastSignedFrame(Buffer.from(cut), token), undefined);
    assert.equal(lastSignedFrame(undefined, token), undefined);
  });
});

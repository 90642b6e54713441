import { strict as assert } from 'node:assert';
import { isLdbError } from '../../../src/core/errors';
import {
  backoffMs,
  isRetryableStatus,
  retryAfterMs,
  retryDelayMs,
  sleep,
  type RetryLimits,
} from '../../../src/core/llm/retryPolicy';

const LIMITS: RetryLimits = {
  maxRetries: 4,
  backoffBaseMs: 100,
  backoffMaxMs: 1_000,
  maxRetryAfterMs: 5_000,
};
const NOW = Date.parse('2025-01-01T00:00:00Z');

function checkRetryAfter(headers: Record<string, string>, expected: number | undefined): void {
  assert.equal(retryAfterMs(new Headers(headers), NOW), expected, JSON.stringify(headers));
}

describe('retry policy', () => {
  it('retries timeouts, rate limits and server errors only', () => {
    assert.deepEqual(
      [400, 401, 403, 404, 408, 422, 429, 500, 502, 503].filter(isRetryableStatus),
      [408, 429, 500, 502, 503],
    );
  });

  it('reads Retry-After as seconds, as an HTTP date, and retry-after-ms', () => {
    checkRetryAfter({ 'retry-after': '2' }, 2_000);
    checkRetryAfter({ 'retry-after': '0.25' }, 250);
    checkRetryAfter({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }, 7_000);
    checkRetryAfter({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }, 0);
    checkRetryAfter({ 'retry-after-ms': '1500', 'retry-after': '9' }, 1_500);
    checkRetryAfter({ 'retry-after': 'soon' }, undefined);
    checkRetryAfter({}, undefined);
    assert.equal(retryAfterMs(undefined), undefined);
  });

  it('doubles the backoff with jitter within [step/2, step], up to the maximum', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].map((n) => backoffMs(n, LIMITS, () => 0)),
      [50, 100, 200, 400, 500, 500],
    );
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].map((n) => backoffMs(n, LIMITS, () => 0.999999)),
      [100, 200, 400, 800, 1_000, 1_000],
    );
  });

  it("uses the server's wait when it gave one, capped", () => {
    assert.equal(retryDelayMs(3, LIMITS, 1_200), 1_200);
    assert.equal(retryDelayMs(0, LIMITS, 0), 0);
    assert.equal(retryDelayMs(0, LIMITS, 3_600_000), 5_000);
    assert.equal(
      retryDelayMs(1, LIMITS, undefined, () => 0),
      100,
    );
  });

  it('sleeps, and stops sleeping at once when aborted', async () => {
    let started = Date.now();
    await sleep(30);
    assert.ok(Date.now() - started >= 25);

    const controller = new AbortController();
    started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(sleep(10_000, controller.signal), (error: unknown) =>
      isLdbError(error, 'cancelled'),
    );
    assert.ok(Date.now() - started < 500);
    await assert.rejects(sleep(10, AbortSignal.abort()), (error: unknown) => isLdbError(error, 'cancelled'));
  });
});

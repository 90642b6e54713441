// When and how long to wait before asking a model again. Pure functions plus one abortable sleep,
// so the policy is tested without a server and the client stays a thin loop over it.
import { LdbError } from '../errors';

export interface RetryLimits {
  /** Retries after the first attempt, for 408, 429, 5xx and network failures. */
  maxRetries: number;
  /** First backoff; each retry doubles it, with jitter, up to backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A server's Retry-After is honoured up to this long (a day-long quota reset is not waited out). */
  maxRetryAfterMs: number;
}

/** Statuses worth asking again: request timeout, rate limit, and the server's own failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

interface HeaderLookup {
  get(name: string): string | null;
}

/**
 * The wait a server asked for, in ms: `retry-after-ms` (OpenAI's), or `Retry-After` as seconds or
 * as an HTTP date. Undefined when absent or unreadable; never negative.
 */
export function retryAfterMs(
  headers: HeaderLookup | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with "equal jitter": half of the step is fixed, half random, so clients that
 * failed together do not retry together, and no wait collapses to zero.
 * `attempt` is 0 for the first retry.
 */
export function backoffMs(attempt: number, limits: RetryLimits, random: () => number = Math.random): number {
  const step = Math.min(limits.backoffMaxMs, limits.backoffBaseMs * 2 ** attempt);
  return Math.round(step / 2 + random() * (step / 2));
}

/** The wait before retry number `attempt`: the server's word when it gave one (capped), else backoff. */
export function retryDelayMs(
  attempt: number,
  limits: RetryLimits,
  serverAskedMs: number | undefined,
  random?: () => number,
): number {
  if (serverAskedMs !== undefined) return Math.min(serverAskedMs, limits.maxRetryAfterMs);
  return backoffMs(attempt, limits, random);
}

export function cancelled(): LdbError {
  return new LdbError('cancelled', 'cancelled');
}

/** Resolves after `ms`, or rejects with LdbError('cancelled') as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

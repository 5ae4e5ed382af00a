import type { RetryErrorInfo } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { BoundedBackoff, CanopyRetryStrategy, resolveRetryOptions } from './retry.js';

const throttled: RetryErrorInfo = { errorType: 'THROTTLING' };

function strategy(options: Parameters<typeof resolveRetryOptions>[0] = {}) {
  const resolved = resolveRetryOptions(options);
  return new CanopyRetryStrategy(resolved, new BoundedBackoff(resolved.minDelayMs, resolved.maxBackoffMs, () => 0.5));
}

async function refusal(promise: Promise<unknown>): Promise<boolean> {
  return promise.then(
    () => false,
    () => true,
  );
}

describe('CanopyRetryStrategy', () => {
  it('retries throttling and transient errors up to max_retries, then gives up', async () => {
    const s = strategy({ maxRetries: 3 });
    let token = await s.acquireInitialRetryToken();
    for (let retry = 1; retry <= 3; retry++) {
      token = await s.refreshRetryTokenForRetry(token, retry % 2 ? throttled : { errorType: 'TRANSIENT' });
      expect(token.getRetryCount()).toBe(retry);
    }
    expect(await refusal(s.refreshRetryTokenForRetry(token, throttled))).toBe(true);
  });

  it('never retries client or server errors the SDK does not call transient', async () => {
    const s = strategy();
    const token = await s.acquireInitialRetryToken();
    expect(await refusal(s.refreshRetryTokenForRetry(token, { errorType: 'CLIENT_ERROR' }))).toBe(true);
    expect(await refusal(s.refreshRetryTokenForRetry(token, { errorType: 'SERVER_ERROR' }))).toBe(true);
  });

  it('has no retry quota: sustained throttling across many calls keeps being retried', async () => {
    // The SDK's standard strategy refuses after 100 throttled retries without a success (500 tokens, 5 each).
    const s = strategy();
    for (let call = 0; call < 500; call++) {
      const token = await s.refreshRetryTokenForRetry(await s.acquireInitialRetryToken(), throttled);
      expect(token.getRetryCount()).toBe(1);
    }
  });

  it('keeps delays within min_error_retry_delay and max_backoff, growing per retry', async () => {
    const s = strategy({ maxRetries: 10, maxBackoffSeconds: 4, minErrorRetryDelayMs: 100 });
    let token = await s.acquireInitialRetryToken();
    const delays: number[] = [];
    for (let retry = 0; retry < 6; retry++) {
      token = await s.refreshRetryTokenForRetry(token, throttled);
      delays.push(token.getRetryDelay());
    }
    // Full jitter (here a fixed half) of a 1 s throttling base doubling per retry, the ceiling capped at 4 s.
    expect(delays).toEqual([500, 1000, 2000, 2000, 2000, 2000]);
    const transient = await s.refreshRetryTokenForRetry(await s.acquireInitialRetryToken(), { errorType: 'TRANSIENT' });
    expect(transient.getRetryDelay()).toBe(100);
  });

  it('honours a Retry-After hint, but never beyond max_backoff', async () => {
    const s = strategy({ maxBackoffSeconds: 2 });
    const first = await s.acquireInitialRetryToken();
    const soon = await s.refreshRetryTokenForRetry(first, { ...throttled, retryAfterHint: new Date(Date.now() + 1_500) });
    expect(soon.getRetryDelay()).toBeGreaterThan(1_000);
    expect(soon.getRetryDelay()).toBeLessThanOrEqual(1_500);
    const late = await s.refreshRetryTokenForRetry(first, { ...throttled, retryAfterHint: new Date(Date.now() + 60_000) });
    expect(late.getRetryDelay()).toBe(2_000);
  });

  it('waits out its backoffs itself when it can be stopped, and a stop ends the wait at once', async () => {
    const resolved = resolveRetryOptions({ minErrorRetryDelayMs: 20 });
    const stop = new AbortController();
    const s = new CanopyRetryStrategy(resolved, new BoundedBackoff(resolved.minDelayMs, resolved.maxBackoffMs, () => 0.5), undefined, stop.signal);
    // A transient error's short wait passes; the SDK is then told to wait no longer.
    const waited = await s.refreshRetryTokenForRetry(await s.acquireInitialRetryToken(), { errorType: 'TRANSIENT' });
    expect(waited.getRetryDelay()).toBe(0);
    // A Retry-After of a minute (held to max_backoff, 30 s) is ended by the stop, well within the test's time.
    const long = s.refreshRetryTokenForRetry(await s.acquireInitialRetryToken(), { ...throttled, retryAfterHint: new Date(Date.now() + 60_000) });
    setTimeout(() => stop.abort(), 20);
    await expect(long).rejects.toThrow(/pool is closed/);
    await expect(s.acquireInitialRetryToken()).rejects.toBeDefined();
  });

  it('sends nothing once the pool closed while the adaptive limiter kept the call waiting', async () => {
    const resolved = resolveRetryOptions({});
    const stop = new AbortController();
    // A limiter that lets the call go only after the pool has closed.
    const limiter = { getSendToken: async () => stop.abort(), updateClientSendingRate: () => undefined };
    const s = new CanopyRetryStrategy(resolved, new BoundedBackoff(resolved.minDelayMs, resolved.maxBackoffMs), limiter, stop.signal);
    await expect(s.acquireInitialRetryToken()).rejects.toBeDefined();
  });

  it('backs off many calls at once on one pool without piling listeners on its signal', async () => {
    const resolved = resolveRetryOptions({ minErrorRetryDelayMs: 5 });
    const stop = new AbortController();
    const s = new CanopyRetryStrategy(resolved, new BoundedBackoff(resolved.minDelayMs, resolved.maxBackoffMs, () => 0.5), undefined, stop.signal);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      // Node warns (MaxListenersExceededWarning) past 10 listeners on one signal, as in a throttled sync.
      await Promise.all(Array.from({ length: 30 }, async () => s.refreshRetryTokenForRetry(await s.acquireInitialRetryToken(), { errorType: 'TRANSIENT' })));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});

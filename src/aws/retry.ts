import { DefaultRateLimiter } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryBackoffStrategy } from '@smithy/types';
import { onAbort } from './on-abort.js';
import type { RetryOptions } from './types.js';

/** CloudQuery's defaults: 10 retries, 30 s max backoff; Steampipe's 25 ms minimum delay. */
export const DEFAULT_MAX_RETRIES = 10;
export const DEFAULT_MAX_BACKOFF_SECONDS = 30;
export const DEFAULT_MIN_ERROR_RETRY_DELAY_MS = 25;

export interface ResolvedRetryOptions {
  maxAttempts: number;
  maxBackoffMs: number;
  minDelayMs: number;
  mode: 'standard' | 'adaptive';
}

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const retries = Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_MAX_RETRIES));
  const maxBackoffMs = Math.max(0, (options.maxBackoffSeconds ?? DEFAULT_MAX_BACKOFF_SECONDS) * 1000);
  const minDelayMs = Math.min(Math.max(0, options.minErrorRetryDelayMs ?? DEFAULT_MIN_ERROR_RETRY_DELAY_MS), maxBackoffMs);
  return { maxAttempts: retries + 1, maxBackoffMs, minDelayMs, mode: options.retryMode ?? 'standard' };
}

/**
 * Exponential backoff with full jitter (as the SDK's default), kept inside [min, max]. The SDK
 * calls setDelayBase() before each retry with its throttling or transient base.
 */
export class BoundedBackoff implements StandardRetryBackoffStrategy {
  private base: number;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {
    this.base = Math.max(minMs, 1);
  }

  setDelayBase(delay: number): void {
    // A throttling base above max_backoff would otherwise make every delay the cap.
    this.base = Math.max(this.minMs, Math.min(delay, this.maxMs), 1);
  }

  computeNextBackoffDelay(retries: number): number {
    const ceiling = Math.min(this.base * 2 ** retries, this.maxMs);
    return Math.floor(Math.min(this.maxMs, Math.max(this.minMs, this.random() * ceiling)));
  }
}

/** A retry token that carries its own delay: the SDK's retry middleware sleeps it, and aborts the sleep on cancellation. */
class Token implements RetryToken {
  constructor(
    private readonly count: number,
    private readonly delay: number,
  ) {}

  getRetryCount(): number {
    return this.count;
  }

  getRetryDelay(): number {
    return this.delay;
  }
}

/** The SDK's client-side rate limiter, as much of it as the strategy uses. */
interface RateLimiter {
  getSendToken(): Promise<void>;
  updateClientSendingRate(info: unknown): void;
}

/**
 * Retries what the SDK classifies as throttling or transient (its own error classification, so
 * clock skew and 5xx behave as in every SDK client) up to max_retries, with bounded jittered
 * backoff and a server's Retry-After hint honoured up to max_backoff. In adaptive mode the SDK's
 * rate limiter (a token bucket per client, i.e. per account x region x service) slows sending
 * when AWS throttles and recovers as calls succeed.
 *
 * There is no retry quota, unlike the SDK's strategies: their 500-token quota, spent on every
 * retry, runs dry under sustained throttling and then fails every call of that client at once
 * ("retry quota exceeded", a known CloudQuery failure). An inventory should wait for a rate limit,
 * not lose partitions to it; max_retries still bounds each call.
 */
export class CanopyRetryStrategy implements RetryStrategyV2 {
  readonly mode: string;

  /**
   * `stopped`: when given, the strategy waits out each backoff itself and ends the wait when the
   * signal fires (a client pool's close). The SDK's own wait can only be ended by a per-call
   * abortSignal, which canopy does not pass (caller.ts says why).
   */
  constructor(
    private readonly options: ResolvedRetryOptions,
    private readonly backoff: StandardRetryBackoffStrategy,
    private readonly limiter?: RateLimiter,
    private readonly stopped?: AbortSignal,
  ) {
    this.mode = limiter ? 'adaptive' : 'standard';
  }

  async acquireInitialRetryToken(): Promise<RetryToken> {
    this.stopped?.throwIfAborted();
    await this.limiter?.getSendToken();
    // The adaptive limiter may have kept the call waiting past the pool's close.
    this.stopped?.throwIfAborted();
    return new Token(0, 0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    this.limiter?.updateClientSendingRate(info);
    const retryable = info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT';
    const attempts = token.getRetryCount() + 1;
    if (!retryable || attempts >= this.options.maxAttempts) throw new Error('no retry: not retryable or attempts exhausted');
    this.backoff.setDelayBase(info.errorType === 'THROTTLING' ? THROTTLING_BASE_MS : this.options.minDelayMs);
    let delay = this.backoff.computeNextBackoffDelay(token.getRetryCount());
    const hint = info.retryAfterHint;
    if (hint instanceof Date) delay = Math.max(delay, Math.min(hint.getTime() - Date.now(), this.options.maxBackoffMs));
    await this.limiter?.getSendToken();
    if (!this.stopped) return new Token(attempts, delay);
    await sleep(delay, this.stopped);
    return new Token(attempts, 0);
  }

  recordSuccess(): void {
    this.limiter?.updateClientSendingRate({});
  }
}

function closedError(): Error {
  return new Error('no retry: the client pool is closed');
}

/** Waits `ms`, or rejects as soon as `signal` fires. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(closedError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const unregister = onAbort(signal, () => {
      clearTimeout(timer);
      reject(closedError());
    });
    const timer = setTimeout(() => {
      unregister();
      resolve();
    }, ms);
  });
}

// The SDK's base for throttling backoff (Retry.throttlingDelay in @smithy/core): throttled calls back off from 1 s.
const THROTTLING_BASE_MS = 1_000;

/**
 * One strategy per SDK client, so backoff state and the adaptive limiter are per account x region x
 * service; `stopped` ends its retry waits (see CanopyRetryStrategy).
 */
export function createRetryStrategy(options: RetryOptions = {}, stopped?: AbortSignal): RetryStrategyV2 {
  const resolved = resolveRetryOptions(options);
  const backoff = new BoundedBackoff(resolved.minDelayMs, resolved.maxBackoffMs);
  return new CanopyRetryStrategy(resolved, backoff, resolved.mode === 'adaptive' ? new DefaultRateLimiter() : undefined, stopped);
}

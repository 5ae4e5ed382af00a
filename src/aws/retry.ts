import { AdaptiveRetryStrategy, StandardRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryBackoffStrategy } from '@smithy/types';
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

/**
 * Delegates to the SDK strategy, clamping a server's Retry-After hint: the SDK would honour it up
 * to 5 s beyond its own delay, which could exceed max_backoff.
 */
class BoundedRetryStrategy implements RetryStrategyV2 {
  readonly mode: string;

  constructor(
    private readonly inner: RetryStrategyV2 & { mode: string },
    private readonly maxBackoffMs: number,
  ) {
    this.mode = inner.mode;
  }

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const hint = info.retryAfterHint;
    const latest = Date.now() + this.maxBackoffMs;
    const bounded = hint instanceof Date && hint.getTime() > latest ? { ...info, retryAfterHint: new Date(latest) } : info;
    return this.inner.refreshRetryTokenForRetry(token, bounded);
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token);
  }
}

/**
 * One strategy per SDK client. Built on the SDK's StandardRetryStrategy, so the SDK's own error
 * classification decides what is retried (throttling and transient errors, clock skew) and its
 * retry quota still stops retry storms against a failing endpoint; what is not retried reaches
 * classifyError().
 */
export function createRetryStrategy(options: RetryOptions = {}): RetryStrategyV2 {
  const resolved = resolveRetryOptions(options);
  const backoff = new BoundedBackoff(resolved.minDelayMs, resolved.maxBackoffMs);
  const standard = { maxAttempts: resolved.maxAttempts, backoff, baseDelay: Math.max(resolved.minDelayMs, 1) };
  const inner =
    resolved.mode === 'adaptive'
      ? new AdaptiveRetryStrategy(resolved.maxAttempts, standard)
      : new StandardRetryStrategy(standard);
  return new BoundedRetryStrategy(inner, resolved.maxBackoffMs);
}

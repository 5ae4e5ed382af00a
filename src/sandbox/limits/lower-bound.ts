import type { AdminRequest } from '../server.js';
import type { InFlight } from '../stats.js';
import type { PageChain } from './page-chains.js';
import type { BucketUsage } from './token-buckets.js';

/** One bucket's share of the bound: the earliest its last admitted call can have been answered. */
export interface BucketBound {
  accountId: string;
  region: string;
  service: string;
  calls: number;
  burst: number;
  refillPerSecond: number;
  boundMs: number;
  /**
   * When the client's first and last call reached this bucket, from the first admitted call of
   * the measurement: a slow bucket reached late shows a client that queued it behind others.
   */
  firstCallAtMs: number;
  lastCallAtMs: number;
}

/** The shortest wall time in which any client could have made the calls the sandbox admitted. */
export interface LowerBound {
  boundMs: number;
  /** What sets the bound: a bucket's refill rate, the longest page chain, one call's latency, or nothing (no calls). */
  binding: 'bucket' | 'chain' | 'latency' | 'none';
  latencyMs: number;
  bucketBoundMs: number;
  chainBoundMs: number;
  /** Calls the buckets admitted (throttled calls excluded); 0 when throttling is off. */
  admittedCalls: number;
  /** Calls answered without an error, throttling on or off. */
  answeredCalls: number;
  bucketsUsed: number;
  throttling: boolean;
  /** The slowest buckets, slowest first (at most 10). */
  slowestBuckets: BucketBound[];
  longestChain: PageChain | null;
  /** The concurrency the client used (not part of the bound). */
  inFlight: InFlight;
  notes: string[];
}

export interface LowerBoundInput {
  buckets: readonly BucketUsage[];
  longestChain?: PageChain;
  answeredCalls: number;
  /** The fixed latency every call waits; jitter can be 0, so it adds nothing to a bound. */
  latencyMs: number;
  throttling: boolean;
  inFlight?: InFlight;
}

/**
 * The model, stated once here and in every result's notes:
 * - A bucket (account, region, service) with burst b and refill r tokens/s, full at the start,
 *   admits its k-th call no earlier than max(0, (k - b) / r) s; its last (n-th) call is then
 *   answered one latency later: bound = max(0, (n - b) / r) s + latency. Only admitted calls
 *   count: a throttled call took no token and was not needed.
 * - Pages of one listing run one after another (each needs the previous page's token); the
 *   sandbox links pages by the tokens it issued: bound = longest chain × latency.
 * - The overall bound is the largest of these and one latency. Client concurrency is not a limit:
 *   AWS's buckets are the only one the model knows.
 * - Not seen, so left out (the bound may be low by a few latencies, never high): dependencies
 *   between different operations (describe after list, a child listing after its parent's page,
 *   AssumeRole before a member's calls), and the calls rejected before a bucket (access denied,
 *   region not enabled) other than in the one-latency floor.
 */
export function computeLowerBound(input: LowerBoundInput): LowerBound {
  const { latencyMs } = input;
  const used = input.buckets.filter((b) => b.admitted > 0);
  const origin = Math.min(...used.map((b) => b.firstAdmittedMs));
  const buckets = used
    .map((b): BucketBound => {
      const waitSeconds = b.admitted <= b.burst ? 0 : b.refillPerSecond > 0 ? (b.admitted - b.burst) / b.refillPerSecond : Number.POSITIVE_INFINITY;
      return {
        accountId: b.accountId,
        region: b.region,
        service: b.service,
        calls: b.admitted,
        burst: b.burst,
        refillPerSecond: b.refillPerSecond,
        boundMs: waitSeconds * 1000 + latencyMs,
        firstCallAtMs: b.firstAdmittedMs - origin,
        lastCallAtMs: b.lastAdmittedMs - origin,
      };
    })
    .sort((a, b) => b.boundMs - a.boundMs || a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region) || a.service.localeCompare(b.service));
  const bucketBoundMs = buckets[0]?.boundMs ?? 0;
  const chainBoundMs = (input.longestChain?.pages ?? 0) * latencyMs;
  const anyCall = input.answeredCalls > 0 || buckets.length > 0;
  const floorMs = anyCall ? latencyMs : 0;
  const boundMs = Math.max(bucketBoundMs, chainBoundMs, floorMs);
  const binding = !anyCall ? 'none' : bucketBoundMs >= boundMs && bucketBoundMs > latencyMs ? 'bucket' : chainBoundMs >= boundMs && chainBoundMs > latencyMs ? 'chain' : 'latency';
  return {
    boundMs,
    binding,
    latencyMs,
    bucketBoundMs,
    chainBoundMs,
    admittedCalls: buckets.reduce((sum, b) => sum + b.calls, 0),
    answeredCalls: input.answeredCalls,
    bucketsUsed: buckets.length,
    throttling: input.throttling,
    slowestBuckets: buckets.slice(0, 10),
    longestChain: input.longestChain ?? null,
    inFlight: input.inFlight ?? { peak: 0, average: 0, spanMs: 0 },
    notes: notes(input.throttling),
  };
}

function notes(throttling: boolean): string[] {
  return [
    'per bucket (account, region, service) with burst b, refill r/s and n admitted calls, starting full: max(0, (n - b) / r) s + one latency',
    'throttled calls took no token and are not counted as needed calls',
    'pages of one listing are sequential (linked by the tokens the sandbox issued): longest chain × latency',
    'bound = max(slowest bucket, longest chain, one latency); client concurrency is not a limit',
    'dependencies between different operations (describe after list, child after parent, AssumeRole first) are not seen: the bound may be low by a few latencies, never high',
    ...(throttling ? [] : ['throttling is off: no bucket limits the calls, only the chain does']),
  ];
}

/** The admin endpoints: GET /_sandbox/lower-bound; POST /_sandbox/lower-bound/reset (forget calls, refill every bucket). */
export function lowerBoundRoutes(parts: { lowerBound: () => LowerBound; reset: () => void }): (request: AdminRequest) => unknown {
  return ({ path, method }) => {
    if (path === '/_sandbox/lower-bound' && method === 'GET') return parts.lowerBound();
    if (path === '/_sandbox/lower-bound/reset' && method === 'POST') return (parts.reset(), { reset: true });
    return undefined;
  };
}

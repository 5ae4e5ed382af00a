/** A token bucket: `burst` tokens at most, refilled at `refillPerSecond`. */
export interface BucketSpec {
  burst: number;
  refillPerSecond: number;
}

/**
 * AWS-like request rate limits per service, applied per (account, region, service) as AWS does.
 * Figures follow AWS's documented or observed control-plane limits (EC2 non-mutating actions:
 * 100 burst, 20 per second).
 */
export const defaultBuckets: Record<string, BucketSpec> = {
  cloudtrail: { burst: 10, refillPerSecond: 5 },
  dynamodb: { burst: 20, refillPerSecond: 10 },
  ec2: { burst: 100, refillPerSecond: 20 },
  ecs: { burst: 50, refillPerSecond: 20 },
  eks: { burst: 20, refillPerSecond: 10 },
  iam: { burst: 40, refillPerSecond: 20 },
  kms: { burst: 100, refillPerSecond: 50 },
  lambda: { burst: 20, refillPerSecond: 15 },
  organizations: { burst: 20, refillPerSecond: 10 },
  rds: { burst: 40, refillPerSecond: 20 },
  s3: { burst: 200, refillPerSecond: 100 },
  sns: { burst: 50, refillPerSecond: 30 },
  sqs: { burst: 100, refillPerSecond: 100 },
  sts: { burst: 100, refillPerSecond: 50 },
};

interface State {
  accountId: string;
  region: string;
  service: string;
  tokens: number;
  updated: number;
  /** Calls this bucket admitted since the last reset: the calls a lower bound must fit in. */
  admitted: number;
  /** Clock times of the first and last admitted call, to show when a client reached the bucket. */
  firstAdmittedMs: number;
  lastAdmittedMs: number;
}

/** One bucket's parameters and the calls it admitted (throttled calls are not counted). */
export interface BucketUsage extends BucketSpec {
  accountId: string;
  region: string;
  service: string;
  admitted: number;
  firstAdmittedMs: number;
  lastAdmittedMs: number;
}

export class TokenBuckets {
  private readonly state = new Map<string, State>();

  constructor(
    private readonly specs: Record<string, BucketSpec>,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  spec(service: string): BucketSpec {
    return this.specs[service] ?? { burst: 50, refillPerSecond: 20 };
  }

  /** Takes one token; false when the bucket is empty (the request is throttled). */
  take(accountId: string, region: string, service: string): boolean {
    const key = `${accountId}/${region}/${service}`;
    const { burst, refillPerSecond } = this.spec(service);
    const now = this.clock();
    const state = this.state.get(key) ?? { accountId, region, service, tokens: burst, updated: now, admitted: 0, firstAdmittedMs: now, lastAdmittedMs: now };
    state.tokens = Math.min(burst, state.tokens + ((now - state.updated) / 1000) * refillPerSecond);
    state.updated = now;
    this.state.set(key, state);
    if (state.tokens < 1) return false;
    state.tokens -= 1;
    if (state.admitted === 0) state.firstAdmittedMs = now;
    state.admitted += 1;
    state.lastAdmittedMs = now;
    return true;
  }

  /** Every bucket used since the last reset, with its parameters and admitted calls. */
  usage(): BucketUsage[] {
    return [...this.state.values()].map((s) => ({
      accountId: s.accountId,
      region: s.region,
      service: s.service,
      admitted: s.admitted,
      firstAdmittedMs: s.firstAdmittedMs,
      lastAdmittedMs: s.lastAdmittedMs,
      ...this.spec(s.service),
    }));
  }

  /**
   * Starts a new measurement: every bucket full again and no call counted. Without the refill, a
   * run right after another would start on drained buckets, which a lower bound cannot assume.
   */
  reset(): void {
    this.state.clear();
  }
}

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
  tokens: number;
  updated: number;
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
    const state = this.state.get(key) ?? { tokens: burst, updated: now };
    state.tokens = Math.min(burst, state.tokens + ((now - state.updated) / 1000) * refillPerSecond);
    state.updated = now;
    this.state.set(key, state);
    if (state.tokens < 1) return false;
    state.tokens -= 1;
    return true;
  }
}

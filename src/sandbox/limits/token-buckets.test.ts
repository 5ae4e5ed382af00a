import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets.js';

describe('TokenBuckets', () => {
  it('allows the burst, throttles after it and refills at the configured rate', () => {
    let now = 0;
    const buckets = new TokenBuckets({ ec2: { burst: 3, refillPerSecond: 2 } }, () => now);
    const take = () => buckets.take('111111111111', 'us-east-1', 'ec2');
    expect([take(), take(), take(), take()]).toEqual([true, true, true, false]);
    now += 499; // 0.998 tokens: still empty
    expect(take()).toBe(false);
    now += 2; // crosses one token
    expect(take()).toBe(true);
    expect(take()).toBe(false);
    now += 10_000; // refills to the burst, never beyond it
    expect([take(), take(), take(), take()]).toEqual([true, true, true, false]);
  });

  it('keeps one bucket per account, region and service', () => {
    const buckets = new TokenBuckets({ ec2: { burst: 1, refillPerSecond: 0 } }, () => 0);
    expect(buckets.take('111111111111', 'us-east-1', 'ec2')).toBe(true);
    expect(buckets.take('111111111111', 'us-east-1', 'ec2')).toBe(false);
    expect(buckets.take('222222222222', 'us-east-1', 'ec2')).toBe(true);
    expect(buckets.take('111111111111', 'eu-west-1', 'ec2')).toBe(true);
  });
});

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

describe('TokenBuckets usage', () => {
  it('counts the calls each bucket admitted, not the throttled ones, with its parameters', () => {
    const buckets = new TokenBuckets({ ec2: { burst: 2, refillPerSecond: 0 } }, () => 0);
    for (let i = 0; i < 5; i++) buckets.take('111111111111', 'us-east-1', 'ec2');
    buckets.take('111111111111', 'global', 'iam');
    expect(buckets.usage()).toEqual([
      { accountId: '111111111111', region: 'us-east-1', service: 'ec2', admitted: 2, burst: 2, refillPerSecond: 0, firstAdmittedMs: 0, lastAdmittedMs: 0 },
      // A service without its own figures gets the fallback bucket.
      { accountId: '111111111111', region: 'global', service: 'iam', admitted: 1, burst: 50, refillPerSecond: 20, firstAdmittedMs: 0, lastAdmittedMs: 0 },
    ]);
  });

  it('remembers when its first and last admitted call came, not the throttled ones', () => {
    let now = 100;
    const buckets = new TokenBuckets({ ec2: { burst: 1, refillPerSecond: 1 } }, () => now);
    const take = () => buckets.take('111111111111', 'us-east-1', 'ec2');
    take();
    now = 600;
    take(); // throttled: half a token
    now = 1_100;
    take();
    expect(buckets.usage()[0]).toMatchObject({ admitted: 2, firstAdmittedMs: 100, lastAdmittedMs: 1_100 });
  });

  it('reset forgets the counts and refills every bucket', () => {
    const buckets = new TokenBuckets({ ec2: { burst: 1, refillPerSecond: 0 } }, () => 0);
    const take = () => buckets.take('111111111111', 'us-east-1', 'ec2');
    expect([take(), take()]).toEqual([true, false]);
    buckets.reset();
    expect(buckets.usage()).toEqual([]);
    expect([take(), take()]).toEqual([true, false]);
  });
});

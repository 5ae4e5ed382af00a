import { describe, expect, it } from 'vitest';
import { computeLowerBound } from './lower-bound.js';
import type { BucketUsage } from './token-buckets.js';

const account = '111111111111';

function bucket(service: string, admitted: number, burst: number, refillPerSecond: number, region = 'us-east-1', firstAdmittedMs = 1_000): BucketUsage {
  return { accountId: account, region, service, admitted, burst, refillPerSecond, firstAdmittedMs, lastAdmittedMs: firstAdmittedMs + 500 };
}

describe('computeLowerBound', () => {
  it('is the slowest bucket: (n - burst) / refill seconds plus one latency', () => {
    const bound = computeLowerBound({
      // ec2: (150 - 100) / 20 = 2.5 s; lambda: (35 - 20) / 15 = 1 s; s3 stays inside its burst.
      buckets: [bucket('s3', 10, 200, 100), bucket('ec2', 150, 100, 20), bucket('lambda', 35, 20, 15)],
      longestChain: { accountId: account, region: 'us-east-1', service: 'ec2', operation: 'DescribeInstances', pages: 3 },
      answeredCalls: 195,
      latencyMs: 20,
      throttling: true,
    });
    expect(bound.boundMs).toBeCloseTo(2520);
    expect(bound.binding).toBe('bucket');
    expect(bound.bucketBoundMs).toBeCloseTo(2520);
    expect(bound.chainBoundMs).toBe(60);
    expect(bound.admittedCalls).toBe(195);
    expect(bound.bucketsUsed).toBe(3);
    expect(bound.slowestBuckets.map((b) => [b.service, Math.round(b.boundMs)])).toEqual([
      ['ec2', 2520],
      ['lambda', 1020],
      ['s3', 20],
    ]);
  });

  it("tells when each bucket's first and last call came, from the measurement's first call", () => {
    const bound = computeLowerBound({
      buckets: [bucket('ec2', 150, 100, 20, 'us-east-1', 1_000), bucket('sts', 1, 100, 50, 'us-east-1', 400)],
      answeredCalls: 151,
      latencyMs: 20,
      throttling: true,
      inFlight: { peak: 64, average: 50, spanMs: 3_000 },
    });
    expect(bound.slowestBuckets.map((b) => [b.service, b.firstCallAtMs, b.lastCallAtMs])).toEqual([
      ['ec2', 600, 1_100],
      ['sts', 0, 500],
    ]);
    expect(bound.inFlight).toEqual({ peak: 64, average: 50, spanMs: 3_000 });
  });

  it('is the longest page chain times the latency when every bucket keeps up', () => {
    const bound = computeLowerBound({
      buckets: [bucket('iam', 40, 40, 20, 'global')],
      longestChain: { accountId: account, region: 'global', service: 'iam', operation: 'ListRoles', pages: 7 },
      answeredCalls: 40,
      latencyMs: 20,
      throttling: true,
    });
    expect(bound).toMatchObject({ boundMs: 140, binding: 'chain', bucketBoundMs: 20, chainBoundMs: 140 });
  });

  it('is one latency for calls that neither a bucket nor a chain holds back', () => {
    const bound = computeLowerBound({ buckets: [], longestChain: undefined, answeredCalls: 5, latencyMs: 20, throttling: false });
    expect(bound).toMatchObject({ boundMs: 20, binding: 'latency', admittedCalls: 0 });
    expect(bound.notes.join('\n')).toMatch(/throttling is off/);
  });

  it('is 0 without calls', () => {
    expect(computeLowerBound({ buckets: [], answeredCalls: 0, latencyMs: 20, throttling: true })).toMatchObject({ boundMs: 0, binding: 'none' });
  });

  it('keeps at most the 10 slowest buckets and states its model in the notes', () => {
    const buckets = Array.from({ length: 12 }, (_, i) => bucket('ec2', 100 + i, 100, 20, `region-${String(i).padStart(2, '0')}`));
    const bound = computeLowerBound({ buckets, answeredCalls: 1_266, latencyMs: 0, throttling: true });
    expect(bound.slowestBuckets).toHaveLength(10);
    expect(bound.slowestBuckets[0]).toMatchObject({ region: 'region-11', calls: 111, boundMs: 550 });
    expect(bound.bucketsUsed).toBe(12);
    expect(bound.notes.join('\n')).toMatch(/throttled calls/);
  });
});

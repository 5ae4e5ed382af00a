import { describe, expect, it } from 'vitest';
import type { PartitionResult, SourceResult } from '../../src/index.js';
import type { LowerBound } from '../../src/sandbox/index.js';
import { diagnose, slowestPartition, type OrderRun } from './lower-bound-report.js';

function partition(table: string, accountId: string, durationMs: number, calls: number, throttles = 0): PartitionResult {
  return { table, accountId, region: 'us-east-1', status: 'ok', rows: 1, pages: 1, calls, retries: throttles, throttles, durationMs };
}

function summary(partitions: PartitionResult[]): SourceResult[] {
  const totals = { rows: 0, pages: 0, calls: 0, retries: 0, throttles: 0, ok: 0, skipped: 0, failed: 0 };
  return [
    {
      source: 'aws',
      discovery: { accounts: [], skipped: [], failed: [], unknownOrganizationUnits: [] },
      regions: [],
      summary: { syncTime: new Date(0), durationMs: 0, partitions, tables: [], totals, deleted: {}, destinationErrors: [], cancelled: false },
    },
  ];
}

const bound: LowerBound = {
  boundMs: 2_000,
  binding: 'bucket',
  latencyMs: 20,
  bucketBoundMs: 2_000,
  chainBoundMs: 60,
  admittedCalls: 500,
  answeredCalls: 500,
  bucketsUsed: 10,
  throttling: true,
  slowestBuckets: [{ accountId: '111111111111', region: 'us-east-1', service: 'lambda', calls: 50, burst: 20, refillPerSecond: 15, boundMs: 2_000, firstCallAtMs: 500, lastCallAtMs: 2_400 }],
  longestChain: null,
  inFlight: { peak: 64, average: 12.5, spanMs: 2_500 },
  notes: [],
};

describe('slowestPartition', () => {
  it('groups a parent with its children by cell and duration and picks the slowest', () => {
    const slow = slowestPartition(
      summary([
        partition('aws_lambda_functions', '111111111111', 1_900, 10, 1),
        partition('aws_lambda_function_versions', '111111111111', 1_900, 40, 2),
        partition('aws_lambda_functions', '222222222222', 300, 5),
      ]),
    );
    expect(slow).toEqual({ accountId: '111111111111', region: 'us-east-1', tables: ['aws_lambda_functions', 'aws_lambda_function_versions'], durationMs: 1_900, calls: 50, throttles: 3 });
  });

  it('is undefined without partitions', () => {
    expect(slowestPartition(summary([]))).toBeUndefined();
  });
});

describe('diagnose', () => {
  it('states the ratio, the slowest bucket and when canopy reached it, the throttles and the slowest partition', () => {
    const run: OrderRun = { label: 'dfs', wallMs: 3_000, cpuMs: 1_000, bound, sandboxCalls: 520, sandboxThrottles: 20, summary: summary([partition('aws_lambda_functions', '111111111111', 1_900, 50)]) };
    const text = diagnose(run, 1.15);
    expect(text).toContain('dfs: ratio 1.50 misses the target of 1.15 (wall 3.0 s, bound 2.0 s, set by the bucket)');
    expect(text).toContain('reached it at 0.5 s, its last at 2.4 s');
    expect(text).toContain('20 of 520 calls throttled; in flight: peak 64, average 12.5');
    expect(text).toContain('slowest partition 111111111111/us-east-1 (aws_lambda_functions): 1.9 s, 50 calls');
    expect(text).toContain('canopy CPU 1.0 s (1.92 ms per call, 0.50x the bound)');
    expect(diagnose({ ...run, wallMs: 2_100, sandboxCpuMs: 800 }, 1.15)).toContain('ratio 1.05 meets the target');
    expect(diagnose({ ...run, sandboxCpuMs: 800 }, 1.15)).toContain('sandbox CPU 0.8 s');
  });
});

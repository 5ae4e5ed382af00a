import { describe, expect, it } from 'vitest';
import { tables as registry } from '../src/tables/index.js';
import { startSandbox } from '../src/sandbox/index.js';
import { syncFromSandbox, truthCount } from './table-testing.js';

describe('a sync under heavy throttling', () => {
  it('still brings every row, retrying throttled calls as AWS asks', async () => {
    const tight = { burst: 2, refillPerSecond: 40 };
    const sandbox = await startSandbox({
      accounts: 2,
      scale: 600,
      throttling: { buckets: { ec2: tight, iam: tight, lambda: tight, sqs: tight } },
    });
    try {
      const chosen = registry.filter((t) => ['aws_ec2_instances', 'aws_ec2_subnets', 'aws_iam_users', 'aws_lambda_functions', 'aws_sqs_queues'].includes(t.name));
      const { destination, summary } = await syncFromSandbox(sandbox, chosen);
      expect(summary.totals.failed).toBe(0);
      expect(summary.totals.skipped).toBe(0);
      expect(sandbox.stats().totals.throttles).toBeGreaterThan(0);
      // Lambda and SQS are called by their tables alone (discovery uses STS, Organizations and EC2), so the
      // summary's counts for those tables must be exactly what the server saw.
      const served = sandbox.stats().rows.filter((r) => r.service === 'lambda' || r.service === 'sqs');
      const counted = summary.partitions.filter((p) => p.table === 'aws_lambda_functions' || p.table === 'aws_sqs_queues');
      const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
      expect(sum(counted.map((p) => p.throttles))).toBe(sum(served.map((r) => r.throttles)));
      expect(sum(counted.map((p) => p.calls))).toBe(sum(served.map((r) => r.calls)));
      expect(sum(counted.map((p) => p.throttles))).toBeGreaterThan(0);
      expect(summary.totals.retries).toBeGreaterThanOrEqual(summary.totals.throttles);
      expect(destination.rows('aws_ec2_instances')).toHaveLength(truthCount(sandbox, 'ec2.instance'));
      expect(destination.rows('aws_ec2_subnets')).toHaveLength(truthCount(sandbox, 'ec2.subnet'));
      expect(destination.rows('aws_iam_users')).toHaveLength(truthCount(sandbox, 'iam.user'));
      expect(destination.rows('aws_lambda_functions')).toHaveLength(truthCount(sandbox, 'lambda.function'));
      expect(destination.rows('aws_sqs_queues')).toHaveLength(truthCount(sandbox, 'sqs.queue'));
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});

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

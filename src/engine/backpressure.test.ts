import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { MemoryDestination } from '../../test/memory-destination.js';
import type { Row, TableSchema } from './schema.js';
import type { Caller } from './pages.js';
import { runSync } from './sync.js';
import { defineTable } from './table.js';

const vpcs = defineTable({
  name: 'aws_ec2_vpcs',
  service: 'ec2',
  scope: 'regional',
  list: { call: { client: EC2Client, command: DescribeVpcsCommand }, operation: 'DescribeVpcs', items: 'Vpcs[]' },
  primaryKey: ['account_id', 'region', 'vpc_id'],
  iam: ['ec2:DescribeVpcs'],
});

/** A destination that takes its time with every batch. */
class SlowDestination extends MemoryDestination {
  written = 0;

  override async write(table: TableSchema, rows: readonly Row[]): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    await super.write(table, rows);
    this.written += rows.length;
  }
}

describe('several destinations', () => {
  it('are all written, and the slowest paces reading: rows read never run far ahead of rows it has written', async () => {
    const PAGES = 20;
    const PAGE = 10;
    const slow = new SlowDestination('slow');
    const fast = new MemoryDestination('fast');
    let read = 0;
    let furthestAhead = 0;
    const caller: Caller = {
      async send(ctx, _call, input) {
        const page = typeof input.NextToken === 'string' ? Number(input.NextToken) : 0;
        furthestAhead = Math.max(furthestAhead, read - slow.written);
        read += PAGE;
        const Vpcs = Array.from({ length: PAGE }, (_, i) => ({ VpcId: `vpc-${ctx.accountId}-${page}-${i}` }));
        return page + 1 < PAGES ? { Vpcs, NextToken: String(page + 1) } : { Vpcs };
      },
    };
    const accounts = ['111111111111', '222222222222', '333333333333', '444444444444'];
    const concurrency = 2;
    const batchSize = 5;
    const summary = await runSync({
      partitions: accounts.map((accountId) => ({ table: vpcs, ctx: { accountId, region: 'us-east-1', partition: 'aws' } })),
      tables: [vpcs],
      caller,
      classify: (err) => ({ action: 'fail', code: 'Error', reason: String(err) }),
      destinations: [slow, fast],
      sync: { sourceName: 'aws', syncTime: new Date() },
      concurrency,
      batchSize,
    });
    const total = accounts.length * PAGES * PAGE;
    expect(summary.totals.rows).toBe(total);
    expect(slow.rows('aws_ec2_vpcs')).toHaveLength(total);
    expect(fast.rows('aws_ec2_vpcs')).toHaveLength(total);
    // Each partition in flight holds at most one page and one unwritten batch.
    expect(furthestAhead).toBeLessThanOrEqual(concurrency * (PAGE + batchSize));
  });
});

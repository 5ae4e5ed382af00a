import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { MemoryDestination } from '../../test/memory-destination.js';
import { startSandbox, type Credentials, type Sandbox } from '../sandbox/index.js';
import type { Caller } from './pages.js';
import type { Partition } from './scheduler.js';
import { runSync, type ErrorVerdict } from './sync.js';
import { defineTable, type CallRef, type Item, type Table } from './table.js';

const vpcs = defineTable({
  name: 'aws_ec2_vpcs',
  service: 'ec2',
  scope: 'regional',
  list: { call: { client: EC2Client, command: DescribeVpcsCommand }, operation: 'DescribeVpcs', items: 'Vpcs[]' },
  columns: { arn: { type: 'string', value: (i, c) => `arn:aws:ec2:${c.region}:${c.accountId}:vpc/${String(i.VpcId)}` } },
  primaryKey: ['arn'],
  iam: ['ec2:DescribeVpcs'],
});
const users = defineTable({
  name: 'aws_iam_users',
  service: 'iam',
  scope: 'global',
  list: { call: { client: IAMClient, command: ListUsersCommand }, operation: 'ListUsers', items: 'Users[]' },
  primaryKey: ['arn'],
  iam: ['iam:ListUsers'],
});

/** Plain SDK clients with each account's static keys, standing in for src/aws. */
function caller(sandbox: Sandbox): Caller {
  return {
    async send(ctx, call: CallRef, input: Item) {
      const credentials: Credentials = sandbox.credentialsFor(ctx.accountId);
      const Client = call.client as unknown as new (c: object) => { send(c: unknown): Promise<Item> };
      const Command = call.command as unknown as new (i: Item) => unknown;
      return new Client({ endpoint: sandbox.endpoint, region: ctx.region, credentials, maxAttempts: 1 }).send(new Command(input));
    },
  };
}

const classify = (err: unknown): ErrorVerdict => {
  const code = err instanceof Error ? err.name : 'Unknown';
  return ['UnauthorizedOperation', 'AccessDenied', 'AuthFailure'].includes(code) ? { action: 'skip', code, reason: 'access denied' } : { action: 'fail', code, reason: String(err) };
};

function partitions(sandbox: Sandbox, tables: Table[]): Partition[] {
  const truth = sandbox.truth();
  return truth.organization.accounts
    .filter((a) => a.status === 'ACTIVE')
    .flatMap((a) =>
      tables.flatMap((table) =>
        (table.scope === 'global' ? ['us-east-1'] : a.enabledRegions).map((region) => ({ table, ctx: { accountId: a.id, region, partition: 'aws' } })),
      ),
    );
}

async function withSandbox(options: Parameters<typeof startSandbox>[0], body: (s: Sandbox) => Promise<void>) {
  const sandbox = await startSandbox(options);
  try {
    await body(sandbox);
  } finally {
    await sandbox.close();
  }
}

describe('runSync', () => {
  it('writes exactly the ground truth of every partition', async () => {
    await withSandbox({ accounts: 3, scale: 800, throttling: false }, async (sandbox) => {
      const destination = new MemoryDestination();
      const summary = await runSync({
        partitions: partitions(sandbox, [vpcs, users]),
        tables: [vpcs, users],
        caller: caller(sandbox),
        classify,
        destinations: [destination],
        sync: { sourceName: 'aws', syncTime: new Date() },
        concurrency: 4,
        batchSize: 7,
      });
      const truth = sandbox.truth();
      const count = (kind: string) => Object.values(truth.resources[kind] ?? {}).flatMap((r) => Object.values(r)).reduce((a, b) => a + b, 0);
      expect(summary.totals).toMatchObject({ failed: 0, skipped: 0 });
      expect(destination.rows('aws_ec2_vpcs')).toHaveLength(count('ec2.vpc'));
      expect(destination.rows('aws_iam_users')).toHaveLength(count('iam.user'));
      expect(summary.totals.rows).toBe(count('ec2.vpc') + count('iam.user'));
    });
  });

  it('keeps the previous rows of a skipped partition and deletes stale rows only where it re-read', async () => {
    const destination = new MemoryDestination();
    let accounts: string[] = [];
    const syncOnce = async (faults: object, syncTime: Date) =>
      withSandbox({ accounts: 3, scale: 800, throttling: false, faults }, async (sandbox) => {
        accounts = sandbox.truth().organization.accounts.map((a) => a.id);
        const summary = await runSync({
          partitions: partitions(sandbox, [vpcs]),
          tables: [vpcs],
          caller: caller(sandbox),
          classify,
          destinations: [destination],
          sync: { sourceName: 'aws', syncTime },
        });
        if (Object.keys(faults).length > 0) expect(summary.totals.skipped).toBeGreaterThan(0);
      });
    await syncOnce({}, new Date('2024-01-01T00:00:00Z'));
    const before = destination.rows('aws_ec2_vpcs');
    const denied = before.find((r) => r.account_id !== before[0]?.account_id)?.account_id as string;
    // Stale rows that no sync re-reads: one in the denied account, one in a healthy one.
    await destination.write(vpcs.schema, [
      { ...before.find((r) => r.account_id === denied), arn: 'stale-in-denied', _cq_id: 'x1' },
      { ...before.find((r) => r.account_id !== denied), arn: 'stale-in-healthy', _cq_id: 'x2' },
    ]);
    // Same seed, same organization: the denied account keeps its index.
    await syncOnce({ accessDenied: [{ account: accounts.indexOf(denied), service: 'ec2' }] }, new Date('2024-01-02T00:00:00Z'));
    const after = destination.rows('aws_ec2_vpcs');
    expect(after.some((r) => r.arn === 'stale-in-denied')).toBe(true);
    expect(after.some((r) => r.arn === 'stale-in-healthy')).toBe(false);
    expect(after.filter((r) => r.account_id === denied)).toHaveLength(before.filter((r) => r.account_id === denied).length + 1);
  });

  it('deletes nothing anywhere when a destination fails mid-sync, and reports it', async () => {
    await withSandbox({ accounts: 3, scale: 800, throttling: false }, async (sandbox) => {
      const healthy = new MemoryDestination('healthy');
      await healthy.migrate([vpcs.schema]);
      await healthy.write(vpcs.schema, [{ _cq_id: 'old', arn: 'old', account_id: sandbox.managementAccountId, region: 'us-east-1', _cq_source_name: 'aws', _cq_sync_time: new Date(0) }]);
      const broken = new MemoryDestination('broken');
      broken.failWritesAfter = 1;
      const summary = await runSync({
        partitions: partitions(sandbox, [vpcs]),
        tables: [vpcs],
        caller: caller(sandbox),
        classify,
        destinations: [healthy, broken],
        sync: { sourceName: 'aws', syncTime: new Date() },
        concurrency: 1,
        batchSize: 2,
      });
      expect(summary.destinationErrors).toEqual([{ destination: 'broken', message: 'broken is unreachable' }]);
      expect(summary.deleted).toEqual({});
      // A partition counts as done only when its rows reached every destination.
      const unwritten = summary.partitions.filter((p) => p.status === 'failed');
      expect(unwritten.length).toBeGreaterThan(0);
      expect(unwritten.every((p) => p.code === 'DESTINATION_FAILED')).toBe(true);
      for (const p of summary.partitions.filter((r) => r.status === 'ok')) {
        expect(broken.rows('aws_ec2_vpcs').filter((r) => r.account_id === p.accountId && r.region === p.region)).toHaveLength(p.rows);
      }
      expect(healthy.rows('aws_ec2_vpcs').some((r) => r.arn === 'old')).toBe(true);
    });
  });

  it('stops taking partitions when cancelled and deletes nothing', async () => {
    await withSandbox({ accounts: 3, scale: 800, throttling: false }, async (sandbox) => {
      const controller = new AbortController();
      controller.abort();
      const destination = new MemoryDestination();
      const summary = await runSync({
        partitions: partitions(sandbox, [vpcs]),
        tables: [vpcs],
        caller: caller(sandbox),
        classify,
        destinations: [destination],
        sync: { sourceName: 'aws', syncTime: new Date() },
        signal: controller.signal,
      });
      expect(summary.cancelled).toBe(true);
      expect(summary.partitions).toHaveLength(0);
      expect(summary.deleted).toEqual({});
    });
  });
});

import { DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { eksClusters } from './clusters.js';
import { eksTables } from './index.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudQuery's documented columns (docs/tables/aws_eks_clusters.md), all verified there. */
const documented = ['account_id', 'region', 'arn', 'certificate_authority', 'client_request_token', 'connector_config', 'created_at', 'encryption_config', 'endpoint', 'identity', 'kubernetes_network_config', 'logging', 'name', 'platform_version', 'resources_vpc_config', 'role_arn', 'status', 'tags', 'version'];

describe('eks tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  let accounts: string[];
  let client: EKSClient | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: REGIONS });
    accounts = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
    ({ destination, summary } = await syncFromSandbox(sandbox, eksTables));
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await sandbox.close();
  });

  const rows = () => destination.rows('aws_eks_clusters');

  it('registers aws_eks_clusters keyed by arn, with CloudQuery\'s documented columns', () => {
    expect(eksTables).toEqual([eksClusters]);
    expect(eksClusters.schema.columns.filter((c) => c.primaryKey).map((c) => c.name)).toEqual(['arn']);
    const names = new Set(eksClusters.schema.columns.map((c) => c.name));
    expect(documented.filter((c) => !names.has(c))).toEqual([]);
  });

  it('has exactly the truth per account and region, with unique non-null keys', () => {
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
    expect(truthCount(sandbox, 'eks.cluster')).toBeGreaterThan(0);
    for (const account of accounts) {
      for (const region of REGIONS) {
        expect(rows().filter((r) => r.account_id === account && r.region === region).length, `${account} ${region}`).toBe(truthCount(sandbox, 'eks.cluster', account, region));
      }
    }
    expect(rows().every((r) => typeof r.arn === 'string' && /^arn:aws:eks:[a-z0-9-]+:\d{12}:cluster\/[\w-]+$/.test(r.arn) && String(r.arn).split(':')[3] === r.region)).toBe(true);
    expect(new Set(rows().map((r) => r.arn)).size).toBe(rows().length);
  });

  it('matches DescribeCluster: name, version, tags map', async () => {
    const [account] = accounts;
    if (!account) throw new Error('no account');
    client = new EKSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    const names = (await client.send(new ListClustersCommand({}))).clusters ?? [];
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const cluster = (await client.send(new DescribeClusterCommand({ name }))).cluster;
      const row = rows().find((r) => r.arn === cluster?.arn);
      expect(row).toMatchObject({ name, version: cluster?.version, status: cluster?.status, role_arn: cluster?.roleArn });
      expect(row?.tags ?? null).toEqual(cluster?.tags ?? null);
      expect(row?.created_at).toEqual(cluster?.createdAt);
    }
  });
});

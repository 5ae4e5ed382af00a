import { DescribeClustersCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { ecsClusters } from './clusters.js';
import { ecsTables } from './index.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudQuery's documented columns (docs/tables/aws_ecs_clusters.md), all verified there. */
const documented = ['account_id', 'region', 'arn', 'tags', 'active_services_count', 'attachments', 'attachments_status', 'capacity_providers', 'cluster_arn', 'cluster_name', 'configuration', 'default_capacity_provider_strategy', 'pending_tasks_count', 'registered_container_instances_count', 'running_tasks_count', 'service_connect_defaults', 'settings', 'statistics', 'status'];

describe('ecs tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  let accounts: string[];
  let client: ECSClient | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: REGIONS });
    accounts = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
    ({ destination, summary } = await syncFromSandbox(sandbox, ecsTables));
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await sandbox.close();
  });

  const rows = () => destination.rows('aws_ecs_clusters');

  it('registers aws_ecs_clusters keyed by arn, with CloudQuery\'s documented columns', () => {
    expect(ecsTables).toEqual([ecsClusters]);
    expect(ecsClusters.schema.columns.filter((c) => c.primaryKey).map((c) => c.name)).toEqual(['arn']);
    const names = new Set(ecsClusters.schema.columns.map((c) => c.name));
    expect(documented.filter((c) => !names.has(c))).toEqual([]);
  });

  it('has exactly the truth per account and region, with unique non-null keys', () => {
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
    expect(truthCount(sandbox, 'ecs.cluster')).toBeGreaterThan(0);
    for (const account of accounts) {
      for (const region of REGIONS) {
        expect(rows().filter((r) => r.account_id === account && r.region === region).length, `${account} ${region}`).toBe(truthCount(sandbox, 'ecs.cluster', account, region));
      }
    }
    expect(rows().every((r) => typeof r.arn === 'string' && /^arn:aws:ecs:[a-z0-9-]+:\d{12}:cluster\/[\w-]+$/.test(r.arn) && r.arn === r.cluster_arn)).toBe(true);
    expect(new Set(rows().map((r) => r.arn)).size).toBe(rows().length);
  });

  it('describes clusters with tags, settings and statistics included, tags as an object', async () => {
    const [, account] = accounts;
    if (!account) throw new Error('no account');
    client = new ECSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    const arns = (await client.send(new ListClustersCommand({}))).clusterArns ?? [];
    const clusters = (await client.send(new DescribeClustersCommand({ clusters: arns, include: ['TAGS', 'SETTINGS', 'STATISTICS'] }))).clusters ?? [];
    expect(clusters.length).toBeGreaterThan(0);
    for (const cluster of clusters) {
      const row = rows().find((r) => r.arn === cluster.clusterArn);
      expect(row).toMatchObject({ cluster_name: cluster.clusterName, status: cluster.status, running_tasks_count: cluster.runningTasksCount });
      expect(row?.tags).toEqual(Object.fromEntries((cluster.tags ?? []).map((t) => [t.key, t.value ?? ''])));
      expect(row?.settings ?? null).toEqual(cluster.settings ?? null);
    }
    expect(rows().some((r) => r.tags !== null && Object.keys(r.tags as object).length > 0)).toBe(true);
  });
});

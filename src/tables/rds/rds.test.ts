import { DescribeDBClusterBacktracksCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import type { Table } from '../../engine/table.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { rdsClusterBacktracks } from './cluster-backtracks.js';
import { rdsClusters } from './clusters.js';
import { rdsTables } from './index.js';
import { processorFeatures, rdsInstances } from './instances.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** Each table, its sandbox kind, and columns verified in CloudQuery's docs/tables/<table>.md. */
const cases: Array<{ table: Table; kind: string; arn: RegExp; documented: string[] }> = [
  {
    table: rdsInstances,
    kind: 'rds.db_instance',
    arn: /^arn:aws:rds:[a-z0-9-]+:\d{12}:db:[a-z0-9-]+$/,
    documented: ['account_id', 'region', 'arn', 'processor_features', 'tags', 'allocated_storage', 'auto_minor_version_upgrade', 'availability_zone', 'backup_retention_period', 'ca_certificate_identifier', 'db_cluster_identifier', 'db_instance_class', 'db_instance_identifier', 'db_instance_status', 'db_instance_port', 'dbi_resource_id', 'db_subnet_group', 'endpoint', 'engine', 'engine_version', 'iam_database_authentication_enabled', 'kms_key_id', 'multi_az', 'performance_insights_kms_key_id', 'publicly_accessible', 'storage_encrypted', 'vpc_security_groups'],
  },
  {
    table: rdsClusters,
    kind: 'rds.db_cluster',
    arn: /^arn:aws:rds:[a-z0-9-]+:\d{12}:cluster:[a-z0-9-]+$/,
    documented: ['account_id', 'region', 'arn', 'tags', 'availability_zones', 'db_cluster_identifier', 'db_cluster_members', 'db_cluster_parameter_group', 'db_cluster_resource_id', 'db_subnet_group', 'endpoint', 'engine', 'engine_mode', 'iam_database_authentication_enabled', 'kms_key_id', 'multi_az', 'reader_endpoint', 'status', 'storage_encrypted', 'vpc_security_groups'],
  },
];

describe('rds tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  let accounts: string[];
  let client: RDSClient | undefined;

  beforeAll(async () => {
    // Enough Aurora MySQL clusters that some have backtracking on and a history of backtracks.
    sandbox = await startSandbox({ accounts: 3, scale: 6000, throttling: false, regions: REGIONS });
    accounts = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
    ({ destination, summary } = await syncFromSandbox(sandbox, rdsTables));
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await sandbox.close();
  });

  it('syncs every partition without a failure', () => {
    expect(rdsTables.map((t) => t.name).sort()).toEqual(['aws_rds_cluster_backtracks', 'aws_rds_clusters', 'aws_rds_instances']);
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
  });

  it.each(cases.map((c) => [c.table.name, c] as const))('%s: truth per account and region, unique keys, ARNs, documented columns', (_n, { table, kind, arn, documented }) => {
    const rows = destination.rows(table.name);
    expect(truthCount(sandbox, kind)).toBeGreaterThan(0);
    for (const account of accounts) {
      for (const region of REGIONS) {
        expect(rows.filter((r) => r.account_id === account && r.region === region).length, `${account} ${region}`).toBe(truthCount(sandbox, kind, account, region));
      }
    }
    expect(table.schema.columns.filter((c) => c.primaryKey).map((c) => c.name)).toEqual(['arn']);
    expect(rows.every((r) => typeof r.arn === 'string' && arn.test(r.arn) && String(r.arn).split(':')[3] === r.region && r._cq_parent_id === null)).toBe(true);
    expect(new Set(rows.map((r) => r.arn)).size).toBe(rows.length);
    const names = new Set(table.schema.columns.map((c) => c.name));
    expect(documented.filter((c) => !names.has(c))).toEqual([]);
    // CloudQuery keeps the ARN only as `arn` and the tags only as the `tags` object.
    expect([...names].filter((n) => ['db_instance_arn', 'db_cluster_arn', 'tag_list'].includes(n))).toEqual([]);
  });

  it('aws_rds_cluster_backtracks: truth per account and region, each row under its cluster row, as RDS describes it', async () => {
    const rows = destination.rows('aws_rds_cluster_backtracks');
    expect(truthCount(sandbox, 'rds.db_cluster_backtrack')).toBeGreaterThan(0);
    for (const account of accounts) {
      for (const region of REGIONS) {
        expect(rows.filter((r) => r.account_id === account && r.region === region).length, `${account} ${region}`).toBe(
          truthCount(sandbox, 'rds.db_cluster_backtrack', account, region),
        );
      }
    }
    const clusters = new Map(destination.rows('aws_rds_clusters').map((c) => [c._cq_id, c]));
    for (const row of rows) {
      const cluster = clusters.get(row._cq_parent_id);
      expect([row.db_cluster_arn, row.db_cluster_identifier, row.region]).toEqual([cluster?.arn, cluster?.db_cluster_identifier, cluster?.region]);
      expect(cluster?.backtrack_window).toBeGreaterThan(0);
    }
    expect(new Set(rows.map((r) => r._cq_id)).size).toBe(rows.length);
    const [sample] = rows;
    if (!sample) throw new Error('no backtracks');
    const rds = new RDSClient({ endpoint: sandbox.endpoint, region: String(sample.region), credentials: sandbox.credentialsFor(String(sample.account_id)), maxAttempts: 1 });
    try {
      const { DBClusterBacktracks } = await rds.send(
        new DescribeDBClusterBacktracksCommand({ DBClusterIdentifier: String(sample.db_cluster_identifier), BacktrackIdentifier: String(sample.backtrack_identifier) }),
      );
      const [described] = DBClusterBacktracks ?? [];
      expect(sample).toMatchObject({
        status: described?.Status,
        backtrack_to: described?.BacktrackTo,
        backtracked_from: described?.BacktrackedFrom,
        backtrack_request_creation_time: described?.BacktrackRequestCreationTime,
      });
    } finally {
      rds.destroy();
    }
    const documented = ['account_id', 'region', 'db_cluster_arn', 'backtrack_identifier', 'backtrack_request_creation_time', 'backtrack_to', 'backtracked_from', 'db_cluster_identifier', 'status'];
    const names = new Set(rdsClusterBacktracks.schema.columns.map((c) => c.name));
    expect(documented.filter((c) => !names.has(c))).toEqual([]);
    expect(rdsClusterBacktracks.primaryKey).toEqual(['db_cluster_arn', 'backtrack_identifier']);
  });

  it('matches DescribeDBInstances and DescribeDBClusters: tags as an object, processor features by name', async () => {
    const [account] = accounts;
    if (!account) throw new Error('no account');
    client = new RDSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    const instances = (await client.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [];
    expect(instances.length).toBeGreaterThan(0);
    for (const i of instances) {
      const row = destination.rows('aws_rds_instances').find((r) => r.arn === i.DBInstanceArn);
      expect(row?.db_instance_identifier).toBe(i.DBInstanceIdentifier);
      expect(row?.tags).toEqual(Object.fromEntries((i.TagList ?? []).map((t) => [t.Key, t.Value ?? ''])));
      expect(row?.endpoint).toEqual(i.Endpoint ? JSON.parse(JSON.stringify(i.Endpoint)) : null);
    }
    const clusters = (await client.send(new DescribeDBClustersCommand({}))).DBClusters ?? [];
    for (const c of clusters) {
      const row = destination.rows('aws_rds_clusters').find((r) => r.arn === c.DBClusterArn);
      expect(row?.db_cluster_identifier).toBe(c.DBClusterIdentifier);
      expect(row?.tags).toEqual(Object.fromEntries((c.TagList ?? []).map((t) => [t.Key, t.Value ?? ''])));
    }
    expect(processorFeatures([{ Name: 'coreCount', Value: '4' }, { Name: 'threadsPerCore', Value: '2' }])).toEqual({ coreCount: '4', threadsPerCore: '2' });
    expect(processorFeatures(undefined)).toEqual({});
  });
});

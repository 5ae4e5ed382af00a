import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTableReplicaAutoScalingCommand,
  DynamoDBClient,
  ListTablesCommand,
  ListTagsOfResourceCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import type { Table } from '../../engine/table.js';
import { dynamodbTables } from './index.js';
import { dynamodbTableContinuousBackups } from './table-continuous-backups.js';
import { dynamodbTableReplicaAutoScalings } from './table-replica-auto-scalings.js';
import { dynamodbTablesTable } from './tables.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudQuery's documented columns (docs/tables/aws_dynamodb_tables.md), all verified there. */
const documented = ['account_id', 'region', 'tags', 'arn', 'archival_summary', 'attribute_definitions', 'billing_mode_summary', 'creation_date_time', 'global_secondary_indexes', 'global_table_version', 'item_count', 'key_schema', 'latest_stream_arn', 'latest_stream_label', 'local_secondary_indexes', 'provisioned_throughput', 'replicas', 'restore_summary', 'sse_description', 'stream_specification', 'table_class_summary', 'table_id', 'table_name', 'table_size_bytes', 'table_status'];

/** The child tables: CloudQuery's documented columns and key (plugins/source/aws/docs/tables/*.md and the tables' Go definitions), and their sandbox kind. */
const children: Array<{ table: Table; kind: string; key: string[]; columns: string[] }> = [
  {
    table: dynamodbTableContinuousBackups,
    kind: 'dynamodb.continuous_backups',
    key: ['_cq_id'],
    columns: ['account_id', 'region', 'table_arn', 'continuous_backups_status', 'point_in_time_recovery_description'],
  },
  {
    table: dynamodbTableReplicaAutoScalings,
    kind: 'dynamodb.replica_auto_scaling',
    key: ['table_arn', 'region_name'],
    columns: [
      'account_id', 'region', 'table_arn', 'global_secondary_indexes', 'region_name', 'replica_provisioned_read_capacity_auto_scaling_settings',
      'replica_provisioned_write_capacity_auto_scaling_settings', 'replica_status',
    ],
  },
];

describe('dynamodb tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  let accounts: string[];
  let client: DynamoDBClient | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: REGIONS });
    accounts = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
    ({ destination, summary } = await syncFromSandbox(sandbox, dynamodbTables));
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await sandbox.close();
  });

  const rows = () => destination.rows('aws_dynamodb_tables');

  it('registers aws_dynamodb_tables keyed by arn, with CloudQuery\'s documented columns and no table_arn', () => {
    expect(dynamodbTables).toEqual([...children.map((c) => c.table), dynamodbTablesTable].sort((a, b) => a.name.localeCompare(b.name)));
    expect(dynamodbTablesTable.schema.columns.filter((c) => c.primaryKey).map((c) => c.name)).toEqual(['arn']);
    const names = new Set(dynamodbTablesTable.schema.columns.map((c) => c.name));
    expect(documented.filter((c) => !names.has(c))).toEqual([]);
    expect(names.has('table_arn')).toBe(false);
  });

  it('has exactly the truth per account and region, with unique non-null keys', () => {
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
    expect(truthCount(sandbox, 'dynamodb.table')).toBeGreaterThan(0);
    for (const account of accounts) {
      for (const region of REGIONS) {
        expect(rows().filter((r) => r.account_id === account && r.region === region).length, `${account} ${region}`).toBe(truthCount(sandbox, 'dynamodb.table', account, region));
      }
    }
    expect(rows().every((r) => typeof r.arn === 'string' && /^arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table\/.+$/.test(r.arn) && r._cq_parent_id === null)).toBe(true);
    expect(new Set(rows().map((r) => r.arn)).size).toBe(rows().length);
  });

  it('matches DescribeTable and ListTagsOfResource', async () => {
    const [, account] = accounts;
    if (!account) throw new Error('no account');
    client = new DynamoDBClient({ endpoint: sandbox.endpoint, region: 'eu-west-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    const names = (await client.send(new ListTablesCommand({}))).TableNames ?? [];
    expect(names.length).toBeGreaterThan(0);
    let tagged = 0;
    for (const name of names) {
      const table = (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
      const row = rows().find((r) => r.arn === table?.TableArn);
      expect(row).toMatchObject({ table_name: name, table_status: table?.TableStatus, item_count: table?.ItemCount, region: 'eu-west-1', account_id: account });
      const tags = (await client.send(new ListTagsOfResourceCommand({ ResourceArn: table?.TableArn }))).Tags ?? [];
      if (tags.length > 0) tagged += 1;
      expect(row?.tags).toEqual(Object.fromEntries(tags.map((t) => [t.Key, t.Value ?? ''])));
    }
    expect(tagged).toBeGreaterThan(0);
  });

  it('registers both child tables under aws_dynamodb_tables with CloudQuery\'s key and documented columns', () => {
    for (const child of children) {
      expect(child.table.parent?.table, child.table.name).toBe('aws_dynamodb_tables');
      expect(child.table.schema.columns.filter((c) => c.primaryKey).map((c) => c.name).sort(), child.table.name).toEqual([...child.key].sort());
      const names = new Set(child.table.schema.columns.map((c) => c.name));
      expect(child.columns.filter((c) => !names.has(c)), child.table.name).toEqual([]);
    }
  });

  it('has exactly the truth of both child kinds per account and region, each row under its table\'s row', () => {
    expect(summary.partitions.filter((p) => p.status !== 'ok')).toEqual([]);
    const parents = new Map(rows().map((r) => [r.arn, r]));
    for (const child of children) {
      const childRows = destination.rows(child.table.name);
      expect(truthCount(sandbox, child.kind), child.kind).toBeGreaterThan(0);
      for (const account of accounts) {
        for (const region of REGIONS) {
          const here = childRows.filter((r) => r.account_id === account && r.region === region);
          expect(here.length, `${child.table.name} ${account} ${region}`).toBe(truthCount(sandbox, child.kind, account, region));
        }
      }
      expect(new Set(childRows.map((r) => r._cq_id)).size, child.table.name).toBe(childRows.length);
      for (const row of childRows) {
        const parent = parents.get(row.table_arn);
        expect(parent, `${child.table.name} ${String(row.table_arn)}`).toBeDefined();
        expect(row._cq_parent_id).toBe(parent?._cq_id);
      }
    }
    // Replica rows exist only under global tables, as CloudQuery calls the operation for those alone.
    const global = new Set(rows().filter((r) => r.global_table_version).map((r) => r.arn));
    expect(destination.rows('aws_dynamodb_table_replica_auto_scalings').every((r) => global.has(r.table_arn))).toBe(true);
    const calls = summary.partitions.filter((p) => p.table === 'aws_dynamodb_table_replica_auto_scalings').reduce((n, p) => n + p.pages, 0);
    expect(calls).toBe(global.size);
  });

  it('matches DescribeContinuousBackups and DescribeTableReplicaAutoScaling for every table', async () => {
    const seen = { recovery: 0, replicas: 0 };
    for (const account of accounts) {
      for (const region of REGIONS) {
        const dynamodb = new DynamoDBClient({ endpoint: sandbox.endpoint, region, credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
        try {
          for (const name of (await dynamodb.send(new ListTablesCommand({}))).TableNames ?? []) {
            const arn = `arn:aws:dynamodb:${region}:${account}:table/${name}`;
            const { ContinuousBackupsDescription: backups } = await dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: name }));
            const backupRows = destination.rows('aws_dynamodb_table_continuous_backups').filter((r) => r.table_arn === arn);
            expect(backupRows).toHaveLength(1);
            expect(backupRows[0]).toMatchObject({ continuous_backups_status: backups?.ContinuousBackupsStatus, point_in_time_recovery_description: backups?.PointInTimeRecoveryDescription });
            if (backups?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED') seen.recovery += 1;
            const { TableAutoScalingDescription: scaling } = await dynamodb.send(new DescribeTableReplicaAutoScalingCommand({ TableName: name }));
            const replicaRows = destination.rows('aws_dynamodb_table_replica_auto_scalings').filter((r) => r.table_arn === arn);
            expect(replicaRows.map((r) => r.region_name).sort()).toEqual((scaling?.Replicas ?? []).map((r) => r.RegionName).sort());
            for (const replica of scaling?.Replicas ?? []) {
              seen.replicas += 1;
              expect(replicaRows.find((r) => r.region_name === replica.RegionName)).toMatchObject({
                replica_status: replica.ReplicaStatus,
                global_secondary_indexes: replica.GlobalSecondaryIndexes ?? null,
                replica_provisioned_read_capacity_auto_scaling_settings: replica.ReplicaProvisionedReadCapacityAutoScalingSettings ?? null,
              });
            }
          }
        } finally {
          dynamodb.destroy();
        }
      }
    }
    expect(seen.recovery).toBeGreaterThan(0);
    expect(seen.replicas).toBeGreaterThan(0);
  });
});


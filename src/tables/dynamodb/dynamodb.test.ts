import { DescribeTableCommand, DynamoDBClient, ListTablesCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { dynamodbTables } from './index.js';
import { dynamodbTablesTable } from './tables.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudQuery's documented columns (docs/tables/aws_dynamodb_tables.md), all verified there. */
const documented = ['account_id', 'region', 'tags', 'arn', 'archival_summary', 'attribute_definitions', 'billing_mode_summary', 'creation_date_time', 'global_secondary_indexes', 'global_table_version', 'item_count', 'key_schema', 'latest_stream_arn', 'latest_stream_label', 'local_secondary_indexes', 'provisioned_throughput', 'replicas', 'restore_summary', 'sse_description', 'stream_specification', 'table_class_summary', 'table_id', 'table_name', 'table_size_bytes', 'table_status'];

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
    expect(dynamodbTables).toEqual([dynamodbTablesTable]);
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
});

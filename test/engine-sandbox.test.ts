import { DescribeClustersCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { IAMClient, ListAccessKeysCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetBucketTaggingCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller, verdictOf } from '../src/aws/caller.js';
import { ClientPool, type PoolAccount } from '../src/aws/clients.js';
import { createCredentialProvider } from '../src/aws/credentials.js';
import type { Partition } from '../src/engine/scheduler.js';
import { runSync } from '../src/engine/sync.js';
import { defineTable, tagsObject, type Table } from '../src/engine/table.js';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { MemoryDestination } from './memory-destination.js';

/** The engine's get, details and child tables, through the real AWS layer against the sandbox. */
const dynamodb = defineTable({
  name: 'aws_dynamodb_tables',
  service: 'dynamodb',
  scope: 'regional',
  list: { call: { client: DynamoDBClient, command: ListTablesCommand }, operation: 'ListTables', items: 'TableNames[]' },
  get: { call: { client: DynamoDBClient, command: DescribeTableCommand }, operation: 'DescribeTable', items: 'Table', input: (name) => ({ TableName: name }) },
  primaryKey: ['table_arn'],
  iam: ['dynamodb:ListTables', 'dynamodb:DescribeTable'],
});
const ecs = defineTable({
  name: 'aws_ecs_clusters',
  service: 'ecs',
  scope: 'regional',
  list: { call: { client: ECSClient, command: ListClustersCommand }, operation: 'ListClusters', items: 'clusterArns[]' },
  get: { call: { client: ECSClient, command: DescribeClustersCommand }, operation: 'DescribeClusters', items: 'clusters[]', batch: 100, input: (arns) => ({ clusters: arns }) },
  primaryKey: ['cluster_arn'],
  iam: ['ecs:ListClusters', 'ecs:DescribeClusters'],
});
const buckets = defineTable({
  name: 'aws_s3_buckets',
  service: 's3',
  scope: 'global',
  list: { call: { client: S3Client, command: ListBucketsCommand }, operation: 'ListBuckets', items: 'Buckets[]' },
  details: {
    tagging: { call: { client: S3Client, command: GetBucketTaggingCommand }, operation: 'GetBucketTagging', input: (b) => ({ Bucket: (b as { Name: string }).Name }), region: (b) => b.BucketRegion as string },
  },
  columns: {
    arn: { type: 'string', value: (b) => `arn:aws:s3:::${String(b.Name)}` },
    tags: { type: 'json', value: (_b, _c, d) => tagsObject(d.tagging?.TagSet) },
  },
  primaryKey: ['arn'],
  iam: ['s3:ListAllMyBuckets', 's3:GetBucketTagging'],
});
const users = defineTable({
  name: 'aws_iam_users',
  service: 'iam',
  scope: 'global',
  list: { call: { client: IAMClient, command: ListUsersCommand }, operation: 'ListUsers', items: 'Users[]' },
  primaryKey: ['arn'],
  iam: ['iam:ListUsers'],
});
const accessKeys = defineTable({
  name: 'aws_iam_user_access_keys',
  service: 'iam',
  scope: 'global',
  list: { call: { client: IAMClient, command: ListAccessKeysCommand }, operation: 'ListAccessKeys', items: 'AccessKeyMetadata[]' },
  parent: { table: 'aws_iam_users', input: (user) => ({ UserName: user.UserName }) },
  primaryKey: ['access_key_id'],
  iam: ['iam:ListAccessKeys'],
});

describe('engine against the sandbox', () => {
  let sandbox: Sandbox;
  let accounts: Map<string, PoolAccount>;
  let pool: ClientPool;
  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: ['us-east-1', 'eu-west-1'] });
    pool = new ClientPool({ customEndpointUrl: sandbox.endpoint, customEndpointHostnameImmutable: true, maxRetries: 2 });
    accounts = new Map(
      sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => {
        const keys = sandbox.credentialsFor(a.id);
        return [a.id, { id: a.id, credentials: createCredentialProvider({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }) }];
      }),
    );
  });
  afterAll(async () => {
    pool.destroy();
    await sandbox.close();
  });

  function partitions(tables: Table[]): Partition[] {
    return [...accounts.keys()].flatMap((accountId) =>
      tables.filter((t) => !t.parent).flatMap((table) =>
        (table.scope === 'global' ? ['us-east-1'] : ['us-east-1', 'eu-west-1']).map((region) => ({ table, ctx: { accountId, region, partition: 'aws' } })),
      ),
    );
  }

  const total = (kind: string) => Object.values(sandbox.truth().resources[kind] ?? {}).flatMap((r) => Object.values(r)).reduce((a, b) => a + b, 0);

  it('describes listed ids one by one (get) and in batches (get with batch)', async () => {
    const destination = new MemoryDestination();
    const tables = [dynamodb, ecs];
    const summary = await runSync({ partitions: partitions(tables), tables, caller: createCaller(pool, accounts), classify: (e) => verdictOf(e), destinations: [destination], sync: { sourceName: 'aws', syncTime: new Date() } });
    expect(summary.totals.failed).toBe(0);
    expect(destination.rows('aws_dynamodb_tables')).toHaveLength(total('dynamodb.table'));
    expect(destination.rows('aws_ecs_clusters')).toHaveLength(total('ecs.cluster'));
    expect(destination.rows('aws_dynamodb_tables').every((r) => typeof r.table_arn === 'string' && r.table_status)).toBe(true);
  });

  it('adds per-item details in the resource\'s own region, treating not-found as absent', async () => {
    const destination = new MemoryDestination();
    const summary = await runSync({ partitions: partitions([buckets]), tables: [buckets], caller: createCaller(pool, accounts), classify: (e) => verdictOf(e), destinations: [destination], sync: { sourceName: 'aws', syncTime: new Date() } });
    expect(summary.totals.failed).toBe(0);
    const rows = destination.rows('aws_s3_buckets');
    expect(rows).toHaveLength(total('s3.bucket'));
    expect(rows.some((r) => r.tags === null)).toBe(true);
    expect(rows.some((r) => r.tags !== null && Object.keys(r.tags as object).length > 0)).toBe(true);
  });

  it('reads child tables per parent item with the parent\'s _cq_id', async () => {
    const destination = new MemoryDestination();
    const tables = [users, accessKeys];
    const summary = await runSync({ partitions: partitions(tables), tables, caller: createCaller(pool, accounts), classify: (e) => verdictOf(e), destinations: [destination], sync: { sourceName: 'aws', syncTime: new Date() } });
    expect(summary.tables.map((t) => [t.table, t.partitions.ok])).toEqual([
      ['aws_iam_user_access_keys', accounts.size],
      ['aws_iam_users', accounts.size],
    ]);
    const parents = new Set(destination.rows('aws_iam_users').map((r) => r._cq_id));
    const keys = destination.rows('aws_iam_user_access_keys');
    expect(keys).toHaveLength(total('iam.access_key'));
    expect(keys.every((k) => parents.has(k._cq_parent_id))).toBe(true);
  });
});

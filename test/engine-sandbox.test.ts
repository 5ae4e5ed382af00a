import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller, verdictOf } from '../src/aws/caller.js';
import { ClientPool, type PoolAccount } from '../src/aws/clients.js';
import { createCredentialProvider } from '../src/aws/credentials.js';
import type { Caller } from '../src/engine/pages.js';
import type { Partition } from '../src/engine/scheduler.js';
import { runSync } from '../src/engine/sync.js';
import type { Table } from '../src/engine/table.js';
import { tableNamed } from '../src/tables/index.js';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { MemoryDestination } from './memory-destination.js';

/** The engine's get, details and child tables, through the real AWS layer against the sandbox, on real tables. */
const table = (name: string): Table => {
  const found = tableNamed(name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
};
const dynamodb = table('aws_dynamodb_tables');
const ecs = table('aws_ecs_clusters');
const buckets = table('aws_s3_buckets');
const users = table('aws_iam_users');
const accessKeys = table('aws_iam_user_access_keys');

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
    expect(destination.rows('aws_dynamodb_tables').every((r) => typeof r.arn === 'string' && r.table_status)).toBe(true);
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

  it('fans out per-item calls inside a partition, never past `concurrency` calls in flight, and the rows are the same', async () => {
    const tables = [buckets];
    const inFlight = { now: 0, max: 0 };
    const aws = createCaller(pool, accounts);
    const counting: Caller = {
      async send(...args) {
        inFlight.max = Math.max(inFlight.max, ++inFlight.now);
        try {
          return await aws.send(...args);
        } finally {
          inFlight.now -= 1;
        }
      },
    };
    const run = async (fanOut: number, concurrency: number) => {
      inFlight.max = 0;
      const destination = new MemoryDestination();
      const summary = await runSync({ partitions: partitions(tables), tables, caller: counting, classify: (e) => verdictOf(e), destinations: [destination], sync: { sourceName: 'aws', syncTime: new Date() }, fanOut, concurrency });
      expect(summary.totals.failed).toBe(0);
      return { ids: destination.rows('aws_s3_buckets').map((r) => r.arn).sort(), max: inFlight.max };
    };
    const sequential = await run(1, 1);
    const fanned = await run(8, 5);
    expect(sequential.max).toBe(1);
    // One partition per account (S3 is account-wide): 3 partitions at once, so only fan-out reaches 5.
    expect(fanned.max).toBe(5);
    expect(fanned.ids).toEqual(sequential.ids);
    expect(fanned.ids).toHaveLength(total('s3.bucket'));
  });

  it('starts reading the first batch of partitions before later batches are known, and deletes stale rows with one call per table', async () => {
    const tables = [users, accessKeys];
    const all = partitions(tables);
    const started: string[] = [];
    let secondBatchAt = -1;
    async function* batches() {
      yield all.slice(0, 1);
      // The first partition must be under way before the next batch comes, as with a slow discovery.
      while (started.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      secondBatchAt = started.length;
      yield all.slice(1);
    }
    const aws = createCaller(pool, accounts);
    const destination = new MemoryDestination();
    const calls: string[] = [];
    const deleteStale = destination.deleteStale.bind(destination);
    destination.deleteStale = async (table, scope) => {
      calls.push(`${table.name}:${scope.partitions.length}`);
      return deleteStale(table, scope);
    };
    const summary = await runSync({
      partitions: batches(),
      tables,
      caller: { send: (ctx, ...rest) => (started.push(ctx.accountId), aws.send(ctx, ...rest)) },
      classify: (e) => verdictOf(e),
      destinations: [destination],
      sync: { sourceName: 'aws', syncTime: new Date() },
    });
    expect(secondBatchAt).toBeGreaterThan(0);
    expect(summary.partitions.filter((p) => p.table === 'aws_iam_users')).toHaveLength(accounts.size);
    expect(destination.rows('aws_iam_users')).toHaveLength(total('iam.user'));
    expect(calls.sort()).toEqual([`aws_iam_user_access_keys:${accounts.size}`, `aws_iam_users:${accounts.size}`]);
  });
});


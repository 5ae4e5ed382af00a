import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/index.js';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { syncConfig } from '../src/sync/run.js';
import { startPostgres, type PostgresServer } from './postgres-server.js';
import { orgConfigText } from './table-testing.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

let server: PostgresServer;
let admin: pg.Client;
beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url.href });
  await admin.connect();
}, 120_000);
afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

/** A fresh database per test, so each sees only its own tables and state. */
async function database(name: string): Promise<string> {
  await admin.query(`create database ${name}`);
  const url = new URL(server.url.href);
  url.pathname = `/${name}`;
  url.searchParams.set('sslmode', 'disable');
  return url.href;
}

function config(sandbox: Sandbox, connection: string, tables: string[], backend = false) {
  const text = orgConfigText({
    endpoint: sandbox.endpoint,
    keys: sandbox.credentials,
    db: '',
    regions: REGIONS,
    tables,
    destination: { name: 'postgresql', path: 'cloudquery/postgresql', spec: `    connection_string: "${connection}"` },
    sourceExtra: backend ? '  backend_options:\n    table_name: cq_state_aws\n    connection: "@@plugins.postgresql.connection"\n' : '',
  });
  return parseConfig([{ file: 'config.yml', text }], { env: {} });
}

async function query<T extends pg.QueryResultRow>(connection: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: connection });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Rows per (account, region) of a table, as "account/region" -> count. */
async function counts(connection: string, table: string, regional: boolean): Promise<Record<string, number>> {
  const rows = await query<{ cell: string; n: string }>(connection, `select account_id || '/' || ${regional ? 'region' : "'global'"} as cell, count(*) as n from ${table} group by 1`);
  return Object.fromEntries(rows.map((r) => [r.cell, Number(r.n)]));
}

function truthCounts(sandbox: Sandbox, kind: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [account, cells] of Object.entries(sandbox.truth().resources[kind] ?? {})) {
    for (const [region, n] of Object.entries(cells)) if (n > 0) out[`${account}/${region}`] = n;
  }
  return out;
}

describe('syncing the sandbox organization into PostgreSQL', () => {
  it('holds exactly the second truth after resources are removed and the org is synced again', async () => {
    const sandbox = await startSandbox({ accounts: 4, regions: REGIONS, scale: 1500, seed: 11, throttling: false });
    try {
      const connection = await database('inventory_removal');
      const tables = ['aws_ec2_instances', 'aws_s3_buckets', 'aws_iam_users'];
      const expectTruth = async () => {
        expect(await counts(connection, 'aws_ec2_instances', true)).toEqual(truthCounts(sandbox, 'ec2.instance'));
        expect(await counts(connection, 'aws_iam_users', false)).toEqual(truthCounts(sandbox, 'iam.user'));
        const buckets = await query<{ n: string }>(connection, 'select count(*) as n from aws_s3_buckets');
        const bucketTruth = Object.values(truthCounts(sandbox, 's3.bucket')).reduce((a, b) => a + b, 0);
        expect(Number(buckets[0]?.n)).toBe(bucketTruth);
      };
      const [first] = await syncConfig(config(sandbox, connection, tables));
      expect(first?.summary.totals.failed).toBe(0);
      await expectTruth();

      const truth = sandbox.truth();
      const busiest = (kind: string) =>
        Object.entries(truth.resources[kind] ?? {})
          .flatMap(([account, cells]) => Object.entries(cells).map(([region, n]) => ({ account, region, n })))
          .sort((a, b) => b.n - a.n)[0];
      const instances = busiest('ec2.instance');
      const users = busiest('iam.user');
      const buckets = busiest('s3.bucket');
      if (!instances || !users || !buckets) throw new Error('the sandbox has nothing to remove');
      const removedInstances = sandbox.removeResources({ kind: 'ec2.instance', account: instances.account, region: instances.region, count: 2 }).removed;
      sandbox.removeResources({ kind: 'iam.user', account: users.account, count: 1 });
      sandbox.removeResources({ kind: 's3.bucket', account: buckets.account, region: buckets.region, count: 1 });

      const [second] = await syncConfig(config(sandbox, connection, tables));
      expect(second?.summary.totals.failed).toBe(0);
      expect(second?.summary.deleted.postgresql).toBeGreaterThanOrEqual(4);
      await expectTruth();
      const left = await query<{ instance_id: string }>(connection, `select instance_id from aws_ec2_instances where instance_id in (${removedInstances.map((id) => `'${id}'`).join(',')})`);
      expect(left).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 180_000);

  it('reads aws_cloudtrail_events incrementally: the second sync asks only for events after the stored cursor', async () => {
    const sandbox = await startSandbox({ accounts: 3, regions: REGIONS, scale: 300, seed: 12, throttling: false });
    try {
      const connection = await database('inventory_events');
      const accounts = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
      const truthTotal = () => accounts.flatMap((a) => REGIONS.map((r) => sandbox.truth().events.count(a, r))).reduce((x, y) => x + y, 0);
      const [first] = await syncConfig(config(sandbox, connection, ['aws_cloudtrail_events'], true));
      expect(first?.summary.totals.failed).toBe(0);
      const firstRows = first?.summary.totals.rows ?? 0;
      expect(firstRows).toBe(truthTotal());
      const cursors = await query<{ key: string; value: string }>(connection, 'select key, value from cq_state_aws');
      expect(cursors).toHaveLength(accounts.length * REGIONS.length);

      sandbox.advanceClock(2 * 3_600_000);
      const [second] = await syncConfig(config(sandbox, connection, ['aws_cloudtrail_events'], true));
      const stored = await query<{ n: string; distinct_ids: string }>(connection, 'select count(*) as n, count(distinct event_id) as distinct_ids from aws_cloudtrail_events');
      // Every event once, none twice: the table equals the truth, though each cursor's own second was read again.
      expect(Number(stored[0]?.n)).toBe(truthTotal());
      expect(stored[0]?.distinct_ids).toBe(stored[0]?.n);
      // The second sync read only the new events (plus those at each cursor's exact second), not the history again.
      const added = truthTotal() - firstRows;
      expect(added).toBeGreaterThan(0);
      expect(second?.summary.totals.rows).toBeGreaterThanOrEqual(added);
      expect(second?.summary.totals.rows).toBeLessThan(added + accounts.length * REGIONS.length * 5);
      const moved = await query<{ key: string; value: string }>(connection, 'select key, value from cq_state_aws');
      for (const cursor of moved) expect(cursor.value > (cursors.find((c) => c.key === cursor.key)?.value ?? '')).toBe(true);
    } finally {
      await sandbox.close();
    }
  }, 180_000);
});

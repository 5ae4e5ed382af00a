import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DestinationError } from '../src/destinations/destination.js';
import { destinationOpeners } from '../src/destinations/index.js';
import { createPostgresDestination } from '../src/destinations/postgres/postgres-destination.js';
import type { PostgresDestination, PostgresDestinationOptions } from '../src/destinations/postgres/postgres-destination.js';
import { describeDestinationConformance } from './destination-conformance.js';
import { byKey, items, itemsWithTags, row, table } from './destination-fixtures.js';
import { freePort, startPostgres, type PostgresServer } from './postgres-server.js';

let server: PostgresServer;
let admin: pg.Client;

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url.href });
  admin.on('error', () => undefined);
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

const unique = (prefix: string): string => `${prefix}_${randomBytes(5).toString('hex')}`;

/** The server's URL with query parameters (sslmode, search_path, application_name) added. */
function urlWith(params: Record<string, string>, base: URL = server.url): string {
  const url = new URL(base.href);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

describeDestinationConformance('postgresql', async ({ writeMode }) => {
  // A fresh schema per test, through search_path, so tests never share a table.
  const schema = unique('canopy_conf');
  const destination = await createPostgresDestination({ connectionString: urlWith({ sslmode: 'disable', search_path: schema }), writeMode });
  return {
    destination,
    readRows: (name) => destination.readRows(name),
    countRows: (name) => destination.countRows(name),
    cleanup: async () => {
      await destination.close();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
});

describe('postgresql destination specifics', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function open(extra: Partial<PostgresDestinationOptions> & { params?: Record<string, string> } = {}): Promise<{ destination: PostgresDestination; schema: string; app: string }> {
    const schema = unique('canopy_t');
    const app = unique('canopy_app');
    const { params, ...rest } = extra;
    const connectionString = urlWith({ sslmode: 'disable', search_path: schema, application_name: app, ...params });
    const destination = await createPostgresDestination({ connectionString, writeMode: 'overwrite-delete-stale', retryDelayMs: 10, ...rest });
    cleanups.push(() => admin.query(`DROP SCHEMA IF EXISTS "${destination.schema}" CASCADE`), () => destination.close());
    return { destination, schema: destination.schema, app };
  }

  const terminate = (app: string) =>
    admin.query<{ ok: boolean }>('SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1', [app]);

  it('declares CloudQuery types, keys and UTC timestamps, and jsonb answers ->>', async () => {
    const { destination, schema } = await open();
    const typed = table('pg_types', [
      { name: 'arn', type: 'string', primaryKey: true, notNull: true },
      { name: 'size', type: 'int' },
      { name: 'ratio', type: 'float' },
      { name: 'on', type: 'bool' },
      { name: 'at', type: 'timestamp' },
      { name: 'tags', type: 'json' },
      { name: 'names', type: 'string_list' },
      { name: 'blob', type: 'bytes' },
    ]);
    await destination.migrate([typed], 'safe');
    await destination.write(typed, [
      row({ arn: 'arn:1', tags: { env: 'prod', 'tab\tkey': 'a\\b' }, names: ['x', 'y"z', 'back\\slash', 'NULL'], blob: Buffer.from([0, 1, 255]) }),
      row({ arn: 'arn:2', tags: { env: 'dev' }, at: '2024-03-01T12:00:00.123456Z' }),
    ]);
    const columns = await admin.query(
      `SELECT column_name AS name, format_type(atttypid, atttypmod) AS type FROM information_schema.columns c
       JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
       WHERE table_schema = $1 AND table_name = 'pg_types' ORDER BY ordinal_position`,
      [schema],
    );
    expect(Object.fromEntries(columns.rows.map((r: { name: string; type: string }) => [r.name, r.type]))).toEqual({
      _cq_id: 'uuid', _cq_parent_id: 'uuid', _cq_source_name: 'text', _cq_sync_time: 'timestamp without time zone',
      arn: 'text', size: 'bigint', ratio: 'double precision', on: 'boolean', at: 'timestamp without time zone',
      tags: 'jsonb', names: 'text[]', blob: 'bytea',
    });
    const pk = await admin.query(`SELECT conname FROM pg_constraint WHERE conrelid = '"${schema}".pg_types'::regclass AND contype = 'p'`);
    expect(pk.rows).toEqual([{ conname: 'pg_types_cqpk' }]);
    const prod = await admin.query(`SELECT arn, tags->>'tab\tkey' AS t, names[2] AS n2, names[3] AS n3, names[4] IS NULL AS n4_null FROM "${schema}".pg_types WHERE tags->>'env' = 'prod'`);
    expect(prod.rows).toEqual([{ arn: 'arn:1', t: 'a\\b', n2: 'y"z', n3: 'back\\slash', n4_null: false }]);
    const times = await admin.query(`SELECT _cq_sync_time::text AS sync, "at"::text AS at FROM "${schema}".pg_types ORDER BY arn`);
    expect(times.rows).toEqual([
      { sync: '2024-03-01 11:59:59.999', at: null },
      { sync: '2024-03-01 11:59:59.999', at: '2024-03-01 12:00:00.123456' },
    ]);
    const read = byKey(await destination.readRows('pg_types'), 'arn');
    expect(read.get('arn:1')?.blob).toEqual(Buffer.from([0, 1, 255]));
  });

  it('strips NUL, which PostgreSQL text and jsonb cannot hold, and lets the last row of a key win', async () => {
    const { destination } = await open();
    await destination.migrate([itemsWithTags], 'safe');
    await destination.write(itemsWithTags, [
      row({ arn: 'arn:1', name: 'first' }),
      row({ arn: 'arn:1', name: 'nul\u0000name', tags: { 'k\u0000': 'v\u0000w', n: 9_007_199_254_740_993n } }),
    ]);
    expect(await destination.readRows(items.name)).toEqual([expect.objectContaining({ name: 'nulname', tags: { k: 'vw', n: '9007199254740993' } })]);
  });

  it('copies rows straight into a table empty at its first write, and merges once a batch meets a stored key', async () => {
    const first = (await open()).destination;
    await first.migrate([items], 'safe');
    await first.write(items, [row({ arn: 'arn:1', name: 'one', size: 1 }), row({ arn: 'arn:2', name: 'two', size: 2 })]);
    // arn:3 is copied before arn:2 meets its stored row: that COPY is rolled back and the batch merged.
    await first.write(items, [row({ arn: 'arn:3', name: 'three', size: 3 }), row({ arn: 'arn:2', name: 'two again', size: 22 })]);
    await first.write(items, [row({ arn: 'arn:4', name: 'four', size: 4 })]);
    const names = async (d: PostgresDestination) => [...byKey(await d.readRows(items.name), 'arn')].map(([k, r]) => `${k}=${String(r.name)}`).sort();
    expect(await names(first)).toEqual(['arn:1=one', 'arn:2=two again', 'arn:3=three', 'arn:4=four']);

    // Another sync into the same table (not empty now) overwrites by key, as the merge always did.
    const params = { search_path: first.schema };
    const second = (await open({ params })).destination;
    await second.migrate([items], 'safe');
    await second.write(items, [row({ arn: 'arn:1', name: 'one, second sync', size: 10 })]);
    expect(await names(second)).toEqual(['arn:1=one, second sync', 'arn:2=two again', 'arn:3=three', 'arn:4=four']);

    // A table empty at the first write and filled by a concurrent sync before the next one.
    const other = unique('items');
    const later = { ...items, name: other };
    const racing = (await open({ params })).destination;
    await second.migrate([later], 'safe');
    await second.write(later, [row({ arn: 'arn:a', name: 'mine' })]);
    await racing.write(later, [row({ arn: 'arn:b', name: 'theirs' })]);
    await second.write(later, [row({ arn: 'arn:b', name: 'mine too' }), row({ arn: 'arn:c', name: 'mine' })]);
    expect([...byKey(await second.readRows(other), 'arn')].map(([k, r]) => `${k}=${String(r.name)}`).sort()).toEqual([
      'arn:a=mine',
      'arn:b=mine too',
      'arn:c=mine',
    ]);
  });

  it('still refuses a batch whose _cq_id another key holds, writing none of it', async () => {
    const { destination } = await open();
    await destination.migrate([items], 'safe');
    const taken = row({ arn: 'arn:1', name: 'one' });
    await destination.write(items, [taken]);
    const clash = destination.write(items, [row({ arn: 'arn:2', name: 'two' }), row({ arn: 'arn:3', name: 'three', _cq_id: taken._cq_id })]);
    await expect(clash).rejects.toMatchObject({ code: 'WRITE_FAILED', table: items.name });
    expect(await destination.countRows(items.name)).toBe(1);
  });

  it('puts tables in the first schema of search_path, creating it; public by default', async () => {
    const { destination, schema } = await open({ params: { search_path: '"Mixed Case",public' } });
    expect(schema).toBe('Mixed Case');
    await destination.migrate([items], 'safe');
    await destination.write(items, [row({ arn: 'arn:1' })]);
    const where = await admin.query(`SELECT table_schema FROM information_schema.tables WHERE table_name = $1 AND table_schema = 'Mixed Case'`, [items.name]);
    expect(where.rowCount).toBe(1);

    const database = unique('canopy_db');
    await admin.query(`CREATE DATABASE ${database}`);
    cleanups.push(() => admin.query(`DROP DATABASE ${database} WITH (FORCE)`));
    const url = new URL(server.url.href);
    url.pathname = `/${database}`;
    const plain = await createPostgresDestination({ connectionString: url.href, writeMode: 'overwrite' });
    cleanups.push(() => plain.close());
    expect(plain.schema).toBe('public');
    await plain.migrate([items], 'safe');
    await plain.write(items, [row({ arn: 'arn:9' })]);
    expect(await plain.countRows(items.name)).toBe(1);
  });

  it('connects with a key=value DSN whose quoted password has spaces, quotes and backslashes, and with its URL form', async () => {
    const role = unique('canopy_role');
    const password = `we ird'pa\\ss wörd`;
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password.replaceAll("'", "''")}'`);
    await admin.query(`GRANT CREATE ON DATABASE ${server.url.pathname.slice(1)} TO ${role}`);
    cleanups.push(async () => {
      await admin.query(`DROP OWNED BY ${role}`);
      await admin.query(`DROP ROLE ${role}`);
    });
    const { hostname, port } = server.url;
    const dsn = `host=${hostname} port = ${port} user=${role} password='${password.replace(/[\\']/g, '\\$&')}' dbname=${server.url.pathname.slice(1)} sslmode=disable search_path=${role}_dsn`;
    const url = `postgresql://${role}:${encodeURIComponent(password)}@${hostname}:${port}${server.url.pathname}?search_path=${role}_url`;
    for (const connectionString of [dsn, url]) {
      const destination = await createPostgresDestination({ connectionString, writeMode: 'append' });
      cleanups.push(() => destination.close());
      await destination.migrate([items], 'safe');
      await destination.write(items, [row({ arn: 'arn:1' }), row({ arn: 'arn:1' })]);
      expect(await destination.countRows(items.name)).toBe(2);
      const owner = await admin.query(`SELECT tableowner FROM pg_tables WHERE schemaname = $1 AND tablename = $2`, [destination.schema, items.name]);
      expect(owner.rows).toEqual([{ tableowner: role }]);
    }
  });

  it('never shows the password: wrong password, unreachable server, malformed strings, DSN and URL', async () => {
    const secret = `S3cret-${randomBytes(6).toString('hex')}`;
    const { hostname, port } = server.url;
    const closed = await freePort();
    const cases: [string, string][] = [
      ['CONNECTION_FAILED', `postgres://postgres:${secret}@${hostname}:${port}/postgres?sslmode=disable`],
      ['CONNECTION_FAILED', `host=${hostname} port=${port} user=postgres password=${secret} dbname=postgres`],
      ['CONNECTION_FAILED', `postgres://postgres:${secret}@127.0.0.1:${closed}/postgres`],
      ['CONNECTION_FAILED', `host=127.0.0.1 port=${closed} user=postgres password='${secret}' sslmode=require`],
      ['INVALID_SPEC', `postgres://postgres:${secret}@127.0.0.1:port/postgres`],
      ['INVALID_SPEC', `host=127.0.0.1 password='${secret}`],
      ['INVALID_SPEC', `host=127.0.0.1 ${secret}`],
      ['INVALID_SPEC', `postgres://postgres:${secret}@127.0.0.1/db?sslmode=${secret}`],
    ];
    for (const [code, connectionString] of cases) {
      const err: unknown = await createPostgresDestination({ connectionString, writeMode: 'overwrite' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, connectionString).toBeInstanceOf(DestinationError);
      expect((err as DestinationError).code, connectionString).toBe(code);
      const seen = [String(err), inspect(err, { depth: 10, showHidden: true }), JSON.stringify(err)];
      for (let e: unknown = err; e instanceof Error; e = e.cause) seen.push(e.message, e.stack ?? '');
      for (const text of seen) expect(text, connectionString).not.toContain(secret);
    }
  });

  it('reopens a connection the server dropped between two writes', async () => {
    const { destination, app } = await open();
    await destination.migrate([items], 'safe');
    await destination.write(items, [row({ arn: 'arn:1' })]);
    const killed = await terminate(app);
    expect(killed.rowCount).toBeGreaterThan(0);
    await destination.write(items, [row({ arn: 'arn:2' })]);
    expect((await destination.readRows(items.name)).map((r) => r.arn).sort()).toEqual(['arn:1', 'arn:2']);
  });

  /** Holds an exclusive lock on the table so a write waits on it where the test can see it. */
  async function lockTable(schema: string, name: string): Promise<{ waiting(app: string, except?: Set<number>): Promise<number>; release(): Promise<void> }> {
    const locker = new pg.Client({ connectionString: server.url.href });
    locker.on('error', () => undefined);
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE "${schema}"."${name}" IN ACCESS EXCLUSIVE MODE`);
    let released = false;
    const release = async (): Promise<void> => {
      if (released) return;
      released = true;
      await locker.query('COMMIT');
      await locker.end();
    };
    cleanups.push(release);
    return {
      // A terminated backend lingers in pg_stat_activity for a moment: `except` skips it.
      async waiting(app, except = new Set()) {
        for (;;) {
          const { rows } = await admin.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
            [app],
          );
          const pid = rows.find((r) => !except.has(r.pid))?.pid;
          if (pid !== undefined) return pid;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
      release,
    };
  }

  it('retries a batch whose connection is dropped during the write, and commits it once', async () => {
    const { destination, schema, app } = await open();
    await destination.migrate([items], 'safe');
    await destination.write(items, [row({ arn: 'arn:0', name: 'before', size: 0 })]);
    const lock = await lockTable(schema, items.name);
    const batch = Array.from({ length: 500 }, (_, i) => row({ arn: `arn:${i}`, name: `n${i}`, size: i }));
    const writing = destination.write(items, batch);
    const pid = await lock.waiting(app);
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    // The retry waits on the same lock, on a new backend.
    await lock.waiting(app, new Set([pid]));
    await lock.release();
    await writing;
    const rows = byKey(await destination.readRows(items.name), 'arn');
    expect(rows.size).toBe(500);
    expect(rows.get('arn:0')?.name).toBe('n0');
  });

  it('gives up after a bounded number of attempts with CONNECTION_FAILED, writing nothing', async () => {
    const { destination, schema, app } = await open({ maxAttempts: 3 });
    await destination.migrate([items], 'safe');
    const lock = await lockTable(schema, items.name);
    const writing = destination.write(items, [row({ arn: 'arn:1' })]).then(
      () => undefined,
      (e: unknown) => e,
    );
    const killed = new Set<number>();
    for (let attempt = 0; attempt < 3; attempt++) {
      const pid = await lock.waiting(app, killed);
      killed.add(pid);
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    }
    const err = await writing;
    await lock.release();
    expect(err).toBeInstanceOf(DestinationError);
    expect(err).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect((err as Error).message).toContain('after 3 attempts');
    expect((err as Error).message).toContain(items.name);
    expect(await destination.countRows(items.name)).toBe(0);
  });

  it('names the column of a bad value and stays usable; creates performance indexes when asked', async () => {
    const { destination, schema } = await open({ createPerformanceIndexes: true });
    const long = table('pg_long', [{ name: 'c'.repeat(64), type: 'string' }]);
    await expect(destination.migrate([long], 'safe')).rejects.toMatchObject({ code: 'MIGRATION_REFUSED', column: 'c'.repeat(64) });
    await destination.migrate([items], 'safe');
    const err = await destination.write(items, [row({ arn: 'arn:1', size: 1.5 })]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'WRITE_FAILED', table: items.name, column: 'size' });
    const bad = await destination.write(items, [row({ arn: 'arn:1', _cq_id: 'not-a-uuid' })]).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'WRITE_FAILED', column: '_cq_id' });
    await destination.write(items, [row({ arn: 'arn:2', size: 2 })]);
    expect(await destination.countRows(items.name)).toBe(1);
    const indexes = await admin.query(`SELECT indexname FROM pg_indexes WHERE schemaname = $1`, [schema]);
    expect(indexes.rows.map((r: { indexname: string }) => r.indexname).sort()).toEqual(['conf_items__cq_id_key', 'conf_items_cqpi', 'conf_items_cqpk']);
  });

  it('opens from a destination document through destinationOpeners, spec keys winning over top-level ones', async () => {
    const schema = unique('canopy_open');
    const spec = { connection_string: urlWith({ search_path: schema }), batch_size: 500, batch_timeout: '1m30s', pgx_log_level: 'warn' };
    const opened = await destinationOpeners.postgresql?.({ name: 'pg', writeMode: 'overwrite', migrateMode: 'safe', batchSize: 7, batchSizeBytes: 1234 }, spec);
    if (!opened) throw new Error('no postgresql opener');
    cleanups.push(() => opened.close());
    expect(opened).toMatchObject({ name: 'pg', writeMode: 'overwrite', batchSize: 500, batchSizeBytes: 1234, batchTimeoutMs: 90_000, schema });
    await opened.close();
    await expect(opened.write(items, [row({ arn: 'a' })])).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
  });
});

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { JS } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load-config.js';
import { ConfigError } from '../src/config/yaml-source.js';
import { DestinationError } from '../src/destinations/destination.js';
import type { WriteMode } from '../src/destinations/destination.js';
import { createDuckdbDestination } from '../src/destinations/duckdb/duckdb-destination.js';
import type { DuckdbDestination } from '../src/destinations/duckdb/duckdb-destination.js';
import { destinationOpeners } from '../src/destinations/index.js';
import { describeDestinationConformance } from './destination-conformance.js';
import { byKey, items, itemsWithTags, partitioned, row, t1, t2, table } from './destination-fixtures.js';

/** A temp directory per destination, removed with it, so tests never share a database file. */
function tempDatabase(): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-duckdb-'));
  return { path: join(dir, 'canopy.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describeDestinationConformance('duckdb', async ({ writeMode }) => {
  const file = tempDatabase();
  const destination = await createDuckdbDestination({ connectionString: file.path, writeMode });
  return {
    destination,
    readRows: (name) => destination.readRows(name),
    countRows: (name) => destination.countRows(name),
    cleanup: async () => {
      await destination.close();
      file.remove();
    },
  };
});

/** Runs queries on a database file with a connection of its own, as a user's `duckdb canopy.db` would. */
async function query(path: string, sql: string): Promise<Record<string, JS>[]> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const cqDuckdb = (spec: string): string => `kind: source
spec:
  name: aws
  path: cloudquery/aws
  tables: ["aws_ec2_instances"]
  destinations: ["duckdb"]
---
kind: destination
spec:
  name: duckdb
  path: cloudquery/duckdb
  registry: cloudquery
  version: "v6.3.1"
  write_mode: "overwrite-delete-stale"
  spec:
${spec}`;

function configMistake(text: string): string {
  try {
    parseConfig([{ file: 'config.yml', text }], { knownTables: ['aws_ec2_instances'], env: {} });
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('duckdb destination specifics', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  async function open(writeMode: WriteMode = 'overwrite-delete-stale'): Promise<{ destination: DuckdbDestination; path: string }> {
    const file = tempDatabase();
    const destination = await createDuckdbDestination({ connectionString: file.path, writeMode });
    cleanups.push(async () => {
      await destination.close();
      file.remove();
    });
    return { destination, path: file.path };
  }

  const things = table('things', [
    { name: 'arn', type: 'string', primaryKey: true, notNull: true },
    { name: 'size', type: 'int' },
    { name: 'ratio', type: 'float' },
    { name: 'on', type: 'bool' },
    { name: 'tags', type: 'json' },
    { name: 'names', type: 'string_list' },
    { name: 'raw', type: 'bytes' },
  ]);

  it('leaves a complete file after close that a fresh connection reads, with CloudQuery types and keys', async () => {
    const { destination, path } = await open();
    await destination.migrate([things], 'safe');
    await destination.write(things, [row({ arn: 'arn:1', size: 1, ratio: 0.5, on: true, tags: { env: 'prod' }, names: ['a'], raw: Buffer.from('x') })]);
    await destination.close();
    // The checkpoint on close folded the write-ahead log into the file.
    expect(existsSync(`${path}.wal`)).toBe(false);
    const columns = await query(path, "SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name = 'things' ORDER BY column_index");
    expect(columns.map((c) => [c.column_name, c.data_type, c.is_nullable])).toEqual([
      ['_cq_id', 'UUID', false],
      ['_cq_parent_id', 'UUID', true],
      ['_cq_source_name', 'VARCHAR', true],
      ['_cq_sync_time', 'TIMESTAMP', true],
      ['arn', 'VARCHAR', false],
      ['size', 'BIGINT', true],
      ['ratio', 'DOUBLE', true],
      ['on', 'BOOLEAN', true],
      ['tags', 'JSON', true],
      ['names', 'VARCHAR[]', true],
      ['raw', 'BLOB', true],
    ]);
    const constraints = await query(
      path,
      "SELECT constraint_type AS t, constraint_column_names AS c FROM duckdb_constraints() WHERE table_name = 'things' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE') ORDER BY 1",
    );
    expect(constraints).toEqual([
      { t: 'PRIMARY KEY', c: ['arn'] },
      { t: 'UNIQUE', c: ['_cq_id'] },
    ]);
    expect(await query(path, 'SELECT arn, size, "on", _cq_sync_time FROM things')).toEqual([{ arn: 'arn:1', size: 1n, on: true, _cq_sync_time: t1 }]);
  });

  it('stores JSON that SQL reads with ->> and lists that list functions read', async () => {
    const { destination, path } = await open();
    await destination.migrate([things], 'safe');
    await destination.write(things, [
      row({ arn: 'arn:1', tags: { env: 'prod', owner: { team: 'core' } }, names: ['web', 'edge'] }),
      row({ arn: 'arn:2', tags: { env: 'dev' }, names: [] }),
      row({ arn: 'arn:3' }),
    ]);
    await destination.close();
    const rows = await query(
      path,
      "SELECT arn, tags->>'env' AS env, tags->'owner'->>'team' AS team, list_contains(names, 'edge') AS edge FROM things ORDER BY arn",
    );
    expect(rows).toEqual([
      { arn: 'arn:1', env: 'prod', team: 'core', edge: true },
      { arn: 'arn:2', env: 'dev', team: null, edge: false },
      { arn: 'arn:3', env: null, team: null, edge: null },
    ]);
    expect(await query(path, "SELECT count(*) AS n FROM things WHERE json_extract_string(tags, '$.env') = 'prod'")).toEqual([{ n: 1n }]);
  });

  it('upserts rows with list and JSON columns in place, moving _cq_id, and keeps the last of duplicate keys', async () => {
    const { destination } = await open('overwrite');
    await destination.migrate([things], 'safe');
    await destination.write(things, [row({ arn: 'arn:1', tags: { v: 1 }, names: ['a'] }), row({ arn: 'arn:2', names: ['keep'] })]);
    const updated = row({ arn: 'arn:1', size: 2, tags: { v: 2 }, names: ['b', 'c'] }, t2);
    await destination.write(things, [row({ arn: 'arn:1', size: 1, names: ['first'] }, t2), updated]);
    const rows = byKey(await destination.readRows(things.name), 'arn');
    expect(rows.size).toBe(2);
    expect(rows.get('arn:1')).toEqual({ ...updated, ratio: null, on: null, raw: null });
    expect(rows.get('arn:2')?.names).toEqual(['keep']);
  });

  it('refuses a _cq_id already held by another row, naming the column, and writes nothing of the batch', async () => {
    const { destination } = await open();
    await destination.migrate([items], 'safe');
    const first = row({ arn: 'arn:1', name: 'one' });
    await destination.write(items, [first]);
    const err = await destination.write(items, [row({ arn: 'arn:2' }), row({ arn: 'arn:3', _cq_id: first._cq_id })]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'WRITE_FAILED', table: items.name, column: '_cq_id' });
    expect(await destination.countRows(items.name)).toBe(1);
  });

  it('creates append tables without keys or indexes, as CloudQuery does', async () => {
    const { destination, path } = await open('append');
    await destination.migrate([items], 'safe');
    await destination.close();
    const keys = await query(path, `SELECT count(*) AS n FROM duckdb_constraints() WHERE table_name = 'conf_items' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')`);
    expect(keys).toEqual([{ n: 0n }]);
    expect(await query(path, `SELECT count(*) AS n FROM duckdb_indexes() WHERE table_name = 'conf_items'`)).toEqual([{ n: 0n }]);
  });

  it('adds a unique index where a column becomes unique, and columns beside it', async () => {
    const { destination } = await open();
    const plain = table('plain', [
      { name: 'id', type: 'string', primaryKey: true, notNull: true },
      { name: 'code', type: 'string' },
    ]);
    await destination.migrate([plain], 'safe');
    await destination.write(plain, [row({ id: 'a', code: 'x' }), row({ id: 'b', code: 'y' })]);
    const uniqueCode = table('plain', [
      { name: 'id', type: 'string', primaryKey: true, notNull: true },
      { name: 'code', type: 'string', unique: true },
      { name: 'extra', type: 'json' },
    ]);
    await destination.migrate([uniqueCode], 'safe');
    await destination.migrate([uniqueCode], 'safe');
    const err = await destination.write(uniqueCode, [row({ id: 'c', code: 'x' })]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'WRITE_FAILED', column: 'code' });
    await destination.write(uniqueCode, [row({ id: 'a', code: 'x', extra: [1] })]);
    expect(byKey(await destination.readRows('plain'), 'id').get('a')).toMatchObject({ code: 'x', extra: [1] });
  });

  it('refuses a new unique index over duplicates in safe mode, naming the column, and changes nothing', async () => {
    const { destination } = await open();
    const loose = table('loose', [
      { name: 'id', type: 'string', primaryKey: true, notNull: true },
      { name: 'code', type: 'string' },
    ]);
    await destination.migrate([loose], 'safe');
    await destination.write(loose, [row({ id: 'a', code: 'same' }), row({ id: 'b', code: 'same' })]);
    const strict = table('loose', [
      { name: 'id', type: 'string', primaryKey: true, notNull: true },
      { name: 'code', type: 'string', unique: true },
      { name: 'added', type: 'int' },
    ]);
    const err = await destination.migrate([strict], 'safe').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DestinationError);
    expect(err).toMatchObject({ code: 'MIGRATION_REFUSED', table: 'loose', column: 'code' });
    // One transaction: the column added before the index failed is gone too.
    expect(Object.keys((await destination.readRows('loose'))[0] ?? {})).not.toContain('added');
  });

  it('migrates a table CloudQuery created (lower-case type names) that carries a user index', async () => {
    const file = tempDatabase();
    const legacy = await DuckDBInstance.create(file.path);
    const connection = await legacy.connect();
    await connection.run(
      'CREATE TABLE IF NOT EXISTS "cq" ("_cq_id" uuid UNIQUE NOT NULL,"_cq_parent_id" uuid,"_cq_source_name" varchar,' +
        '"_cq_sync_time" timestamp,"id" varchar NOT NULL,"names" varchar[],"doc" json, PRIMARY KEY ("id"))',
    );
    // DuckDB refuses some ALTERs on indexed tables; ADD COLUMN must still work.
    await connection.run('CREATE INDEX cq_sync ON cq (_cq_sync_time)');
    connection.closeSync();
    legacy.closeSync();
    const destination = await createDuckdbDestination({ connectionString: file.path, writeMode: 'overwrite-delete-stale' });
    cleanups.push(async () => {
      await destination.close();
      file.remove();
    });
    const cq = table('cq', [
      { name: 'id', type: 'string', primaryKey: true, notNull: true },
      { name: 'names', type: 'string_list' },
      { name: 'doc', type: 'json' },
      { name: 'added', type: 'bool' },
    ]);
    await destination.migrate([cq], 'safe');
    await destination.write(cq, [row({ id: 'a', names: ['x'], doc: { k: 1 } })]);
    await destination.write(cq, [row({ id: 'a', names: ['y'], doc: { k: 2 }, added: true })]);
    expect(await destination.readRows('cq')).toEqual([expect.objectContaining({ id: 'a', names: ['y'], doc: { k: 2 }, added: true, _cq_sync_time: t1 })]);
  });

  it('serialises concurrent writes to different tables, each in its own transaction', async () => {
    const { destination } = await open();
    await destination.migrate([items, partitioned], 'safe');
    const p = (id: string) => row({ account_id: '111', region: 'us-east-1', id, state: 'x' });
    const results = await Promise.allSettled([
      destination.write(items, Array.from({ length: 3000 }, (_, i) => row({ arn: `arn:${i}`, size: i }))),
      destination.write(partitioned, [p('ok-1'), p('ok-2')]),
      destination.write(items, [row({ arn: 'arn:bad', size: 'not a number' })]),
      destination.write(partitioned, Array.from({ length: 3000 }, (_, i) => p(`i-${i}`))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await destination.countRows(items.name)).toBe(3000);
    expect(await destination.countRows(partitioned.name)).toBe(3002);
  });

  it('names the column of a value that does not fit its type', async () => {
    const { destination } = await open();
    await destination.migrate([itemsWithTags], 'safe');
    const cases: [Record<string, unknown>, string][] = [
      [{ arn: 'arn:1', size: 1.5 }, 'size'],
      [{ arn: 'arn:1', size: 2n ** 64n }, 'size'],
      [{ arn: 'arn:1', _cq_id: 'not-a-uuid' }, '_cq_id'],
      [{ arn: 'arn:1', _cq_sync_time: 'yesterday' }, '_cq_sync_time'],
      [{ arn: 'arn:1', name: { a: 1 } }, 'name'],
    ];
    for (const [values, column] of cases) {
      const err = await destination.write(itemsWithTags, [row({ arn: 'arn:0' }), row(values)]).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'WRITE_FAILED', table: items.name, column });
    }
    expect(await destination.countRows(items.name)).toBe(0);
  });

  it('reports a path it cannot open, an empty path, invalid batch sizes, and calls after close', async () => {
    const missing = join(tmpdir(), `canopy-missing-${process.pid}`, 'nested', 'x.db');
    await expect(createDuckdbDestination({ connectionString: missing, writeMode: 'append' })).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    await expect(createDuckdbDestination({ connectionString: ' ', writeMode: 'append' })).rejects.toMatchObject({ code: 'INVALID_SPEC' });
    await expect(createDuckdbDestination({ connectionString: ':memory:', writeMode: 'append', batchSize: 0 })).rejects.toMatchObject({ code: 'INVALID_SPEC' });
    const destination = await createDuckdbDestination({ connectionString: ':memory:', writeMode: 'overwrite' });
    expect([destination.batchSize, destination.batchSizeBytes]).toEqual([1000, 4 * 1024 * 1024]);
    await destination.migrate([items], 'safe');
    await destination.close();
    await destination.close();
    await expect(destination.write(items, [row({ arn: 'a' })])).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
  });

  it('logs every statement with debug', async () => {
    const lines: string[] = [];
    const destination = await createDuckdbDestination({ connectionString: ':memory:', writeMode: 'overwrite', debug: (l) => lines.push(l) });
    await destination.migrate([items], 'safe');
    await destination.write(items, [row({ arn: 'a' })]);
    await destination.close();
    expect(lines.some((l) => l.startsWith('CREATE TABLE "conf_items"'))).toBe(true);
    expect(lines.some((l) => l.includes('ON CONFLICT ("arn") DO UPDATE'))).toBe(true);
  });
});

describe('duckdb destination config', () => {
  it("accepts CloudQuery's documented duckdb destination and opens it by plugin name", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-duckdb-config-'));
    try {
      const path = join(dir, 'database.db');
      const config = parseConfig([{ file: 'config.yml', text: cqDuckdb(`    connection_string: ${path}\n    batch_size: 1000\n    batch_size_bytes: 4194304\n    debug: false\n`) }], {
        knownTables: ['aws_ec2_instances'],
        env: {},
      });
      const [loaded] = config.destinations;
      expect(loaded?.plugin).toBe('duckdb');
      const open = destinationOpeners.duckdb;
      if (!open || !loaded) throw new Error('no duckdb opener');
      const destination = await open({ name: loaded.name, writeMode: loaded.write_mode, migrateMode: loaded.migrate_mode }, loaded.spec);
      await destination.migrate([items], 'safe');
      await destination.write(items, [row({ arn: 'arn:1' })]);
      await destination.close();
      expect(await query(path, 'SELECT arn FROM conf_items')).toEqual([{ arn: 'arn:1' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('locates a mistake in the duckdb spec by file, line and key path', () => {
    expect(configMistake(cqDuckdb('    connection_string: ./db.duckdb\n    batch_sise: 10\n'))).toBe('config.yml:17: spec.spec.batch_sise: unknown key');
    expect(configMistake(cqDuckdb('    connection_string: ./db.duckdb\n    debug: "yes"\n'))).toBe(
      'config.yml:17: spec.spec.debug: Invalid input: expected boolean, received string',
    );
    expect(configMistake(cqDuckdb('    batch_size: 10\n'))).toBe('config.yml:15: spec.spec.connection_string: required');
    expect(configMistake(cqDuckdb('    connection_string: ""\n'))).toMatch(/^config\.yml:16: spec\.spec\.connection_string: must not be empty/);
  });
});

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DestinationError } from '../src/destinations/destination.js';
import { createSqliteDestination, openSqliteDatabase } from '../src/destinations/sqlite/sqlite-destination.js';
import type { SqliteDestination } from '../src/destinations/sqlite/sqlite-destination.js';
import { describeDestinationConformance } from './destination-conformance.js';
import { items, row, t1, table } from './destination-fixtures.js';

/** A temp directory per destination, removed with it, so tests never share a database file. */
function tempDatabase(): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-sqlite-'));
  return { path: join(dir, 'canopy.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describeDestinationConformance('sqlite', async ({ writeMode }) => {
  const file = tempDatabase();
  const destination = createSqliteDestination({ connectionString: file.path, writeMode });
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

describe('sqlite destination specifics', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  function open(writeMode: 'overwrite-delete-stale' | 'append' = 'overwrite-delete-stale'): { destination: SqliteDestination; path: string } {
    const file = tempDatabase();
    const destination = createSqliteDestination({ connectionString: file.path, writeMode });
    cleanups.push(async () => {
      await destination.close();
      file.remove();
    });
    return { destination, path: file.path };
  }

  it('uses WAL and the declared types and keys of the mapping', async () => {
    const { destination, path } = open();
    await destination.migrate([items], 'safe');
    await destination.write(items, [row({ arn: 'arn:1', name: 'one', size: 1 })]);
    await destination.close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const info = db.prepare('SELECT name, type, pk, "notnull" FROM pragma_table_info(?)').all(items.name);
      expect(info).toEqual([
        { name: '_cq_id', type: 'TEXT', pk: 0, notnull: 1 },
        { name: '_cq_parent_id', type: 'TEXT', pk: 0, notnull: 0 },
        { name: '_cq_source_name', type: 'TEXT', pk: 0, notnull: 0 },
        { name: '_cq_sync_time', type: 'TEXT', pk: 0, notnull: 0 },
        { name: 'arn', type: 'TEXT', pk: 1, notnull: 1 },
        { name: 'name', type: 'TEXT', pk: 0, notnull: 0 },
        { name: 'size', type: 'INTEGER', pk: 0, notnull: 0 },
      ]);
      // CloudQuery's text layout, UTC, fixed six fractional digits so text order is time order.
      expect(db.prepare(`SELECT _cq_sync_time AS t FROM ${items.name}`).get()).toEqual({ t: '2024-03-01 11:59:59.999000Z' });
    } finally {
      db.close();
    }
  });

  it('bounds its page cache at 4 MiB, so the cache stays small however large the database grows', () => {
    const file = tempDatabase();
    const db = openSqliteDatabase(file.path);
    try {
      // Negative: KiB rather than pages.
      expect(db.pragma('cache_size', { simple: true })).toBe(-4_096);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
      file.remove();
    }
  });

  it('stores booleans as 0/1, JSON and lists as JSON text', async () => {
    const { destination, path } = open();
    const flags = table('flags', [
      { name: 'id', type: 'string', primaryKey: true },
      { name: 'on', type: 'bool' },
      { name: 'doc', type: 'json' },
      { name: 'names', type: 'string_list' },
    ]);
    await destination.migrate([flags], 'safe');
    await destination.write(flags, [row({ id: 'a', on: true, doc: { k: [1] }, names: ['x'] }), row({ id: 'b', on: false })]);
    const db = new Database(path, { readonly: true });
    try {
      const stored = db.prepare('SELECT id, "on", typeof("on") AS t, doc, names FROM flags ORDER BY id').all();
      expect(stored).toEqual([
        { id: 'a', on: 1, t: 'integer', doc: '{"k":[1]}', names: '["x"]' },
        { id: 'b', on: 0, t: 'integer', doc: null, names: null },
      ]);
    } finally {
      db.close();
    }
  });

  it('quotes identifiers, so odd table and column names are just names', async () => {
    const { destination } = open();
    const odd = table('odd"; DROP TABLE x; --', [
      { name: 'id', type: 'string', primaryKey: true },
      { name: 'we"ird col', type: 'string' },
    ]);
    await destination.migrate([odd], 'safe');
    await destination.write(odd, [row({ id: '1', 'we"ird col': 'v' })]);
    await destination.write(odd, [row({ id: '1', 'we"ird col': 'w' })]);
    const rows = await destination.readRows(odd.name);
    expect(rows.map((r) => r['we"ird col'])).toEqual(['w']);
  });

  it('accepts a database CloudQuery wrote, whose booleans and timestamps are declared boolean and timestamp', async () => {
    const { destination, path } = open();
    const legacy = new Database(path);
    legacy.exec(
      'CREATE TABLE cq ("_cq_id" text NOT NULL, "_cq_parent_id" text, "_cq_source_name" text, "_cq_sync_time" timestamp, ' +
        '"id" text NOT NULL, "on" boolean, CONSTRAINT cq_cqpk PRIMARY KEY ("id"))',
    );
    legacy.close();
    const cq = table('cq', [
      { name: 'id', type: 'string', primaryKey: true, notNull: true },
      { name: 'on', type: 'bool' },
    ]);
    await destination.migrate([cq], 'safe');
    await destination.write(cq, [row({ id: 'a', on: true })]);
    expect(await destination.readRows('cq')).toEqual([expect.objectContaining({ id: 'a', on: true, _cq_sync_time: t1 })]);
  });

  it('creates append tables without keys, as CloudQuery does', async () => {
    const { destination, path } = open('append');
    await destination.migrate([items], 'safe');
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM pragma_table_info(?) WHERE pk > 0').get(items.name)).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM pragma_index_list(?)').get(items.name)).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('names the column of a value that does not fit its type', async () => {
    const { destination } = open();
    await destination.migrate([items], 'safe');
    const err = await destination.write(items, [row({ arn: 'arn:1', size: 1.5 })]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DestinationError);
    expect(err).toMatchObject({ code: 'WRITE_FAILED', table: items.name, column: 'size' });
  });

  it('reports a path it cannot open, and invalid batch sizes', () => {
    const missing = join(tmpdir(), `canopy-missing-${process.pid}`, 'nested', 'x.db');
    expect(existsSync(missing)).toBe(false);
    expect(() => createSqliteDestination({ connectionString: missing, writeMode: 'append' })).toThrow(
      expect.objectContaining({ code: 'CONNECTION_FAILED' }),
    );
    expect(() => createSqliteDestination({ connectionString: '', writeMode: 'append' })).toThrow(
      expect.objectContaining({ code: 'INVALID_SPEC' }),
    );
    expect(() => createSqliteDestination({ connectionString: ':memory:', writeMode: 'append', batchSize: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_SPEC' }),
    );
  });

  it('works in memory and refuses calls after close', async () => {
    const destination = createSqliteDestination({ connectionString: ':memory:', writeMode: 'overwrite' });
    // 1,000 rows per write unless the spec says otherwise: the engine keeps up to four batches in memory.
    expect(destination.batchSize).toBe(1_000);
    const configured = createSqliteDestination({ connectionString: ':memory:', writeMode: 'overwrite', batchSize: 10_000 });
    expect(configured.batchSize).toBe(10_000);
    await configured.close();
    await destination.migrate([items], 'safe');
    await destination.close();
    await destination.close();
    await expect(destination.write(items, [row({ arn: 'a' })])).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
  });
});

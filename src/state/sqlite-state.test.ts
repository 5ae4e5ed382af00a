import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteDestination } from '../destinations/sqlite/sqlite-destination.js';
import { sqliteStateStore } from './sqlite-state.js';

describe('the SQLite state backend', () => {
  it('keeps cursors across connections in a table of the destination file, beside its data', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'canopy-state-')), 'inventory.db');
    const destination = createSqliteDestination({ connectionString: path, writeMode: 'overwrite-delete-stale' });
    const store = sqliteStateStore(path, 'cq_state_aws');
    expect(await store.get('k')).toBeUndefined();
    await store.set('k', '2026-11-01T00:00:00.000Z');
    await store.set('k', '2026-11-02T00:00:00.000Z');
    await store.set('other', 'x');
    await store.close();
    await destination.close();
    const reopened = sqliteStateStore(path, 'cq_state_aws');
    expect(await reopened.get('k')).toBe('2026-11-02T00:00:00.000Z');
    await reopened.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('select key, value from cq_state_aws order by key').all()).toEqual([
      { key: 'k', value: '2026-11-02T00:00:00.000Z' },
      { key: 'other', value: 'x' },
    ]);
    raw.close();
  });

  it('quotes the table name it is given', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'canopy-state-')), 'inventory.db');
    const store = sqliteStateStore(path, 'state "odd" name');
    await store.set('a', 'b');
    expect(await store.get('a')).toBe('b');
    await store.close();
  });
});

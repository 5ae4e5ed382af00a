import Database from 'better-sqlite3';
import { quoteIdent } from '../destinations/sqlite/sql.js';
import type { StateStore } from './state-store.js';

/**
 * Cursors in a key/value table of a SQLite file, usually the sqlite destination's own
 * (`connection: "@@plugins.sqlite.connection"`). Its own connection, in WAL mode as the destination
 * opens the file, so the two never block each other for long; each set() commits on its own.
 */
export function sqliteStateStore(path: string, tableName: string): StateStore {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  const table = quoteIdent(tableName);
  db.exec(`create table if not exists ${table} (key text primary key, value text not null)`);
  const read = db.prepare<[string], { value: string }>(`select value from ${table} where key = ?`);
  const write = db.prepare<[string, string]>(`insert into ${table} (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`);
  return {
    get: async (key) => read.get(key)?.value,
    set: async (key, value) => void write.run(key, value),
    close: async () => void db.close(),
  };
}

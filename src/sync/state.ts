import type { CanopyConfig, LoadedSource } from '../config/load-config.js';
import { ConfigError } from '../config/yaml-source.js';
import type { StateStore } from '../state/state-store.js';

/** A connection string that is not a file path: a PostgreSQL URL or key=value DSN. */
function looksLikePostgres(connection: string): boolean {
  return /^postgres(ql)?:\/\//.test(connection) || /(^|\s)(host|dbname|user)=/.test(connection);
}

/**
 * The source's state backend (`backend_options`), in the database of the destination it names, or
 * at the connection it gives. SQLite and PostgreSQL hold state; other destinations cannot.
 */
export async function openStateStore(config: CanopyConfig, source: LoadedSource): Promise<StateStore | undefined> {
  const backend = source.backend_options;
  if (!backend) return undefined;
  const plugin = backend.destination ? config.destinations.find((d) => d.name === backend.destination)?.plugin : looksLikePostgres(backend.connection) ? 'postgresql' : 'sqlite';
  // Each backend's module (and its driver) is imported only when it is the one configured.
  if (plugin === 'sqlite') return (await import('../state/sqlite-state.js')).sqliteStateStore(backend.connection, backend.table_name);
  if (plugin === 'postgresql') return (await import('../state/postgres-state.js')).postgresStateStore(backend.connection, backend.table_name);
  throw new ConfigError(
    source.origin.file,
    source.origin.line,
    'spec.backend_options.connection',
    `the state backend must be a sqlite or postgresql destination, not ${plugin ?? 'an unknown one'}`,
  );
}

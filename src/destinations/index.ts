import type { Destination, MigrateMode, WriteMode } from './destination.js';
import { postgresSpecSchema } from './postgres/spec.js';
import { durationMs } from './duration.js';
import { duckdbSpecSchema } from './duckdb/spec.js';
import { sqliteSpecSchema } from './sqlite/spec.js';

/** What every destination document sets besides its plugin's own `spec` (CloudQuery's top-level destination keys). */
export interface DestinationSettings {
  name: string;
  writeMode: WriteMode;
  migrateMode: MigrateMode;
  /** Top-level `batch_size` / `batch_size_bytes`; a plugin's own spec keys of the same name win. */
  batchSize?: number;
  batchSizeBytes?: number;
  /** Top-level `batch_timeout`, in milliseconds. */
  batchTimeoutMs?: number;
  /** The sync's id, for path templates ({{SYNC_ID}}). */
  syncId?: string;
}

/** Opens one destination from its settings and its validated plugin spec. */
export type DestinationOpener = (settings: DestinationSettings, spec: unknown) => Promise<Destination>;

interface DatabaseSpec {
  connection_string: string;
  batch_size?: number;
  batch_size_bytes?: number;
  batch_timeout?: string;
}

/** What every database destination takes: its connection, and batch sizes where the plugin's own keys win over the top-level ones. */
function databaseOptions(settings: DestinationSettings, spec: DatabaseSpec) {
  return {
    name: settings.name,
    connectionString: spec.connection_string,
    writeMode: settings.writeMode,
    batchSize: spec.batch_size ?? settings.batchSize,
    batchSizeBytes: spec.batch_size_bytes ?? settings.batchSizeBytes,
    batchTimeoutMs: spec.batch_timeout === undefined ? settings.batchTimeoutMs : durationMs(spec.batch_timeout),
  };
}

/**
 * Every destination canopy writes to, by plugin name. Each opener imports its destination's module
 * (and so its driver: better-sqlite3, pg, @duckdb/node-api, the S3 client) only when that
 * destination is opened: a SQLite sync never loads DuckDB or pg, which cost tens of MiB and most of
 * a second at start-up. Only the light zod spec files are imported here.
 */
export const destinationOpeners: Readonly<Record<string, DestinationOpener>> = {
  async sqlite(settings, raw) {
    const spec = sqliteSpecSchema.parse(raw);
    const { createSqliteDestination } = await import('./sqlite/sqlite-destination.js');
    return createSqliteDestination(databaseOptions(settings, spec));
  },
  async postgresql(settings, raw) {
    const spec = postgresSpecSchema.parse(raw);
    const { createPostgresDestination } = await import('./postgres/postgres-destination.js');
    return createPostgresDestination({ ...databaseOptions(settings, spec), createPerformanceIndexes: spec.create_performance_indexes });
  },
  async duckdb(settings, raw) {
    const spec = duckdbSpecSchema.parse(raw);
    const { createDuckdbDestination } = await import('./duckdb/duckdb-destination.js');
    return createDuckdbDestination({ ...databaseOptions(settings, spec), debug: spec.debug });
  },
  // file and s3 validate their own spec (CloudQuery's cross-key rules) and refuse non-append modes.
  async file(settings, raw) {
    const { createFileDestination } = await import('./file/file-destination.js');
    return createFileDestination({ name: settings.name, writeMode: settings.writeMode, spec: raw, batch: settings, syncId: settings.syncId });
  },
  async s3(settings, raw) {
    const { createS3Destination } = await import('./s3/s3-destination.js');
    return createS3Destination({ name: settings.name, writeMode: settings.writeMode, spec: raw, batch: settings, syncId: settings.syncId });
  },
};

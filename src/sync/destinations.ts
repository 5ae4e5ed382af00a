import type { LoadedDestination } from '../config/load-config.js';
import { ConfigError } from '../config/yaml-source.js';
import type { Destination } from '../destinations/destination.js';
import { createSqliteDestination } from '../destinations/sqlite/sqlite-destination.js';

/** A destination from its config document; plugins not built yet are named as such before anything is read. */
export function openDestination(spec: LoadedDestination): Destination {
  switch (spec.plugin) {
    case 'sqlite':
      return createSqliteDestination({
        name: spec.name,
        connectionString: String(spec.spec['connection_string'] ?? ''),
        writeMode: spec.write_mode,
        batchSize: spec.batch_size,
        batchSizeBytes: spec.batch_size_bytes,
      });
    default:
      throw new ConfigError(spec.origin.file, spec.origin.line, 'spec.path', `the ${spec.plugin} destination is not available in this version of canopy (sqlite is)`);
  }
}

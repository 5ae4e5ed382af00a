import type { LoadedDestination } from '../config/load-config.js';
import { ConfigError } from '../config/yaml-source.js';
import type { Destination } from '../destinations/destination.js';
import { durationMs } from '../destinations/duration.js';
import { destinationOpeners } from '../destinations/index.js';

/** A destination from its config document; a plugin not built yet is named as such before anything is read. */
export async function openDestination(spec: LoadedDestination, syncId?: string): Promise<Destination> {
  const open = destinationOpeners[spec.plugin];
  if (!open) {
    const available = Object.keys(destinationOpeners).sort().join(', ');
    throw new ConfigError(spec.origin.file, spec.origin.line, 'spec.path', `the ${spec.plugin} destination is not available in this version of canopy (${available} are)`);
  }
  return open(
    {
      name: spec.name,
      writeMode: spec.write_mode,
      migrateMode: spec.migrate_mode,
      batchSize: spec.batch_size,
      batchSizeBytes: spec.batch_size_bytes,
      batchTimeoutMs: spec.batch_timeout === undefined ? undefined : durationMs(spec.batch_timeout),
      syncId,
    },
    spec.spec,
  );
}

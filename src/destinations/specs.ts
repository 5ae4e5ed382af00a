import type { z } from 'zod';
import { duckdbSpecSchema } from './duckdb/spec.js';
import { fileSpecSchema } from './file/spec.js';
import { postgresSpecSchema } from './postgres/spec.js';
import { s3SpecSchema } from './s3/spec.js';
import { sqliteSpecSchema } from './sqlite/spec.js';

/**
 * Each destination plugin's own `spec` keys, by plugin name. The config loader validates a
 * destination document's `spec` with its plugin's schema, so a mistake there is reported with its
 * file, line and key path before anything is opened. Plugins without an entry accept any keys.
 */
export const destinationSpecSchemas: Readonly<Record<string, z.ZodType>> = {
  sqlite: sqliteSpecSchema,
  postgresql: postgresSpecSchema,
  file: fileSpecSchema,
  s3: s3SpecSchema,
  duckdb: duckdbSpecSchema,
};

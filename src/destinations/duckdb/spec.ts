import { z } from 'zod';
import { goDuration } from '../duration.js';

/**
 * CloudQuery's duckdb destination `spec` (plugins/destination/duckdb/client/spec.go): a database
 * file path, batch sizes and `debug` (log every statement). CloudQuery's duckdb spec has no
 * `batch_timeout`; it is accepted here as in the other destinations' specs, so a config that sets
 * it beside the batch sizes is not refused, and ignored like the top-level key.
 */
export const duckdbSpecSchema = z.strictObject({
  connection_string: z
    .string({ error: (issue) => (issue.input === undefined ? 'required' : 'expected a string (the database file path)') })
    .min(1, { error: 'must not be empty (a database file path such as ./canopy.db)' }),
  batch_size: z.int().positive().optional(),
  batch_size_bytes: z.int().positive().optional(),
  batch_timeout: goDuration.optional(),
  debug: z.boolean().optional(),
});

export type DuckdbSpec = z.output<typeof duckdbSpecSchema>;

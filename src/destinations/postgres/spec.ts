import { z } from 'zod';
import { goDuration } from '../duration.js';

/** pgx's log levels as CloudQuery's spec accepts them (client/spec/pgx_log_level.go); "" means error. */
export const pgxLogLevels = ['', 'none', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/**
 * CloudQuery's postgresql destination `spec` (plugins/destination/postgresql/client/spec): the same
 * keys, so a CloudQuery user's document validates unchanged. Defaults are applied by the
 * destination (batch_size 10000, batch_size_bytes 100000000, batch_timeout 60s), as CloudQuery's
 * SetDefaults does, so the top-level keys of the same name can fill them first.
 */
export const postgresSpecSchema = z.strictObject({
  connection_string: z
    .string({ error: (issue) => (issue.input === undefined ? 'required' : 'expected a string (a postgres:// URL or a key=value DSN)') })
    .min(1, { error: 'must not be empty' }),
  pgx_log_level: z.enum(pgxLogLevels).optional(),
  batch_size: z.int().positive().optional(),
  batch_size_bytes: z.int().positive().optional(),
  batch_timeout: goDuration.optional(),
  create_performance_indexes: z.boolean().optional(),
});

export type PostgresSpec = z.output<typeof postgresSpecSchema>;

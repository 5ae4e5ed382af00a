import { z } from 'zod';
import { goDuration } from '../duration.js';

/** CloudQuery's sqlite destination `spec` (plugins/destination/sqlite): a file path and batch sizes. */
export const sqliteSpecSchema = z.strictObject({
  connection_string: z.string({ error: (issue) => (issue.input === undefined ? 'required' : 'expected a string (the database file path)') }),
  batch_size: z.int().positive().optional(),
  batch_size_bytes: z.int().positive().optional(),
  batch_timeout: goDuration.optional(),
});

export type SqliteSpec = z.output<typeof sqliteSpecSchema>;

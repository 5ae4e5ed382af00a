import type { FormatOptions } from './format-spec.js';
import type { FormatWriter } from './object-format.js';
import { createTextFormat } from './text-format.js';

/**
 * The writer for a format; `tempDir` is where parquet's DuckDB may spill. Parquet's module (and
 * @duckdb/node-api with it) is imported only when a parquet writer is made.
 */
export async function createFormat(options: FormatOptions, tempDir: string): Promise<FormatWriter> {
  if (options.format !== 'parquet') return createTextFormat(options);
  const { createParquetFormat } = await import('./parquet-format.js');
  return createParquetFormat(options, tempDir);
}

import type { FormatOptions } from './format-spec.js';
import type { FormatWriter } from './object-format.js';
import { createParquetFormat } from './parquet-format.js';
import { createTextFormat } from './text-format.js';

/** The writer for a format; `tempDir` is where parquet's DuckDB may spill. */
export function createFormat(options: FormatOptions, tempDir: string): FormatWriter {
  return options.format === 'parquet' ? createParquetFormat(options, tempDir) : createTextFormat(options);
}

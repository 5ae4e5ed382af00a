import { z } from 'zod';

/** CloudQuery's file formats (github.com/cloudquery/filetypes): the same names, options and defaults. */
export const fileFormats = ['csv', 'json', 'parquet'] as const;
export type FileFormat = (typeof fileFormats)[number];

/** `compression`: empty or missing is none; gzip applies to csv and json only, as in CloudQuery. */
export const compressions = ['', 'gzip'] as const;
export type Compression = (typeof compressions)[number];

export const csvSpecSchema = z.strictObject({
  skip_header: z.boolean().optional(),
  delimiter: z.string().regex(/^.$/u, { error: 'expected a single character' }).optional(),
});

export const jsonSpecSchema = z.strictObject({});

export const parquetSpecSchema = z.strictObject({
  version: z.enum(['v1.0', 'v2.4', 'v2.6', 'v2Latest']).optional(),
  root_repetition: z.enum(['undefined', 'required', 'optional', 'repeated']).optional(),
  max_row_group_length: z.int().min(0).optional(),
});

export const formatSpecSchemas: Readonly<Record<FileFormat, z.ZodType>> = {
  csv: csvSpecSchema,
  json: jsonSpecSchema,
  parquet: parquetSpecSchema,
};

export interface CsvOptions {
  delimiter: string;
  skipHeader: boolean;
}

export interface ParquetOptions {
  /** Rows per row group; 0 leaves DuckDB's default (122,880). */
  maxRowGroupLength: number;
}

/** Everything a writer needs to know about the bytes it produces. */
export interface FormatOptions {
  format: FileFormat;
  compression: Compression;
  csv: CsvOptions;
  parquet: ParquetOptions;
  /** CloudQuery's `athena`: JSON keys reduced to [A-Za-z0-9_] so Glue crawlers accept them. */
  athena: boolean;
}

// CloudQuery's default max_row_group_length is 128 Mi rows, i.e. one group per batch.
const CLOUDQUERY_DEFAULT_ROW_GROUP = 128 * 1024 * 1024;

/** Format options from a validated spec's `format`, `format_spec`, `compression` (and `athena`). */
export function formatOptions(spec: { format: FileFormat; format_spec?: unknown; compression?: Compression; athena?: boolean }): FormatOptions {
  const raw = spec.format_spec ?? {};
  const csv = spec.format === 'csv' ? csvSpecSchema.parse(raw) : {};
  const parquet = spec.format === 'parquet' ? parquetSpecSchema.parse(raw) : {};
  const rowGroup = parquet.max_row_group_length ?? CLOUDQUERY_DEFAULT_ROW_GROUP;
  return {
    format: spec.format,
    compression: spec.compression ?? '',
    csv: { delimiter: csv.delimiter ?? ',', skipHeader: csv.skip_header ?? false },
    // DuckDB refuses row groups above its own limits; a huge one means "one group per file".
    parquet: { maxRowGroupLength: rowGroup >= CLOUDQUERY_DEFAULT_ROW_GROUP ? 0 : rowGroup },
    athena: spec.athena ?? false,
  };
}

/** What {{FORMAT}} becomes: the format, plus `.gz` when compressed (`json.gz`), as CloudQuery names files. */
export function formatExtension(options: Pick<FormatOptions, 'format' | 'compression'>): string {
  return options.compression === 'gzip' ? `${options.format}.gz` : options.format;
}

/** CloudQuery's content types per format (GetContentType in its S3 plugin). */
export function contentTypeOf(options: Pick<FormatOptions, 'format' | 'compression'>): string {
  if (options.compression === 'gzip') return 'application/gzip';
  switch (options.format) {
    case 'json':
      return 'application/json';
    case 'csv':
      return 'text/csv';
    case 'parquet':
      return 'application/vnd.apache.parquet';
  }
}

import type { Row, TableSchema } from '../../engine/schema.js';
import type { FormatOptions } from './format-spec.js';

/** Where an object's bytes are written while it is open. */
export interface ObjectTarget {
  /** A local file: the final file (file destination) or a spool file (S3). */
  localPath: string;
  /** Append to what the file holds (the file destination's no_rotate files, as CloudQuery opens them O_APPEND). */
  append: boolean;
}

/**
 * One write() call's rows, already checked and encoded, so a value that does not fit its column
 * fails the call before any byte is written. Rows are not kept: only their encoding.
 */
export interface PreparedBatch {
  readonly length: number;
  /** Approximate bytes of row i, for batch_size_bytes. */
  size(index: number): number;
}

/** An object being written: rows go in, finish() completes the local file. */
export interface OpenObject {
  /** Writes rows [from, to) of a batch prepared by the same writer. */
  write(batch: PreparedBatch, from: number, to: number): Promise<void>;
  finish(): Promise<void>;
  /** Gives up on the object (after a failure); never throws. */
  abort(): Promise<void>;
}

/** A format (json, csv, parquet) and its options. */
export interface FormatWriter {
  readonly options: FormatOptions;
  prepare(table: TableSchema, rows: readonly Row[]): PreparedBatch;
  open(table: TableSchema, target: ObjectTarget): Promise<OpenObject>;
  /** Releases what the format holds (DuckDB for parquet). */
  close(): Promise<void>;
}

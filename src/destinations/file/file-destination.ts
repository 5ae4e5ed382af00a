import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Row, TableSchema } from '../../engine/schema.js';
import type { Destination, MigrateMode, WriteMode } from '../destination.js';
import { DestinationError } from '../destination.js';
import { createFormat } from '../formats/create-format.js';
import { formatExtension, formatOptions } from '../formats/format-spec.js';
import type { ObjectSink } from '../formats/rotating-writer.js';
import { RotatingWriter } from '../formats/rotating-writer.js';
import { filePathTemplate, renderPath } from '../formats/path-template.js';
import type { BatchSettings } from '../formats/spec-rules.js';
import { batchLimits, requireAppend } from '../formats/spec-rules.js';
import { parseFileSpec } from './spec.js';

export interface FileDestinationOptions {
  writeMode: WriteMode;
  /** The plugin's `spec` as written in the config (validated here). */
  spec: unknown;
  /** The destination's name in the config; defaults to 'file'. */
  name?: string;
  /** Top-level batch_size / batch_size_bytes / batch_timeout; the spec's own keys win. */
  batch?: BatchSettings;
  /** {{SYNC_ID}}; a fresh UUID when not given. */
  syncId?: string;
  /** The time placeholders' clock (tests); defaults to now. */
  clock?: () => Date;
}

/** The file destination; flush() completes open files now (tests and readers need them whole). */
export interface FileDestination extends Destination {
  /** The path template after CloudQuery's defaults (`directory`, a path without {{TABLE}}). */
  readonly pathTemplate: string;
  /** Files completed so far, in order. */
  readonly files: readonly string[];
  flush(): Promise<void>;
}

/**
 * CloudQuery's file destination: append-only, rows of each table stream into json, csv or parquet
 * files named by the path template, a new file per batch ({{UUID}}) or one per table (no_rotate,
 * appended to across syncs as CloudQuery opens it O_APPEND; parquet, which cannot be appended to,
 * is replaced). Nothing is read back and nothing is deleted.
 */
export async function createFileDestination(options: FileDestinationOptions): Promise<FileDestination> {
  requireAppend('file', options.writeMode);
  const spec = parseFileSpec(options.spec);
  const format = formatOptions(spec);
  const template = filePathTemplate(spec);
  const extension = formatExtension(format);
  const syncId = options.syncId ?? randomUUID();
  const clock = options.clock ?? (() => new Date());
  // Only parquet needs a scratch directory (DuckDB spills there).
  const scratch = format.format === 'parquet' ? await mkdtemp(join(tmpdir(), 'canopy-file-')) : tmpdir();

  const sink: ObjectSink = {
    async target(key) {
      await mkdir(dirname(key), { recursive: true });
      return { localPath: key, append: true };
    },
    async publish() {},
    async discard() {},
  };
  const writer = new RotatingWriter({
    plugin: 'file',
    format: await createFormat(format, scratch),
    sink,
    keyOf: (table) => renderPath(template, { table, extension, uuid: randomUUID(), time: clock(), syncId }),
    limits: batchLimits(spec, options.batch ?? {}),
  });
  const schemas = new Map<string, TableSchema>();
  let closed = false;

  return {
    name: options.name ?? 'file',
    writeMode: 'append',
    pathTemplate: template,
    get files() {
      return writer.published;
    },

    // Files carry the schema they were written with; there is nothing to create or alter.
    async migrate(tables: readonly TableSchema[], _mode: MigrateMode): Promise<void> {
      for (const table of tables) schemas.set(table.name, table);
    },

    write(table: TableSchema, rows: readonly Row[]): Promise<void> {
      return writer.write(table, rows);
    },

    async deleteStale(table: TableSchema): Promise<number> {
      throw new DestinationError('WRITE_FAILED', `file: delete-stale on table "${table.name}": the file destination only appends`, table.name);
    },

    flush: () => writer.flush(),

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await writer.close();
      } finally {
        if (format.format === 'parquet') await rm(scratch, { recursive: true, force: true });
      }
    },
  };
}

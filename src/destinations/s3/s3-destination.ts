import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Row, TableSchema } from '../../engine/schema.js';
import type { Destination, MigrateMode, WriteMode } from '../destination.js';
import { DestinationError } from '../destination.js';
import { createFormat } from '../formats/create-format.js';
import { contentTypeOf, formatExtension, formatOptions } from '../formats/format-spec.js';
import { renderPath, s3KeyTemplate } from '../formats/path-template.js';
import type { ObjectSink } from '../formats/rotating-writer.js';
import { RotatingWriter } from '../formats/rotating-writer.js';
import type { BatchSettings } from '../formats/spec-rules.js';
import { batchLimits, requireAppend } from '../formats/spec-rules.js';
import { createPutOnlyClient } from './s3-client.js';
import { parseS3Spec } from './spec.js';

export interface S3DestinationOptions {
  writeMode: WriteMode;
  /** The plugin's `spec` as written in the config (validated here). */
  spec: unknown;
  /** The destination's name in the config; defaults to 's3'. */
  name?: string;
  /** Top-level batch_size / batch_size_bytes / batch_timeout; the spec's own keys win. */
  batch?: BatchSettings;
  /** {{SYNC_ID}}; a fresh UUID when not given. */
  syncId?: string;
  /** The time placeholders' clock (tests); defaults to now. */
  clock?: () => Date;
}

/** The S3 destination; flush() uploads open objects now (tests and readers need them whole). */
export interface S3Destination extends Destination {
  readonly bucket: string;
  /** The key template after CloudQuery's default (a path without {{TABLE}}). */
  readonly keyTemplate: string;
  /** Keys uploaded so far (the test_write object excluded), in order. */
  readonly keys: readonly string[];
  flush(): Promise<void>;
}

// Spooled objects up to this size are uploaded from memory, so the SDK can retry them; larger
// ones (no_rotate tables) stream from disk, where a failed attempt cannot be replayed.
const IN_MEMORY_UPLOAD_BYTES = 64 * 1024 * 1024;

/**
 * CloudQuery's S3 destination: append-only, one object per batch ({{UUID}}) or per table and sync
 * (no_rotate). Each object is spooled to a local temp file as it is written (memory stays flat)
 * and uploaded with a single PutObject when complete: PutObject is the only call ever made, so
 * `s3:PutObject` is the only permission needed (no multipart, no listing, no HeadBucket). An
 * object is therefore at most 5 GB, S3's limit for one PUT.
 */
export async function createS3Destination(options: S3DestinationOptions): Promise<S3Destination> {
  requireAppend('s3', options.writeMode);
  const spec = parseS3Spec(options.spec);
  const format = formatOptions(spec);
  const template = s3KeyTemplate(spec);
  const extension = formatExtension(format);
  const contentType = contentTypeOf(format);
  const syncId = options.syncId ?? randomUUID();
  const clock = options.clock ?? (() => new Date());
  const client = createPutOnlyClient(spec);
  const keyOf = (table: string, uuid: string = randomUUID()): string => renderPath(template, { table, extension, uuid, time: clock(), syncId });

  if (spec.test_write ?? true) {
    // CloudQuery's check: an empty object where a table's would go, so a missing permission or
    // bucket fails the sync before any row is read.
    const key = keyOf('TEST_TABLE', 'TEST_UUID');
    try {
      await client.put({ bucket: spec.bucket, key, body: Buffer.alloc(0), length: 0, contentType });
    } catch (err) {
      client.destroy();
      throw new DestinationError('CONNECTION_FAILED', `s3: test_write failed: ${(err as Error).message}`);
    }
  }

  const spool = await mkdtemp(join(tmpdir(), 'canopy-s3-'));
  let spooled = 0;
  const sink: ObjectSink = {
    async target() {
      return { localPath: join(spool, `${++spooled}.part`), append: false };
    },
    async publish(key, target) {
      const { size } = await stat(target.localPath);
      const body = size <= IN_MEMORY_UPLOAD_BYTES ? await readFile(target.localPath) : createReadStream(target.localPath);
      try {
        await client.put({ bucket: spec.bucket, key, body, length: size, contentType });
      } finally {
        await rm(target.localPath, { force: true });
      }
    },
    async discard(target) {
      await rm(target.localPath, { force: true });
    },
  };
  const writer = new RotatingWriter({ plugin: 's3', format: await createFormat(format, spool), sink, keyOf: (table) => keyOf(table), limits: batchLimits(spec, options.batch ?? {}) });
  const schemas = new Map<string, TableSchema>();
  let closed = false;

  return {
    name: options.name ?? 's3',
    writeMode: 'append',
    bucket: spec.bucket,
    keyTemplate: template,
    get keys() {
      return writer.published;
    },

    // Objects carry the schema they were written with. The only work is CloudQuery's
    // write_empty_objects_for_empty_tables: a parquet object with the schema and no rows.
    async migrate(tables: readonly TableSchema[], _mode: MigrateMode): Promise<void> {
      for (const table of tables) {
        schemas.set(table.name, table);
        if (spec.write_empty_objects_for_empty_tables) await writer.writeEmpty(table);
      }
    },

    write(table: TableSchema, rows: readonly Row[]): Promise<void> {
      return writer.write(table, rows);
    },

    async deleteStale(table: TableSchema): Promise<number> {
      throw new DestinationError('WRITE_FAILED', `s3: delete-stale on table "${table.name}": the S3 destination only appends`, table.name);
    },

    flush: () => writer.flush(),

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await writer.close();
      } finally {
        client.destroy();
        await rm(spool, { recursive: true, force: true });
      }
    },
  };
}

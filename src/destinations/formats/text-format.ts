import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Row, TableSchema } from '../../engine/schema.js';
import type { FormatOptions } from './format-spec.js';
import type { FormatWriter, ObjectTarget, OpenObject, PreparedBatch } from './object-format.js';
import type { LineEncoder } from './text-encoders.js';
import { csvHeader, csvLineEncoder, jsonLineEncoder } from './text-encoders.js';

/** Encoded lines of one write() call. */
class TextBatch implements PreparedBatch {
  constructor(readonly lines: string[]) {}
  get length(): number {
    return this.lines.length;
  }
  size(index: number): number {
    return this.lines[index]?.length ?? 0;
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/**
 * Streams lines into a file, through gzip when asked. Lines are written as they come and the
 * stream's backpressure is awaited, so memory holds one batch's text at most, whatever the size
 * of the file.
 */
async function openTextObject(target: ObjectTarget, header: string | undefined, gzip: boolean): Promise<OpenObject> {
  // Appending to a CSV file that already has rows must not repeat the header in the middle.
  const withHeader = header !== undefined && (!target.append || (await fileSize(target.localPath)) === 0);
  const file = createWriteStream(target.localPath, { flags: target.append ? 'a' : 'w' });
  // once() rejects if the stream errors first (a missing directory, no permission).
  await once(file, 'open');
  const gz = gzip ? createGzip() : undefined;
  const sink: Writable = gz ?? file;
  const done = gz ? pipeline(gz, file) : once(file, 'finish').then(() => undefined);
  let failure: Error | undefined;
  // Recorded here and rethrown by the next call, so a disk error is never an unhandled rejection.
  const settled = done.catch((err: unknown) => {
    failure = err instanceof Error ? err : new Error(String(err));
  });
  if (!gz) file.on('error', (err) => (failure ??= err));

  const put = async (chunk: string): Promise<void> => {
    if (failure) throw failure;
    if (!sink.write(chunk)) await Promise.race([once(sink, 'drain'), settled]);
    if (failure) throw failure;
  };

  if (withHeader) await put(header);
  return {
    async write(batch, from, to) {
      if (!(batch instanceof TextBatch)) throw new Error('a batch prepared by another format');
      if (to > from) await put(batch.lines.slice(from, to).join(''));
    },
    async finish() {
      if (failure) throw failure;
      sink.end();
      await settled;
      if (failure) throw failure;
      // The spool file is read right after (S3): wait until its descriptor is released too.
      if (!file.closed) await once(file, 'close').catch(() => undefined);
    },
    async abort() {
      sink.destroy();
      if (gz) file.destroy();
      await settled;
    },
  };
}

/** json and csv: text lines, optionally gzipped. */
export function createTextFormat(options: FormatOptions): FormatWriter {
  const encoders = new WeakMap<TableSchema, LineEncoder>();
  const encoderFor = (table: TableSchema): LineEncoder => {
    let encoder = encoders.get(table);
    if (!encoder) {
      encoder = options.format === 'csv' ? csvLineEncoder(table, options.csv, options.athena) : jsonLineEncoder(table, options.athena);
      encoders.set(table, encoder);
    }
    return encoder;
  };
  return {
    options,
    prepare(table: TableSchema, rows: readonly Row[]): PreparedBatch {
      const encode = encoderFor(table);
      return new TextBatch(rows.map((row) => encode(row)));
    },
    open(table: TableSchema, target: ObjectTarget): Promise<OpenObject> {
      const header = options.format === 'csv' && !options.csv.skipHeader ? csvHeader(table, options.csv) : undefined;
      return openTextObject(target, header, options.compression === 'gzip');
    },
    async close() {},
  };
}

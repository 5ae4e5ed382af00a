import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Column, Row } from '../../engine/schema.js';
import { copyField } from './types.js';

// Lines are sent in chunks of about this many characters: large enough that framing costs
// nothing, small enough that a batch is never held twice over in memory.
const chunkChars = 256 * 1024;

/** COPY's text format, encoded lazily row by row as the socket drains. */
function* copyChunks(columns: readonly Column[], rows: readonly Row[]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as Column;
      if (i > 0) line += '\t';
      line += copyField(column, row[column.name]);
    }
    chunk += `${line}\n`;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * Streams rows into `sql` (a COPY ... FROM STDIN naming `columns` in order). A value that does
 * not fit its column (ValueError) aborts the COPY with CopyFail, which rolls it back.
 */
export async function copyRows(client: ClientBase, sql: string, columns: readonly Column[], rows: readonly Row[]): Promise<number> {
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from(copyChunks(columns, rows), { objectMode: false }), stream);
  return stream.rowCount;
}

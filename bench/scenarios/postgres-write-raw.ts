import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Column, ColumnType, Row } from '../../src/engine/schema.js';
import type { Table } from '../../src/engine/table.js';
import { createTableSql, keysFor, qualified, quoteIdent } from '../../src/destinations/postgres/sql.js';
import { unitRows, type ReplicaPlan, type Unit } from './postgres-write-rows.js';

/**
 * The baseline of the postgres-write scenario: the same rows through pg-copy-streams alone, as a
 * hand-written loader would send them: one COPY per table holding all of its rows, values turned
 * into COPY text by the obvious encoder, no staging, no merge, no batches. It is the fastest way
 * to get these rows into PostgreSQL from Node, which is what canopy is measured against.
 */

const escapes: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const special = /[\\\n\r\t]/g;

function text(type: ColumnType, value: unknown): string {
  switch (type) {
    case 'json':
      return JSON.stringify(value);
    case 'timestamp':
      return value instanceof Date ? value.toISOString() : String(value);
    case 'bool':
      return value ? 't' : 'f';
    case 'string_list':
      return `{${(value as string[]).map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
    case 'bytes':
      return `\\x${Buffer.from(value as Uint8Array).toString('hex')}`;
    default:
      return String(value);
  }
}

/** One COPY text line: tab-separated fields, \N for null. */
export function rawLine(columns: readonly Column[], row: Row): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i] as Column;
    const value = row[column.name];
    if (i > 0) line += '\t';
    if (value === null || value === undefined) {
      line += '\\N';
      continue;
    }
    const field = text(column.type, value);
    line += field.replace(special, (c) => escapes[c] ?? c);
  }
  return `${line}\n`;
}

/** Every row of one table over all units, as COPY text in chunks of about 256 KiB. */
function* tableChunks(table: Table, units: readonly Unit[], plan: ReplicaPlan, syncTime: Date): Generator<string> {
  const columns = table.schema.columns;
  let chunk = '';
  for (const unit of units) {
    const groups = unit.partition.groups;
    for (let index = 0; index < groups.length; index++) {
      if (groups[index]?.table !== table) continue;
      for (const row of unitRows(unit, index, plan, syncTime)) {
        chunk += rawLine(columns, row);
        if (chunk.length >= 256 * 1024) {
          yield chunk;
          chunk = '';
        }
      }
    }
  }
  if (chunk) yield chunk;
}

export interface RawCopyOptions {
  url: string;
  schema: string;
  /** Keyed: the same primary key and unique _cq_id as canopy's tables; otherwise bare columns. */
  keyed: boolean;
  connections: number;
}

/** Creates the raw tables (not timed): the same columns and types canopy's migrate creates. */
export async function createRawTables(options: RawCopyOptions, tables: readonly Table[]): Promise<void> {
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(options.schema)} CASCADE`);
    await client.query(`CREATE SCHEMA ${quoteIdent(options.schema)}`);
    for (const table of tables) {
      const keys = keysFor(table.schema, options.keyed ? 'overwrite-delete-stale' : 'append');
      await client.query(createTableSql(options.schema, table.schema, keys));
    }
  } finally {
    await client.end();
  }
}

/**
 * COPYs every table's rows, tables spread over `connections` connections (largest first), the
 * same number of connections canopy's pool opens. Returns the rows the server counted.
 */
export async function rawCopy(options: RawCopyOptions, order: readonly Table[], units: readonly Unit[], plan: ReplicaPlan, syncTime: Date): Promise<number> {
  const queue = [...order];
  let copied = 0;
  const worker = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: options.url });
    await client.connect();
    try {
      for (let table = queue.shift(); table; table = queue.shift()) {
        const names = table.schema.columns.map((c) => quoteIdent(c.name)).join(', ');
        const stream = client.query(copyFrom(`COPY ${qualified(options.schema, table.name)} (${names}) FROM STDIN`));
        await pipeline(Readable.from(tableChunks(table, units, plan, syncTime), { objectMode: false }), stream);
        copied += stream.rowCount;
      }
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  return copied;
}

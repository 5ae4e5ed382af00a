import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Column, ColumnType, Row, TableSchema } from '../src/engine/schema.js';
import type { Destination } from '../src/destinations/destination.js';

/**
 * Readers for what the file and S3 destinations write, independent of their writers: DuckDB's
 * read_json / read_parquet for json and parquet, and this file's own CSV parser. Integers read back
 * as numbers when safe and as bigint beyond 2^53, as the other destinations' readRows do.
 */

export type FileFormat = 'json' | 'csv' | 'parquet';

export interface ReadOptions {
  format: FileFormat;
  gzip?: boolean;
  delimiter?: string;
  skipHeader?: boolean;
}

/** Every file below a directory, sorted; none when it does not exist. */
export function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return [];
  }
  return entries
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

const duckTypes: Record<ColumnType, string> = {
  string: 'VARCHAR',
  uuid: 'VARCHAR',
  int: 'BIGINT',
  float: 'DOUBLE',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMPTZ',
  json: 'JSON',
  string_list: 'VARCHAR[]',
  bytes: 'VARCHAR',
};

const text = (s: string): string => `'${s.replaceAll("'", "''")}'`;

function narrow(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function decode(column: Column, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'int':
      return typeof value === 'bigint' ? narrow(value) : value;
    case 'json':
      return typeof value === 'string' ? JSON.parse(value) : value;
    case 'bytes':
      return typeof value === 'string' ? Buffer.from(value, 'base64') : value;
    default:
      return value;
  }
}

function source(files: readonly string[], options: ReadOptions, table: TableSchema): string {
  const list = `[${files.map(text).join(', ')}]`;
  if (options.format === 'parquet') return `read_parquet(${list}, union_by_name = true)`;
  if (options.format === 'json') {
    const columns = `{${table.columns.map((c) => `${text(c.name)}: ${text(duckTypes[c.type])}`).join(', ')}}`;
    return `read_json(${list}, format = 'newline_delimited', columns = ${columns}, compression = ${text(options.gzip ? 'gzip' : 'uncompressed')})`;
  }
  return `read_csv(${list}, header = ${options.skipHeader ? 'false' : 'true'}, delim = ${text(options.delimiter ?? ',')}, quote = '"', escape = '"', all_varchar = true, compression = ${text(options.gzip ? 'gzip' : 'uncompressed')})`;
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** Rows of `table` from its files, in file order; columns the files lack (older schemas) are NULL. */
export async function readBack(files: readonly string[], options: ReadOptions, table: TableSchema): Promise<Row[]> {
  if (files.length === 0) return [];
  if (options.format === 'csv') return files.flatMap((file) => readCsvFile(file, options, table));
  const stored = await query(`SELECT * FROM ${source(files, options, table)}`);
  return stored.map((r) => Object.fromEntries(table.columns.map((c) => [c.name, decode(c, r[c.name])])));
}

/** Row count through DuckDB, so a million rows need not be decoded. */
export async function countBack(files: readonly string[], options: ReadOptions, table: TableSchema): Promise<number> {
  if (files.length === 0) return 0;
  const [result] = await query(`SELECT count(*) AS n FROM ${source(files, options, table)}`);
  return Number(result?.n ?? 0);
}

interface Cell {
  value: string;
  quoted: boolean;
}

/** RFC 4180 with a chosen delimiter; remembers which fields were quoted ("" is '', an empty field is NULL). */
export function parseCsv(input: string, delimiter: string): Cell[][] {
  const records: Cell[][] = [];
  let record: Cell[] = [];
  let i = 0;
  while (i < input.length) {
    let value = '';
    let quoted = false;
    if (input[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        const q = input.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        value += input.slice(i, q);
        i = q + 1;
        if (input[i] === '"') {
          value += '"';
          i++;
        } else break;
      }
    } else {
      while (i < input.length && input[i] !== delimiter && input[i] !== '\n' && input[i] !== '\r') value += input[i++];
    }
    record.push({ value, quoted });
    if (input[i] === delimiter) {
      i++;
      continue;
    }
    if (input[i] === '\r') i++;
    if (input[i] === '\n' || i >= input.length) {
      i++;
      records.push(record);
      record = [];
    } else throw new Error(`unexpected character after field at ${i}`);
  }
  return records;
}

function csvValue(column: Column, cell: Cell | undefined): unknown {
  if (!cell || (!cell.quoted && cell.value === '')) return null;
  const v = cell.value;
  switch (column.type) {
    case 'int':
      return narrow(BigInt(v));
    case 'float':
      return Number(v);
    case 'bool':
      return v === 'true';
    case 'timestamp':
      return new Date(v);
    case 'json':
    case 'string_list':
      return JSON.parse(v);
    case 'bytes':
      return Buffer.from(v, 'base64');
    default:
      return v;
  }
}

function readCsvFile(file: string, options: ReadOptions, table: TableSchema): Row[] {
  const raw = readFileSync(file);
  const records = parseCsv((options.gzip ? gunzipSync(raw) : raw).toString('utf8'), options.delimiter ?? ',');
  const header = options.skipHeader ? table.columns.map((c) => c.name) : (records.shift() ?? []).map((c) => c.value);
  return records.map((record) => {
    const byName = new Map(header.map((name, i) => [name, record[i]]));
    return Object.fromEntries(table.columns.map((c) => [c.name, csvValue(c, byName.get(c.name))]));
  });
}

/** Remembers the schema each table was last migrated to, so readers know the columns to decode. */
export function rememberSchemas<D extends Destination>(destination: D): { destination: D; schemaOf(table: string): TableSchema } {
  const schemas = new Map<string, TableSchema>();
  const migrate = destination.migrate.bind(destination);
  destination.migrate = async (tables, mode) => {
    await migrate(tables, mode);
    for (const table of tables) schemas.set(table.name, table);
  };
  return {
    destination,
    schemaOf(table) {
      const schema = schemas.get(table);
      if (!schema) throw new Error(`table ${table} was never migrated`);
      return schema;
    },
  };
}

/** The formats (and options) the file and S3 conformance suites run with. */
export interface FormatCase extends ReadOptions {
  label: string;
  formatSpec?: Record<string, unknown>;
}

export const formatCases: readonly FormatCase[] = [
  { label: 'json', format: 'json' },
  { label: 'csv', format: 'csv' },
  { label: 'parquet', format: 'parquet' },
  { label: 'json+gzip', format: 'json', gzip: true },
  { label: 'csv+gzip (delimiter ;)', format: 'csv', gzip: true, delimiter: ';', formatSpec: { delimiter: ';' } },
];

import type { DuckDBAppender, JS } from '@duckdb/node-api';
import { DuckDBTimestampValue, LIST, VARCHAR } from '@duckdb/node-api';
import type { Column } from '../../engine/schema.js';

/** A value that does not fit its column; the destination turns it into a DestinationError. */
export class ValueError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
    this.name = 'ValueError';
  }
}

/** Appends one row value (null and undefined are NULL) with the appender call for the column's type. */
export type ColumnWriter = (appender: DuckDBAppender, value: unknown) => void;

const stringList = LIST(VARCHAR);
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;
const uuidText = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const utcText = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?:Z|[+-]00:?00)$/;

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value).slice(0, 40)}`;
}

/**
 * Microseconds since the epoch, UTC: DuckDB's TIMESTAMP, which CloudQuery's timestamp[us, UTC]
 * maps to. A UTC text timestamp keeps its microseconds, which a JS Date would cut to milliseconds.
 */
export function timestampMicros(column: string, value: unknown): bigint {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new ValueError(column, 'is an invalid Date');
    return BigInt(ms) * 1000n;
  }
  if (typeof value === 'string') {
    const m = utcText.exec(value);
    const seconds = m ? Date.parse(`${m[1]}T${m[2]}Z`) : Number.NaN;
    if (m && !Number.isNaN(seconds)) return BigInt(seconds) * 1000n + BigInt((m[3] ?? '').padEnd(6, '0').slice(0, 6));
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return BigInt(ms) * 1000n;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.round(value * 1000));
  throw new ValueError(column, `is not a timestamp (${describe(value)})`);
}

function int64(column: string, value: unknown): bigint {
  let n: bigint | undefined;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number' && Number.isInteger(value)) n = BigInt(value);
  if (n === undefined) throw new ValueError(column, `is not an integer (${describe(value)})`);
  if (n < int64Min || n > int64Max) throw new ValueError(column, `is out of the BIGINT range (${n})`);
  return n;
}

function text(column: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw new ValueError(column, `is not a string (${describe(value)})`);
}

function jsonText(column: string, value: unknown): string {
  const encoded = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) as string | undefined;
  if (encoded === undefined) throw new ValueError(column, `is not JSON (${describe(value)})`);
  return encoded;
}

function bytes(column: string, value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return Buffer.from(value);
  throw new ValueError(column, `is not bytes (${describe(value)})`);
}

function nonNull(write: (appender: DuckDBAppender, value: NonNullable<unknown>) => void): ColumnWriter {
  return (appender, value) => {
    if (value === null || value === undefined) appender.appendNull();
    else write(appender, value);
  };
}

/** The writer for one column: values are checked here, so a mistake names its column before DuckDB sees it. */
export function columnWriter(column: Column): ColumnWriter {
  const name = column.name;
  switch (column.type) {
    case 'string':
      return nonNull((a, v) => a.appendVarchar(text(name, v)));
    case 'uuid':
      return nonNull((a, v) => {
        if (typeof v !== 'string' || !uuidText.test(v)) throw new ValueError(name, `is not a UUID (${describe(v)})`);
        // The appender casts the text into the UUID column.
        a.appendVarchar(v);
      });
    case 'int':
      return nonNull((a, v) => a.appendBigInt(int64(name, v)));
    case 'float':
      return nonNull((a, v) => {
        if (typeof v === 'number') a.appendDouble(v);
        else if (typeof v === 'bigint') a.appendDouble(Number(v));
        else throw new ValueError(name, `is not a number (${describe(v)})`);
      });
    case 'bool':
      return nonNull((a, v) => {
        if (typeof v !== 'boolean') throw new ValueError(name, `is not a boolean (${describe(v)})`);
        a.appendBoolean(v);
      });
    case 'timestamp':
      return nonNull((a, v) => a.appendTimestamp(new DuckDBTimestampValue(timestampMicros(name, v))));
    case 'json':
      return nonNull((a, v) => a.appendVarchar(jsonText(name, v)));
    case 'string_list':
      return nonNull((a, v) => {
        if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw new ValueError(name, `is not a list of strings (${describe(v)})`);
        a.appendList(v as string[], stringList);
      });
    case 'bytes':
      return nonNull((a, v) => a.appendBlob(bytes(name, v)));
  }
}

/**
 * Reads a stored value back as a row value (readRows: tests, the demo). `dataType` is the column's
 * type in the database: JSON text is parsed, BIGINTs are numbers when safe and bigint beyond 2^53,
 * blobs are Buffers; timestamps already arrive as Dates, lists as arrays.
 */
export function decodeValue(dataType: string | undefined, value: JS | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    const safe = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
    return safe ? Number(value) : value;
  }
  if (dataType === 'JSON' && typeof value === 'string') return JSON.parse(value) as unknown;
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

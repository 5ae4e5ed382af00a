import type { Column, ColumnType } from '../../engine/schema.js';

/** What better-sqlite3 can bind: it refuses booleans, Dates and objects. */
export type SqliteValue = string | number | bigint | Buffer | null;

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

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * Timestamps are text in the layout CloudQuery's sqlite plugin writes (Arrow's
 * Timestamp.ValueStr: `2006-01-02 15:04:05.999999Z`), always UTC. CloudQuery trims trailing zeros
 * of the fraction, which breaks text ordering (`...:05Z` sorts after `...:05.1Z`); we always write
 * six digits so that `<` on the text is `<` on time (delete-stale relies on it), and the text still
 * parses with the same layout and with SQLite's date functions.
 */
export function formatTimestamp(date: Date, micros = date.getUTCMilliseconds() * 1000): string {
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
  const time = `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
  return `${day} ${time}.${pad(micros, 6)}Z`;
}

const utcText = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?:Z|[+-]00:?00)$/;

function encodeTimestamp(column: string, value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ValueError(column, 'is an invalid Date');
    return formatTimestamp(value);
  }
  if (typeof value === 'string') {
    // A UTC text timestamp keeps its microseconds, which a JS Date would cut to milliseconds.
    const m = utcText.exec(value);
    if (m) {
      const date = new Date(`${m[1]}T${m[2]}Z`);
      if (!Number.isNaN(date.getTime())) return formatTimestamp(date, Number((m[3] ?? '').padEnd(6, '0').slice(0, 6)));
    }
    const parsed = new Date(value);
    if (!Number.isNaN(parsed.getTime())) return formatTimestamp(parsed);
  }
  if (typeof value === 'number' && Number.isFinite(value)) return formatTimestamp(new Date(value));
  throw new ValueError(column, `is not a timestamp (${describe(value)})`);
}

const bigintAsText = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

/**
 * JSON text of a value, bigints as decimal strings. The replacer makes JSON.stringify about twice
 * as slow, and only a bigint needs it (JSON.stringify throws a TypeError on one), so it is used only
 * after that; anything else that throws (a cycle) throws again the same way.
 */
function encodeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (err instanceof TypeError) return JSON.stringify(value, bigintAsText);
    throw err;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value).slice(0, 40)}`;
}

/** Turns a row value into what SQLite stores for the column's type; null and undefined are NULL. */
export function encodeValue(column: Column, value: unknown): SqliteValue {
  if (value === null || value === undefined) return null;
  const name = column.name;
  switch (column.type) {
    case 'string':
    case 'uuid':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
      throw new ValueError(name, `is not a string (${describe(value)})`);
    case 'int':
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      // Bound as a double, a fraction would be stored as REAL in an INTEGER column.
      throw new ValueError(name, `is not an integer (${describe(value)})`);
    case 'float':
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') return Number(value);
      throw new ValueError(name, `is not a number (${describe(value)})`);
    case 'bool':
      if (typeof value === 'boolean') return value ? 1 : 0;
      throw new ValueError(name, `is not a boolean (${describe(value)})`);
    case 'timestamp':
      return encodeTimestamp(name, value);
    case 'json':
      return encodeJson(value);
    case 'string_list':
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return JSON.stringify(value);
      throw new ValueError(name, `is not a list of strings (${describe(value)})`);
    case 'bytes':
      if (Buffer.isBuffer(value)) return value;
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      if (typeof value === 'string') return Buffer.from(value);
      throw new ValueError(name, `is not bytes (${describe(value)})`);
  }
}

/** Parses the stored text back into a Date; six fractional digits, of which a Date keeps three. */
export function parseTimestamp(text: string): Date {
  const m = utcText.exec(text);
  if (!m) return new Date(text);
  const millis = (m[3] ?? '').padEnd(3, '0').slice(0, 3);
  return new Date(`${m[1]}T${m[2]}.${millis}Z`);
}

/**
 * Reads a stored value back as a row value (used by readRows: tests, the demo, the state backend).
 * Integers are read as bigint so that values beyond 2^53 survive, then narrowed when safe.
 */
export function decodeValue(type: ColumnType | undefined, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    const small = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
    if (type === 'bool') return value !== 0n;
    if (type === 'float') return Number(value);
    return small ? Number(value) : value;
  }
  if (typeof value !== 'string') return value;
  switch (type) {
    case 'timestamp':
      return parseTimestamp(value);
    case 'json':
    case 'string_list':
      return JSON.parse(value) as unknown;
    default:
      return value;
  }
}

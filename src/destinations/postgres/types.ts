import type { Column, ColumnType } from '../../engine/schema.js';

/**
 * Column types as CloudQuery's postgresql destination declares them (client/types_pg.go):
 * int64 -> bigint, float64 -> double precision, timestamps without time zone (always UTC),
 * JSON and structs -> jsonb, lists -> element[], UUID -> uuid, binary -> bytea.
 */
const declaredTypes: Record<ColumnType, string> = {
  string: 'text',
  int: 'bigint',
  float: 'double precision',
  bool: 'boolean',
  timestamp: 'timestamp without time zone',
  json: 'jsonb',
  string_list: 'text[]',
  uuid: 'uuid',
  bytes: 'bytea',
};

/**
 * Types an existing column may have and still take our values: CloudQuery reads json and jsonb
 * alike, and every timestamp flavour as a timestamp (Pg10ToSchemaType), so tables it or a user
 * created that way migrate without a rebuild. Values are written with a +00 offset, which a
 * timestamptz column reads as UTC and a timestamp column ignores.
 */
const acceptedTypes: Record<ColumnType, readonly string[]> = {
  string: ['text', 'character varying'],
  int: ['bigint'],
  float: ['double precision'],
  bool: ['boolean'],
  timestamp: ['timestamp without time zone', 'timestamp with time zone'],
  json: ['jsonb', 'json'],
  string_list: ['text[]', 'character varying[]'],
  uuid: ['uuid'],
  bytes: ['bytea'],
};

export function pgType(type: ColumnType): string {
  return declaredTypes[type];
}

/** Whether a column declared as `declared` (format_type output) holds values of `type`. */
export function typeMatches(type: ColumnType, declared: string): boolean {
  const base = declared.replace(/\(\d+(,\d+)?\)/g, '').trim().toLowerCase();
  return acceptedTypes[type].includes(base);
}

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

/** UTC text with six fractional digits: what a `timestamp` column stores, and a parameter for one. */
export function formatTimestamp(date: Date, micros = date.getUTCMilliseconds() * 1000): string {
  const year = date.getUTCFullYear();
  const day = `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
  const time = `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
  return `${day} ${time}.${pad(micros, 6)}+00`;
}

const utcText = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?:Z|[+-]00(?::?00)?)$/;
const uuidText = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value).slice(0, 40)}`;
}

// Every row of a batch usually carries the same _cq_sync_time: its text is computed once.
let lastTime = Number.NaN;
let lastText = '';

function encodeTimestamp(column: string, value: unknown): string {
  if (value instanceof Date) {
    const time = value.getTime();
    if (time === lastTime) return lastText;
    if (Number.isNaN(time)) throw new ValueError(column, 'is an invalid Date');
    const year = value.getUTCFullYear();
    if (year < 1 || year > 9999) throw new ValueError(column, `is outside years 1-9999 (${value.toISOString()})`);
    lastText = formatTimestamp(value);
    lastTime = time;
    return lastText;
  }
  if (typeof value === 'string') {
    // A UTC text timestamp keeps its microseconds, which a JS Date would cut to milliseconds.
    const m = utcText.exec(value);
    if (m) {
      const date = new Date(`${m[1]}T${m[2]}Z`);
      if (!Number.isNaN(date.getTime())) return formatTimestamp(date, Number((m[3] ?? '').padEnd(6, '0').slice(0, 6)));
    }
    const parsed = new Date(value);
    if (!Number.isNaN(parsed.getTime())) return encodeTimestamp(column, parsed);
  }
  if (typeof value === 'number' && Number.isFinite(value)) return encodeTimestamp(column, new Date(value));
  throw new ValueError(column, `is not a timestamp (${describe(value)})`);
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** PostgreSQL text cannot hold NUL (CloudQuery strips it too); UTF-8 encoding already replaces lone surrogates. */
function stripNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

/** jsonb refuses \u0000 and unpaired surrogates, which JSON.stringify writes as escapes. */
function cleanJsonString(text: string): string {
  return stripNul(text).replace(loneSurrogate, '\uFFFD');
}

function jsonReplacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return cleanJsonString(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.some((k) => k !== cleanJsonString(k))) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [cleanJsonString(k), v]));
    }
  }
  return value;
}

// What JSON.stringify writes for NUL and for an unpaired surrogate.
const jsonTrouble = /\\u0000|\\ud[89a-f]/;

/** JSON text for jsonb: the plain stringify when it can be stored, the cleaning replacer otherwise. */
function jsonText(value: unknown): string | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // A bigint (JSON.stringify throws on it); a cycle throws again below and names the column.
  }
  if (text !== undefined && !jsonTrouble.test(text)) return text;
  return JSON.stringify(value, jsonReplacer);
}

/** The text form of a value for the column's type, before COPY escaping; null is SQL NULL. */
export function textValue(column: Column, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const name = column.name;
  switch (column.type) {
    case 'string':
      if (typeof value === 'string') return stripNul(value);
      if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
      throw new ValueError(name, `is not a string (${describe(value)})`);
    case 'uuid':
      if (typeof value === 'string' && uuidText.test(value)) return value;
      throw new ValueError(name, `is not a UUID (${describe(value)})`);
    case 'int': {
      if (Number.isSafeInteger(value)) return String(value);
      const n = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : undefined;
      if (n === undefined) throw new ValueError(name, `is not an integer (${describe(value)})`);
      if (n < int64.min || n > int64.max) throw new ValueError(name, `is outside the bigint range (${n})`);
      return n.toString();
    }
    case 'float':
      if (typeof value === 'bigint') return value.toString();
      if (typeof value !== 'number') throw new ValueError(name, `is not a number (${describe(value)})`);
      if (Number.isNaN(value)) return 'NaN';
      if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
      // String() is the shortest text that reads back as the same double.
      return String(value);
    case 'bool':
      if (typeof value === 'boolean') return value ? 't' : 'f';
      throw new ValueError(name, `is not a boolean (${describe(value)})`);
    case 'timestamp':
      return encodeTimestamp(name, value);
    case 'json': {
      let text: string | undefined;
      try {
        text = jsonText(value);
      } catch (err) {
        throw new ValueError(name, `has no JSON form (${(err as Error).message})`);
      }
      // Functions and symbols have no JSON form: stored as NULL rather than as the text "undefined".
      return text === undefined ? null : text;
    }
    case 'string_list':
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        return `{${value.map((v: string) => `"${stripNul(v).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
      }
      throw new ValueError(name, `is not a list of strings (${describe(value)})`);
    case 'bytes':
      if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
      if (typeof value === 'string') return `\\x${Buffer.from(value).toString('hex')}`;
      throw new ValueError(name, `is not bytes (${describe(value)})`);
  }
}

const copyEscapes: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One field of COPY's text format: \N for NULL; backslash, newline, CR and tab escaped. */
export function copyField(column: Column, value: unknown): string {
  const text = textValue(column, value);
  if (text === null) return '\\N';
  return /[\\\n\r\t]/.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => copyEscapes[c] ?? c) : text;
}

/** bigint values as numbers when exact, bigint beyond 2^53 (the conformance contract of readRows). */
export function parseInt8(text: string): number | bigint {
  const n = BigInt(text);
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** A `timestamp without time zone` holds UTC; node-postgres would read it as local time. */
export function parseTimestamp(text: string): Date | string {
  const m = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) return text; // infinity, -infinity, BC dates: kept as PostgreSQL prints them
  const millis = (m[3] ?? '').padEnd(3, '0').slice(0, 3);
  return new Date(`${m[1]}T${m[2]}.${millis}Z`);
}

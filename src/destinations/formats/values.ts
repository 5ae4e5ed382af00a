import type { Column } from '../../engine/schema.js';

/** A value that does not fit its column; the destination turns it into a DestinationError naming the column. */
export class ValueError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
    this.name = 'ValueError';
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value).slice(0, 40)}`;
}

/**
 * Null check first: files enforce nothing themselves, so a NOT NULL column (a primary key) with a
 * missing value is refused here, as the SQL destinations refuse it, instead of writing a row that
 * a loader would reject later.
 */
export function isNull(column: Column, value: unknown): value is null | undefined {
  if (value !== null && value !== undefined) return false;
  if (column.notNull) throw new ValueError(column.name, 'is NULL but the column is NOT NULL');
  return true;
}

export function asText(column: Column, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw new ValueError(column.name, `is not a string (${describe(value)})`);
}

/** A 64-bit integer: a safe JS integer or a bigint within int64. */
export function asInteger(column: Column, value: unknown): number | bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX) return value;
  if (typeof value === 'number' && Number.isInteger(value)) {
    // Beyond 2^53 a double has already lost digits; refusing is better than writing a wrong id.
    throw new ValueError(column.name, `is an integer beyond 2^53 given as a number (pass a bigint): ${value}`);
  }
  throw new ValueError(column.name, `is not a 64-bit integer (${describe(value)})`);
}

export function asFloat(column: Column, value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new ValueError(column.name, `is not a number (${describe(value)})`);
}

export function asBoolean(column: Column, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw new ValueError(column.name, `is not a boolean (${describe(value)})`);
}

const utcText = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(?:Z|[+-]00:?00)$/;

/** Microseconds since the epoch, UTC (CloudQuery's timestamp[us, UTC]). */
export function asTimestampMicros(column: Column, value: unknown): bigint {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new ValueError(column.name, 'is an invalid Date');
    return BigInt(ms) * 1000n;
  }
  if (typeof value === 'string') {
    // UTC text keeps its microseconds, which a Date would cut to milliseconds.
    const m = utcText.exec(value);
    if (m) {
      const ms = Date.parse(`${m[1]}T${m[2]}Z`);
      if (!Number.isNaN(ms)) return BigInt(ms) * 1000n + BigInt((m[3] ?? '').padEnd(6, '0').slice(0, 6));
    }
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) return BigInt(parsed) * 1000n;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.trunc(value)) * 1000n;
  throw new ValueError(column.name, `is not a timestamp (${describe(value)})`);
}

/** RFC 3339 in UTC: milliseconds as Date.toISOString writes them, six digits when there are microseconds. */
export function rfc3339(micros: bigint): string {
  let ms = micros / 1000n;
  let sub = micros % 1000n;
  if (sub < 0n) {
    sub += 1000n;
    ms -= 1n;
  }
  const iso = new Date(Number(ms)).toISOString();
  return sub === 0n ? iso : `${iso.slice(0, -1)}${String(sub).padStart(3, '0')}Z`;
}

const bigintAsText = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

// Hive and Athena only accept [A-Za-z0-9_] in struct field names (CloudQuery's `athena` option).
const invalidKeyChar = /\W/g;

function sanitizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sanitizeKeys);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key.replace(invalidKeyChar, '_')] = sanitizeKeys(inner);
  return out;
}

/** A JSON column as JSON text; bigints inside become strings, as in the SQL destinations. */
export function asJsonText(column: Column, value: unknown, athena = false): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(athena ? sanitizeKeys(value) : value, bigintAsText);
  } catch (err) {
    throw new ValueError(column.name, `is not JSON-serialisable (${(err as Error).message})`);
  }
  if (text === undefined) throw new ValueError(column.name, `is not JSON-serialisable (${describe(value)})`);
  return text;
}

export function asStringList(column: Column, value: unknown): string[] {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new ValueError(column.name, `is not a list of strings (${describe(value)})`);
}

export function asBytes(column: Column, value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return Buffer.from(value);
  throw new ValueError(column.name, `is not bytes (${describe(value)})`);
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

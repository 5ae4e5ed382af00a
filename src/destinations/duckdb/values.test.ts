import type { DuckDBAppender } from '@duckdb/node-api';
import { DuckDBTimestampValue } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { Column } from '../../engine/schema.js';
import { ValueError, columnWriter, decodeValue, timestampMicros } from './values.js';

/** Records the appender calls a writer makes, so encoding is checked without a database. */
function appended(column: Column, value: unknown): unknown[][] {
  const calls: unknown[][] = [];
  const recorder = new Proxy({} as DuckDBAppender, {
    get:
      (_target, method) =>
      (...args: unknown[]) => {
        calls.push([method, ...args]);
      },
  });
  columnWriter(column)(recorder, value);
  return calls;
}

describe('duckdb values', () => {
  it('keeps the microseconds of a UTC text timestamp, and converts Dates and other zones to UTC', () => {
    expect(timestampMicros('at', '2024-03-01T12:00:00.123456Z')).toBe(1_709_294_400_123_456n);
    expect(timestampMicros('at', '2024-03-01 12:00:00Z')).toBe(1_709_294_400_000_000n);
    expect(timestampMicros('at', '2024-03-01T14:00:00.5+02:00')).toBe(1_709_294_400_500_000n);
    expect(timestampMicros('at', new Date('1969-12-31T23:59:59.999Z'))).toBe(-1000n);
    expect(() => timestampMicros('at', 'yesterday')).toThrow(ValueError);
  });

  it('appends each type with its own appender call, and NULL for null and undefined', () => {
    expect(appended({ name: 'n', type: 'int' }, 5)).toEqual([['appendBigInt', 5n]]);
    expect(appended({ name: 'n', type: 'int' }, undefined)).toEqual([['appendNull']]);
    expect(appended({ name: 'd', type: 'json' }, { big: 2n ** 64n })).toEqual([['appendVarchar', '{"big":"18446744073709551616"}']]);
    expect(appended({ name: 'l', type: 'string_list' }, ['a'])[0]?.slice(0, 2)).toEqual(['appendList', ['a']]);
    expect(appended({ name: 't', type: 'timestamp' }, new Date(1))).toEqual([['appendTimestamp', new DuckDBTimestampValue(1000n)]]);
    expect(appended({ name: 's', type: 'string' }, 42)).toEqual([['appendVarchar', '42']]);
  });

  it('refuses values that do not fit the column, naming it', () => {
    const refused = (column: Column, value: unknown) => () => appended(column, value);
    expect(refused({ name: 'n', type: 'int' }, 1.5)).toThrow(expect.objectContaining({ column: 'n' }));
    expect(refused({ name: 'n', type: 'int' }, 2n ** 63n)).toThrow(/BIGINT range/);
    expect(refused({ name: 'b', type: 'bool' }, 'yes')).toThrow(ValueError);
    expect(refused({ name: 'u', type: 'uuid' }, 'not-a-uuid')).toThrow(ValueError);
    expect(refused({ name: 'l', type: 'string_list' }, ['a', 1])).toThrow(ValueError);
    expect(refused({ name: 's', type: 'string' }, { a: 1 })).toThrow(ValueError);
  });

  it('decodes integers as numbers when safe and bigint beyond 2^53, and parses JSON columns only', () => {
    expect(decodeValue('BIGINT', 5n)).toBe(5);
    expect(decodeValue('BIGINT', 9_007_199_254_740_993n)).toBe(9_007_199_254_740_993n);
    expect(decodeValue('JSON', '{"a":[1]}')).toEqual({ a: [1] });
    expect(decodeValue('VARCHAR', '{"a":[1]}')).toBe('{"a":[1]}');
    expect(Buffer.isBuffer(decodeValue('BLOB', new Uint8Array([1])))).toBe(true);
    expect(decodeValue(undefined, null)).toBeNull();
  });
});

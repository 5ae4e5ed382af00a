import { describe, expect, it } from 'vitest';
import { ValueError, decodeValue, encodeValue, formatTimestamp, parseTimestamp } from './values.js';

describe('sqlite values', () => {
  it('formats timestamps in UTC with six fractional digits, so text order is time order', () => {
    const times = ['2024-03-01T12:00:00.000Z', '2024-03-01T12:00:00.100Z', '2024-03-01T11:59:59.999Z', '2023-12-31T23:59:59.001Z'];
    const texts = times.map((t) => formatTimestamp(new Date(t)));
    expect(texts[0]).toBe('2024-03-01 12:00:00.000000Z');
    expect([...texts].sort()).toEqual([...times].sort().map((t) => formatTimestamp(new Date(t))));
    for (const t of times) expect(parseTimestamp(formatTimestamp(new Date(t))).toISOString()).toBe(t);
  });

  it('keeps the microseconds of a UTC text timestamp, and converts other zones to UTC', () => {
    const ts = { name: 'at', type: 'timestamp' } as const;
    expect(encodeValue(ts, '2024-03-01T12:00:00.123456Z')).toBe('2024-03-01 12:00:00.123456Z');
    expect(encodeValue(ts, '2024-03-01 12:00:00Z')).toBe('2024-03-01 12:00:00.000000Z');
    expect(encodeValue(ts, '2024-03-01T14:00:00.5+02:00')).toBe('2024-03-01 12:00:00.500000Z');
    expect(() => encodeValue(ts, 'yesterday')).toThrow(ValueError);
  });

  it('refuses values that do not fit the column, naming it', () => {
    expect(() => encodeValue({ name: 'n', type: 'int' }, 1.5)).toThrow(expect.objectContaining({ column: 'n' }));
    expect(() => encodeValue({ name: 'b', type: 'bool' }, 'yes')).toThrow(ValueError);
    expect(() => encodeValue({ name: 'l', type: 'string_list' }, ['a', 1])).toThrow(ValueError);
    expect(() => encodeValue({ name: 's', type: 'string' }, { a: 1 })).toThrow(ValueError);
  });

  it('writes JSON columns as JSON text, bigints anywhere in them as decimal strings', () => {
    const json = { name: 'j', type: 'json' } as const;
    expect(encodeValue(json, { a: [1, 'x'], b: null, c: { d: true } })).toBe('{"a":[1,"x"],"b":null,"c":{"d":true}}');
    expect(encodeValue(json, { a: 9_007_199_254_740_993n, b: [2n, { c: 3n }] })).toBe('{"a":"9007199254740993","b":["2",{"c":"3"}]}');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => encodeValue(json, cycle)).toThrow(TypeError);
  });

  it('decodes integers as numbers when safe and bigint beyond 2^53', () => {
    expect(decodeValue('int', 5n)).toBe(5);
    expect(decodeValue('int', 9_007_199_254_740_993n)).toBe(9_007_199_254_740_993n);
    expect(decodeValue('bool', 0n)).toBe(false);
    expect(decodeValue('json', '{"a":[1]}')).toEqual({ a: [1] });
    expect(decodeValue(undefined, 'text')).toBe('text');
  });
});

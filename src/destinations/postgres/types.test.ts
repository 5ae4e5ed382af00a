import { describe, expect, it } from 'vitest';
import type { Column } from '../../engine/schema.js';
import { ValueError, copyField, parseInt8, parseTimestamp, pgType, textValue, typeMatches } from './types.js';

const col = (type: Column['type'], name = 'c'): Column => ({ name, type });

describe('postgresql values', () => {
  it("maps types as CloudQuery's postgresql destination does, accepting its equivalents", () => {
    expect(pgType('timestamp')).toBe('timestamp without time zone');
    expect(pgType('json')).toBe('jsonb');
    expect(pgType('string_list')).toBe('text[]');
    expect(typeMatches('json', 'json')).toBe(true);
    expect(typeMatches('string', 'character varying(255)')).toBe(true);
    expect(typeMatches('int', 'integer')).toBe(false);
  });

  it("escapes COPY's text format: backslash, newline, CR, tab; NULL is \\N; NUL is dropped", () => {
    expect(copyField(col('string'), 'a\\b\nc\rd\te')).toBe('a\\\\b\\nc\\rd\\te');
    expect(copyField(col('string'), 'nul\u0000byte')).toBe('nulbyte');
    expect(copyField(col('string'), null)).toBe('\\N');
    expect(copyField(col('string'), '\\N')).toBe('\\\\N');
    expect(copyField(col('string'), 'Grüße 😀')).toBe('Grüße 😀');
    expect(copyField(col('json'), { a: 'line\nbreak', 'k\u0000': 'x\u0000\\' })).toBe('{"a":"line\\\\nbreak","k":"x\\\\\\\\"}');
    expect(copyField(col('string_list'), ['a', 'b "c"', 'd\\e', 'NULL'])).toBe('{"a","b \\\\"c\\\\"","d\\\\\\\\e","NULL"}');
    expect(copyField(col('string_list'), [])).toBe('{}');
    expect(copyField(col('bytes'), Buffer.from([0, 255]))).toBe('\\\\x00ff');
  });

  it('writes numbers, booleans, JSON and timestamps in forms PostgreSQL reads back exactly', () => {
    expect(textValue(col('int'), 2 ** 53 - 1)).toBe('9007199254740991');
    expect(textValue(col('int'), -(2n ** 63n))).toBe('-9223372036854775808');
    expect(textValue(col('float'), 1.7976931348623157e308)).toBe('1.7976931348623157e+308');
    expect(textValue(col('float'), Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    expect(textValue(col('bool'), false)).toBe('f');
    expect(textValue(col('json'), { n: 9_007_199_254_740_993n })).toBe('{"n":"9007199254740993"}');
    expect(textValue(col('json'), 'text')).toBe('"text"');
    expect(textValue(col('json'), { s: 'lone \uD800 surrogate' })).toBe('{"s":"lone \uFFFD surrogate"}');
    expect(textValue(col('timestamp'), new Date('2024-02-29T23:59:59.123Z'))).toBe('2024-02-29 23:59:59.123000+00');
    expect(textValue(col('timestamp'), '2024-03-01T12:00:00.123456Z')).toBe('2024-03-01 12:00:00.123456+00');
    expect(textValue(col('timestamp'), '2024-03-01T14:00:00.5+02:00')).toBe('2024-03-01 12:00:00.500000+00');
  });

  it('refuses values that do not fit the column, naming it', () => {
    expect(() => textValue(col('int', 'n'), 1.5)).toThrow(expect.objectContaining({ column: 'n' }));
    expect(() => textValue(col('int'), 2n ** 63n)).toThrow(ValueError);
    expect(() => textValue(col('uuid'), 'nope')).toThrow(ValueError);
    expect(() => textValue(col('bool'), 'yes')).toThrow(ValueError);
    expect(() => textValue(col('timestamp'), 'yesterday')).toThrow(ValueError);
    expect(() => textValue(col('timestamp'), new Date('0000-01-01T00:00:00Z'))).toThrow(ValueError);
    expect(() => textValue(col('string_list'), ['a', 1])).toThrow(ValueError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => textValue(col('json', 'doc'), cycle)).toThrow(expect.objectContaining({ column: 'doc' }));
  });

  it('reads bigint as a number when exact, and timestamps as UTC', () => {
    expect(parseInt8('42')).toBe(42);
    expect(parseInt8('9007199254740993')).toBe(9_007_199_254_740_993n);
    expect((parseTimestamp('2024-02-29 23:59:59.123456') as Date).toISOString()).toBe('2024-02-29T23:59:59.123Z');
    expect((parseTimestamp('1999-12-31 23:59:59') as Date).toISOString()).toBe('1999-12-31T23:59:59.000Z');
    expect(parseTimestamp('infinity')).toBe('infinity');
  });
});

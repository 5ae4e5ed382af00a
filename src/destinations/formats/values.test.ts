import { describe, expect, it } from 'vitest';
import type { Column } from '../../engine/schema.js';
import { asInteger, asTimestampMicros, rfc3339 } from './values.js';

const at: Column = { name: 'at', type: 'timestamp' };
const n: Column = { name: 'n', type: 'int' };

describe('values', () => {
  it('keeps microseconds from UTC text, and writes them back as RFC 3339', () => {
    const micros = asTimestampMicros(at, '2024-02-29 23:59:59.123456+00:00');
    expect(rfc3339(micros)).toBe('2024-02-29T23:59:59.123456Z');
    expect(rfc3339(asTimestampMicros(at, new Date('2024-02-29T23:59:59.123Z')))).toBe('2024-02-29T23:59:59.123Z');
    expect(rfc3339(-1n)).toBe('1969-12-31T23:59:59.999999Z');
    expect(rfc3339(asTimestampMicros(at, '2024-01-01T02:00:00+02:00'))).toBe('2024-01-01T00:00:00.000Z');
  });

  it('takes safe integers and int64 bigints, nothing else', () => {
    expect(asInteger(n, -(2 ** 53 - 1))).toBe(-(2 ** 53 - 1));
    expect(asInteger(n, -(2n ** 63n))).toBe(-(2n ** 63n));
    expect(() => asInteger(n, 2n ** 63n)).toThrow(/64-bit/);
    expect(() => asInteger(n, '1')).toThrow(/64-bit/);
  });
});

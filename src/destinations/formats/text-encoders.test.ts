import { describe, expect, it } from 'vitest';
import type { TableSchema } from '../../engine/schema.js';
import { csvHeader, csvLineEncoder, jsonLineEncoder } from './text-encoders.js';
import { ValueError } from './values.js';

const table: TableSchema = {
  name: 't',
  columns: [
    { name: 'id', type: 'string', notNull: true },
    { name: 'n', type: 'int' },
    { name: 'f', type: 'float' },
    { name: 'b', type: 'bool' },
    { name: 'at', type: 'timestamp' },
    { name: 'doc', type: 'json' },
    { name: 'names', type: 'string_list' },
    { name: 'raw', type: 'bytes' },
  ],
};
const csv = { delimiter: ',', skipHeader: false };

describe('json lines', () => {
  const encode = jsonLineEncoder(table, false);

  it('writes every column in order: exact int64, nested JSON, RFC 3339 with microseconds, base64 bytes', () => {
    const line = encode({ id: 'a', n: 2n ** 62n, f: 0.1, b: false, at: '2024-01-01T00:00:00.123456Z', doc: { k: [1, { big: 2n }] }, names: ['x'], raw: Buffer.from('hi') });
    expect(line).toBe(
      '{"id":"a","n":4611686018427387904,"f":0.1,"b":false,"at":"2024-01-01T00:00:00.123456Z","doc":{"k":[1,{"big":"2"}]},"names":["x"],"raw":"aGk="}\n',
    );
  });

  it('writes NULL for missing values and strings for non-finite floats', () => {
    expect(JSON.parse(encode({ id: 'a', f: Number.NaN }))).toEqual({ id: 'a', n: null, f: 'NaN', b: null, at: null, doc: null, names: null, raw: null });
  });

  it('refuses values that do not fit, naming the column', () => {
    expect(() => encode({ id: null })).toThrow(expect.objectContaining({ column: 'id', message: expect.stringContaining('NOT NULL') }));
    expect(() => encode({ id: 'a', n: 1.5 })).toThrow(ValueError);
    expect(() => encode({ id: 'a', n: 2 ** 60 })).toThrow(/beyond 2\^53/);
    expect(() => encode({ id: 'a', n: 2n ** 63n })).toThrow(/64-bit/);
    expect(() => encode({ id: 'a', at: 'not a time' })).toThrow(expect.objectContaining({ column: 'at' }));
    expect(() => encode({ id: 'a', names: ['x', 1] })).toThrow(expect.objectContaining({ column: 'names' }));
  });

  it('reduces JSON keys to [A-Za-z0-9_] with athena', () => {
    const line = jsonLineEncoder(table, true)({ id: 'a', doc: [{ 'aws:tag name': { 'x-y': 1 } }] });
    expect(JSON.parse(line).doc).toEqual([{ aws_tag_name: { x_y: 1 } }]);
  });
});

describe('csv lines', () => {
  it('quotes only what needs it; NULL is empty, the empty string is ""', () => {
    const encode = csvLineEncoder(table, csv, false);
    expect(encode({ id: 'a,b', n: 1, b: true, doc: { q: '"' }, names: [] })).toBe('"a,b",1,,true,,"{""q"":""\\""""}",[],\n');
    expect(encode({ id: '', f: -1.5, at: new Date(Date.UTC(1969, 11, 31, 23, 59, 59, 999)) })).toBe('"",,-1.5,,1969-12-31T23:59:59.999Z,,,\n');
    expect(encode({ id: ' lead', raw: 'x\ny' })).toBe('" lead",,,,,,,eAp5\n');
    expect(encode({ id: 'multi\nline' })).toBe('"multi\nline",,,,,,,\n');
  });

  it('uses the delimiter in header and rows', () => {
    const semi = { delimiter: ';', skipHeader: false };
    expect(csvHeader(table, semi)).toBe('id;n;f;b;at;doc;names;raw\n');
    expect(csvLineEncoder(table, semi, false)({ id: 'a;b', n: 1 })).toBe('"a;b";1;;;;;;\n');
  });
});

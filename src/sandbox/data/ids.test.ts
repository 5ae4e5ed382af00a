import { describe, expect, it } from 'vitest';
import { base32Id, hexId, hexIdMaker, parseHexId, type Cell } from './ids.js';

const cells: Cell[] = [
  { accountId: '111111111111', region: 'us-east-1' },
  { accountId: '111111111111', region: 'eu-west-1' },
  { accountId: '222222222222', region: 'us-east-1' },
  { accountId: '222222222222', region: 'global' },
];
const indexes = [0, 1, 2, 41, 999, 65_535, 1_000_000, 2 ** 31, 2 ** 32 - 1];

describe('hexId', () => {
  it('round-trips every index in every cell, for full ids and 8-digit ones', () => {
    for (const cell of cells) {
      for (const digits of [17, 8]) {
        const make = hexIdMaker('r', 5, cell, 'ec2.route_table', digits);
        for (const index of indexes) {
          const id = hexId('r', 5, cell, 'ec2.route_table', index, digits);
          expect(id).toMatch(new RegExp(`^r-[0-9a-f]{${digits}}$`));
          expect(make(index)).toBe(id);
          expect(parseHexId(id, 'r', 5, cell, 'ec2.route_table', digits)).toBe(index);
        }
      }
    }
  });

  it('gives the same index different tails in different cells', () => {
    for (const index of indexes) {
      const tails = cells.map((cell) => hexId('r', 5, cell, 'ec2.route_table', index).slice(-8));
      expect(new Set(tails).size).toBe(cells.length);
    }
  });

  it('does not decode ids of another cell, kind, seed or prefix, nor malformed tails', () => {
    const [here, there] = cells as [Cell, Cell];
    const id = hexId('i', 5, here, 'ec2.instance', 7);
    expect(parseHexId(id, 'i', 5, there, 'ec2.instance')).toBeUndefined();
    expect(parseHexId(id, 'i', 5, here, 'ec2.volume')).toBeUndefined();
    expect(parseHexId(id, 'i', 6, here, 'ec2.instance')).toBeUndefined();
    expect(parseHexId(id, 'v', 5, here, 'ec2.instance')).toBeUndefined();
    expect(parseHexId(`${id.slice(0, -1)}z`, 'i', 5, here, 'ec2.instance')).toBeUndefined();
    expect(parseHexId(`${id}0`, 'i', 5, here, 'ec2.instance')).toBeUndefined();
  });
});

describe('base32Id', () => {
  it('is the prefix and uppercase base32 up to the requested length, the same for the same parts', () => {
    const id = base32Id('AROA', 21, 1, 'role', 'x');
    expect(id).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(base32Id('AROA', 21, 1, 'role', 'x')).toBe(id);
    expect(base32Id('AROA', 21, 1, 'role', 'y')).not.toBe(id);
  });
});

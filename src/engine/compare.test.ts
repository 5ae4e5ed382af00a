import { describe, expect, it } from 'vitest';
import { compareText } from './compare.js';

describe('compareText', () => {
  it('orders by code unit and keeps equal strings in place', () => {
    expect(['b', 'a10', 'a_2', 'a2', 'B', 'a'].sort(compareText)).toEqual(['B', 'a', 'a10', 'a2', 'a_2', 'b']);
    expect(compareText('x', 'x')).toBe(0);
    expect(compareText('123456789012', '123456789013')).toBeLessThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { order, type Partition } from './scheduler.js';
import type { Table } from './table.js';

const table = (name: string) => ({ name }) as Table;
const partitions: Partition[] = ['a', 'b', 'c'].flatMap((t) =>
  ['1', '2', '3'].map((accountId) => ({ table: table(t), ctx: { accountId, region: 'us-east-1', partition: 'aws' } })),
);
const names = (list: Partition[]) => list.map((p) => `${p.table.name}${p.ctx.accountId}`);

describe('scheduler order', () => {
  it('dfs keeps tables together', () => {
    expect(names(order(partitions, 'dfs'))).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'c1', 'c2', 'c3']);
  });

  it('round-robin takes one partition of each table in turn', () => {
    expect(names(order(partitions, 'round-robin'))).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'c2', 'a3', 'b3', 'c3']);
  });

  it('shuffle is a deterministic permutation of the same partitions', () => {
    const once = names(order(partitions, 'shuffle', 7));
    expect(names(order(partitions, 'shuffle', 7))).toEqual(once);
    expect([...once].sort()).toEqual(names(partitions).sort());
    expect(once).not.toEqual(names(partitions));
    expect(names(order(partitions, 'shuffle', 8))).not.toEqual(once);
  });
});

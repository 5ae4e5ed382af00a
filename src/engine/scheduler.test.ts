import { describe, expect, it } from 'vitest';
import { order, PartitionQueue, tableWeight, type Partition } from './scheduler.js';
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

describe('PartitionQueue', () => {
  const heavy = table('heavy');
  const at = (t: Table, accountId: string): Partition => ({ table: t, ctx: { accountId, region: 'us-east-1', partition: 'aws' } });
  const weight = (t: Table) => (t === heavy ? 3 : 0);
  const drain = async (queue: PartitionQueue) => {
    const out: Partition[] = [];
    for (let p = await queue.next(); p; p = await queue.next()) out.push(p);
    return out;
  };

  it('with shuffle, starts the heavier tables first, even those of a later batch', async () => {
    const queue = new PartitionQueue('shuffle', 1, weight);
    queue.push(partitions);
    expect(names([(await queue.next()) as Partition])).toEqual([expect.stringMatching(/^[abc]/)]);
    queue.push([at(heavy, '1'), at(heavy, '2')]);
    queue.close();
    const rest = names(await drain(queue));
    expect(rest.slice(0, 2).sort()).toEqual(['heavy1', 'heavy2']);
    expect(rest).toHaveLength(partitions.length - 1 + 2);
  });

  it('keeps dfs and round-robin orders as they are, whatever the weights', async () => {
    const queue = new PartitionQueue('dfs', 1, weight);
    queue.push([...partitions, at(heavy, '1')]);
    queue.close();
    expect(names(await drain(queue))).toEqual([...names(partitions), 'heavy1']);
  });

  it('makes a worker wait for the next batch, and ends it once the queue is closed', async () => {
    const queue = new PartitionQueue('shuffle', 1, weight);
    const first = queue.next();
    let settled = false;
    void first.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    queue.push([at(heavy, '9')]);
    expect(names([(await first) as Partition])).toEqual(['heavy9']);
    const last = queue.next();
    queue.close();
    expect(await last).toBeUndefined();
  });

  it('weighs a table by its calls per item: get, details, and each child list with its own weight', () => {
    const child = { name: 'child', details: { x: {} } } as unknown as Table;
    const parent = { name: 'parent', get: {}, details: { y: {}, z: {} } } as unknown as Table;
    const children = new Map([['parent', [child]]]);
    expect(tableWeight(child, children)).toBe(1);
    expect(tableWeight(parent, children)).toBe(1 + 2 + (1 + 1));
    expect(tableWeight(table('plain'), children)).toBe(0);
  });
});

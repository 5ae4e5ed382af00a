import { describe, expect, it } from 'vitest';
import { drain, expectListingMatchesTruth, type Drained, type TruthCell } from './sdk-testing.js';

/** A paginator over `items` that pages like a service: `size` a page by default, `cap` at most. */
async function* pager(items: readonly string[], pageSize: number | undefined, size = 100, cap = Infinity): AsyncGenerator<{ Items?: string[] }> {
  const limit = Math.min(pageSize ?? size, cap);
  if (items.length === 0) yield {};
  for (let at = 0; at < items.length; at += limit) yield { Items: items.slice(at, at + limit) };
}

const cell = (count: number): TruthCell => ({ accountId: '111111111111', region: 'us-east-1', count });
const names = Array.from({ length: 7 }, (_, i) => `item-${i}`);
const list = (items: readonly string[], size?: number, cap?: number) => (pageSize?: number) =>
  drain(pager(items, pageSize, size, cap), (p) => p.Items);

describe('drain', () => {
  it('collects every item and the size of every page, empty pages included', async () => {
    expect(await drain(pager(names, 3), (p) => p.Items)).toEqual({ items: names, pageSizes: [3, 3, 1] });
    expect(await drain(pager([], 3), (p) => p.Items)).toEqual({ items: [], pageSizes: [0] });
  });
});

describe('expectListingMatchesTruth', () => {
  const key = (name: string) => name;

  it('accepts a listing that keeps the contract, and returns its items', async () => {
    expect(await expectListingMatchesTruth(cell(7), list(names), { key, pageSizes: [1, 2, 3, 7, 8] })).toEqual(names);
    expect(await expectListingMatchesTruth(cell(0), list([]), { key, pageSizes: [1, 5] })).toEqual([]);
    await expectListingMatchesTruth(cell(7), list(names, 2, 2), { key, pageSizes: [50], maxPageSize: 2, defaultPageSize: 2 });
  });

  it('rejects a count other than the truth, and items listed twice', async () => {
    await expect(expectListingMatchesTruth(cell(8), list(names), { key })).rejects.toThrow(/listed 7 items, the truth counts 8/);
    const twice = [...names.slice(0, 6), 'item-0'];
    await expect(expectListingMatchesTruth(cell(7), list(twice), { key })).rejects.toThrow(/items listed twice/);
  });

  it('rejects pages that are larger or shorter than asked, and other items at a page size', async () => {
    await expect(expectListingMatchesTruth(cell(7), list(names, 100, 2), { key, pageSizes: [3] })).rejects.toThrow(/pages of 3/);
    await expect(expectListingMatchesTruth(cell(7), list(names, 3), { key, defaultPageSize: 2 })).rejects.toThrow(/default pages/);
    const shuffled = async (pageSize?: number): Promise<Drained<string>> => {
      const listing = await list(names)(pageSize);
      return pageSize === undefined ? listing : { ...listing, items: [...listing.items].reverse() };
    };
    await expect(expectListingMatchesTruth(cell(7), shuffled, { key, pageSizes: [7] })).rejects.toThrow(/list other items/);
  });
});

import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import type { Credentials } from '../identity.js';
import type { SandboxTruth } from '../truth.js';

/** For SDK tests: what a client needs to talk to a sandbox as one account in one region. */
interface SandboxClientConfig {
  endpoint: string;
  region: string;
  credentials: Credentials;
}

export interface TruthCell {
  accountId: string;
  region: string;
  count: number;
}

/** Every live cell of a kind with its ground-truth count, in truth order. */
export function truthCells(truth: SandboxTruth, kind: string): TruthCell[] {
  const byAccount = truth.resources[kind];
  if (!byAccount) throw new Error(`the truth has no kind ${kind}`);
  return Object.entries(byAccount).flatMap(([accountId, regions]) =>
    Object.entries(regions).map(([region, count]) => ({ accountId, region, count })),
  );
}

/** Client options for a cell's account and region. */
export function clientConfig(
  sandbox: { endpoint: string; credentialsFor(accountId: string): Credentials },
  cell: { accountId: string; region: string },
): SandboxClientConfig {
  return { endpoint: sandbox.endpoint, region: cell.region, credentials: sandbox.credentialsFor(cell.accountId) };
}

/** The options every SDK suite starts its sandbox with: small, two regions, no throttling. */
export const sdkSandboxOptions = { accounts: 3, regions: ['us-east-1', 'eu-west-1'], scale: 3000, seed: 1, throttling: false };

/** What following an SDK paginator gave: every item, and how many items each page held. */
export interface Drained<T> {
  items: T[];
  pageSizes: number[];
}

/** Follows an SDK paginator (`paginateListX({ client, pageSize }, input)`) to its last page. */
export async function drain<P, T>(pages: AsyncIterable<P>, itemsOf: (page: P) => readonly T[] | undefined): Promise<Drained<T>> {
  const items: T[] = [];
  const pageSizes: number[] = [];
  for await (const page of pages) {
    const found = itemsOf(page) ?? [];
    items.push(...found);
    pageSizes.push(found.length);
  }
  return { items, pageSizes };
}

export interface ListingContract<T> {
  /** What identifies an item (an id, name or ARN): no two listed items may share it. */
  key: (item: T) => unknown;
  /** Page sizes to request (MaxResults, Limit, MaxItems): each must list the same items in the same order. */
  pageSizes?: readonly number[];
  /** The most the service puts in a page: larger requests get pages of this size. */
  maxPageSize?: number;
  /** How many items a page holds when no page size is requested, where the suite checks it. */
  defaultPageSize?: number;
}

/** The page sizes `count` items come in at `size` a page: full pages, a shorter last one, one empty page for none. */
function fullPages(count: number, size: number): number[] {
  const pages = Array.from({ length: Math.floor(count / size) }, () => size);
  if (count % size > 0 || count === 0) pages.push(count % size);
  return pages;
}

/**
 * Checks a list operation against the ground truth of one cell, as every SDK suite does: followed
 * to its end it lists exactly the cell's count of items with distinct keys, and at each requested
 * page size it lists the same items in the same order in full pages (the last may be short).
 * Assertions are node's, so this helper needs no test runner. Returns the items for further checks.
 */
export async function expectListingMatchesTruth<T>(
  cell: TruthCell,
  list: (pageSize?: number) => Promise<Drained<T>>,
  contract: ListingContract<T>,
): Promise<T[]> {
  const where = `${cell.accountId} ${cell.region}`;
  const all = await list();
  strictEqual(all.items.length, cell.count, `${where}: listed ${all.items.length} items, the truth counts ${cell.count}`);
  strictEqual(new Set(all.items.map(contract.key)).size, cell.count, `${where}: items listed twice`);
  if (contract.defaultPageSize !== undefined) {
    deepStrictEqual(all.pageSizes, fullPages(cell.count, contract.defaultPageSize), `${where}: default pages`);
  }
  for (const size of contract.pageSizes ?? []) {
    const paged = await list(size);
    deepStrictEqual(paged.pageSizes, fullPages(cell.count, Math.min(size, contract.maxPageSize ?? size)), `${where}: pages of ${size}`);
    deepStrictEqual(paged.items, all.items, `${where}: pages of ${size} list other items`);
  }
  return all.items;
}

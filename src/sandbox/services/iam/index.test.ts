import { describe, expect, it } from 'vitest';
import { testUniverse } from '../testing.js';
import { iamCall } from './iam-testing.js';
import { iamService } from './index.js';

/** Every read an inventory makes of one account, as one JSON text. */
async function snapshot(seed: number): Promise<string> {
  const universe = testUniverse({ seed });
  const accountId = universe.activeAccounts()[1]?.id;
  const out = await iamCall(universe, 'GetAccountAuthorizationDetails', { MaxItems: 1000 }, accountId);
  const keys = await iamCall(universe, 'ListAccessKeys', {}, accountId);
  return JSON.stringify([out, keys]);
}

describe('iam service', () => {
  it('is global and counts its kinds in O(1) for parents', () => {
    expect(iamService.global).toBe(true);
    expect(iamService.kinds?.map((k) => [k.kind, k.scope])).toEqual([
      ['iam.user', 'global'],
      ['iam.access_key', 'global'],
      ['iam.role', 'global'],
      ['iam.group', 'global'],
      ['iam.policy', 'global'],
    ]);
  });

  it('answers byte-identically for the same seed and differently for another', async () => {
    const first = await snapshot(7);
    expect(await snapshot(7)).toBe(first);
    const other = await snapshot(8);
    expect(other).not.toBe(first);
    const names = (text: string) => new Set([...text.matchAll(/"UserName":"([^"]+)"/g)].map((m) => m[1]));
    const shared = [...names(first)].filter((n) => names(other).has(n));
    expect(shared).toEqual(['sandbox-admin']);
  });

  it('stays lazy at a million resources: counts and pages without building the account', async () => {
    const universe = testUniverse({ scale: 1_000_000, accounts: 2 });
    const cell = { accountId: universe.org.managementAccountId, region: 'global' };
    const before = process.memoryUsage().heapUsed;
    const counts = Object.fromEntries((iamService.kinds ?? []).map((k) => [k.kind, k.count(universe, cell)]));
    expect(counts['iam.user']).toBeGreaterThan(10_000);
    const last = counts['iam.user'] as number;
    const page = await iamCall(universe, 'ListUsers', { MaxItems: 5 }, cell.accountId);
    expect(page.Users).toHaveLength(5);
    const users = page.Users as Array<{ UserName: string }>;
    expect((await iamCall(universe, 'GetUser', { UserName: users[4]?.UserName }, cell.accountId)).User).toBeDefined();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
    expect(last).toBe(1 + universe.allocated(cell, 'iam.user'));
  });
});

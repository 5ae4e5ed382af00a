import { describe, expect, it } from 'vitest';
import { EPOCH } from '../../data/org.js';
import { IdentityStore } from '../../identity.js';
import { failureOf } from '../test-paging.js';
import { testUniverse } from '../testing.js';
import { iamAll, iamCall } from './iam-testing.js';

const universe = testUniverse();
const accounts = universe.activeAccounts().map((a) => a.id);

interface Key {
  UserName: string;
  AccessKeyId: string;
  Status: string;
  CreateDate: Date;
}

interface LastUsed {
  UserName: string;
  AccessKeyLastUsed: { LastUsedDate?: Date; ServiceName: string; Region: string };
}

/** Every access key of an account, through ListUsers and ListAccessKeys. */
async function keysOf(accountId: string, u = universe): Promise<Key[]> {
  const keys: Key[] = [];
  for (const user of await iamAll<{ UserName: string }>(u, 'ListUsers', {}, accountId)) {
    keys.push(...(await iamAll<Key>(u, 'ListAccessKeys', { UserName: user.UserName }, accountId)));
  }
  return keys;
}

describe('iam GetAccessKeyLastUsed', () => {
  it('finds the user of every listed key from the key id alone, with a use after its creation or N/A', async () => {
    const services = new Set<string>();
    let unused = 0;
    for (const accountId of accounts) {
      const keys = await keysOf(accountId);
      expect(keys.length).toBeGreaterThan(1);
      for (const key of keys) {
        const out = (await iamCall(universe, 'GetAccessKeyLastUsed', { AccessKeyId: key.AccessKeyId }, accountId)) as unknown as LastUsed;
        expect(out.UserName).toBe(key.UserName);
        const used = out.AccessKeyLastUsed;
        if (used.LastUsedDate === undefined) {
          expect(used).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
          unused += 1;
          continue;
        }
        expect(used.LastUsedDate.getTime()).toBeGreaterThanOrEqual(key.CreateDate.getTime());
        expect(used.LastUsedDate.getTime()).toBeLessThanOrEqual(EPOCH);
        expect(universe.regions).toContain(used.Region);
        services.add(used.ServiceName);
      }
    }
    expect(unused).toBeGreaterThan(0);
    expect(services.size).toBeGreaterThan(3);
  });

  it("reports sandbox-admin's static key as used by the sandbox's callers", async () => {
    const accountId = accounts[0] as string;
    const AccessKeyId = new IdentityStore(universe).staticCredentials(accountId).accessKeyId;
    const out = (await iamCall(universe, 'GetAccessKeyLastUsed', { AccessKeyId }, accountId)) as unknown as LastUsed;
    expect(out.UserName).toBe('sandbox-admin');
    expect(out.AccessKeyLastUsed.LastUsedDate).toEqual(new Date(EPOCH));
  });

  it('denies keys of other accounts and keys that do not exist, and rejects malformed ids', async () => {
    const [a, b] = accounts as [string, string];
    const theirs = (await keysOf(b)).find((k) => k.UserName !== 'sandbox-admin') as Key;
    const mine = (await keysOf(a)).find((k) => k.UserName !== 'sandbox-admin') as Key;
    const flipped = `${mine.AccessKeyId.slice(0, -1)}${mine.AccessKeyId.endsWith('A') ? 'B' : 'A'}`;
    for (const AccessKeyId of [theirs.AccessKeyId, flipped, 'AKIAAAAAAAAAAAAAAAAA', new IdentityStore(universe).staticCredentials(b).accessKeyId]) {
      const error = await failureOf(() => iamCall(universe, 'GetAccessKeyLastUsed', { AccessKeyId }, a));
      expect([error.code, error.status], AccessKeyId).toEqual(['AccessDenied', 403]);
      expect(error.message).toBe(`User: arn:aws:iam::${a}:user/sandbox-admin is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${AccessKeyId}`);
    }
    for (const AccessKeyId of ['AKIA', 'AKIA-not-a-key-id-at-all']) {
      const error = await failureOf(() => iamCall(universe, 'GetAccessKeyLastUsed', { AccessKeyId }, a));
      expect([error.code, error.status]).toEqual(['ValidationError', 400]);
    }
  });

  it('answers the same for the same seed, and key ids differ with the seed', async () => {
    const accountId = accounts[1] as string;
    const again = testUniverse();
    const keys = await keysOf(accountId);
    expect(await keysOf(accountId, again)).toEqual(keys);
    for (const key of keys) {
      const input = { AccessKeyId: key.AccessKeyId };
      expect(await iamCall(again, 'GetAccessKeyLastUsed', input, accountId)).toEqual(await iamCall(universe, 'GetAccessKeyLastUsed', input, accountId));
    }
    const reseeded = testUniverse({ seed: 8 });
    const other = new Set((await keysOf(reseeded.activeAccounts()[1]?.id ?? '', reseeded)).map((k) => k.AccessKeyId));
    expect(other.size).toBeGreaterThan(1);
    expect(keys.filter((k) => k.UserName !== 'sandbox-admin' && other.has(k.AccessKeyId))).toEqual([]);
  });
});

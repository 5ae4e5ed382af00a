import { describe, expect, it } from 'vitest';
import { testUniverse } from '../testing.js';
import { decodeDocument, iamAll, iamCall } from './iam-testing.js';

const universe = testUniverse();
const accounts = universe.activeAccounts().map((a) => a.id);
const lists = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;
type Details = Record<(typeof lists)[number], Array<Record<string, unknown>>>;

/** Follows every page of GetAccountAuthorizationDetails; also returns the page sizes. */
async function details(accountId: string, input: Record<string, unknown> = {}): Promise<Details & { sizes: number[] }> {
  const out: Details & { sizes: number[] } = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], sizes: [] };
  let marker: unknown;
  for (let page = 0; page < 10_000; page++) {
    const result = await iamCall(universe, 'GetAccountAuthorizationDetails', { ...input, ...(marker ? { Marker: marker } : {}) }, accountId);
    let size = 0;
    for (const list of lists) {
      const items = result[list] as Array<Record<string, unknown>>;
      out[list].push(...items);
      size += items.length;
    }
    out.sizes.push(size);
    marker = result.Marker;
    expect(result.IsTruncated).toBe(marker !== undefined);
    if (!marker) return out;
  }
  throw new Error('pagination does not end');
}

const strip = (item: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(item).filter(([k]) => !keys.includes(k)));

describe('iam GetAccountAuthorizationDetails', () => {
  it('walks users, groups, roles and policies in one offset space, whatever MaxItems is', async () => {
    const accountId = accounts[1] as string;
    const full = await details(accountId, { MaxItems: 1000 });
    expect(full.sizes).toHaveLength(1);
    for (const size of [1, 2, 3, 4, 5]) {
      const paged = await details(accountId, { MaxItems: size });
      expect(paged.sizes.slice(0, -1).every((n) => n === size)).toBe(true);
      expect(strip(paged, 'sizes')).toEqual(strip(full, 'sizes'));
    }
    const byDefault = await details(accountId);
    expect(byDefault.sizes.every((n) => n <= 100)).toBe(true);
  });

  it('agrees with the list and get operations', async () => {
    for (const accountId of accounts) {
      const all = await details(accountId, { MaxItems: 7 });
      const users = await iamAll(universe, 'ListUsers', {}, accountId);
      expect(all.UserDetailList.map((u) => strip(u, 'Tags', 'UserPolicyList', 'GroupList', 'AttachedManagedPolicies'))).toEqual(users);
      for (const user of all.UserDetailList) {
        const groups = await iamAll<{ GroupName: string }>(universe, 'ListGroupsForUser', { UserName: user.UserName }, accountId);
        expect(user.GroupList).toEqual(groups.map((g) => g.GroupName));
        const attached = await iamAll(universe, 'ListAttachedUserPolicies', { UserName: user.UserName }, accountId);
        expect(user.AttachedManagedPolicies).toEqual(attached);
        const inline = await iamAll(universe, 'ListUserPolicies', { UserName: user.UserName }, accountId);
        expect((user.UserPolicyList as Array<{ PolicyName: string }>).map((p) => p.PolicyName)).toEqual(inline);
      }
      expect(all.GroupDetailList.map((g) => strip(g, 'GroupPolicyList', 'AttachedManagedPolicies'))).toEqual(await iamAll(universe, 'ListGroups', {}, accountId));
      const roles = await iamAll<{ RoleName: string }>(universe, 'ListRoles', {}, accountId);
      expect(all.RoleDetailList.map((r) => r.RoleName)).toEqual(roles.map((r) => r.RoleName));
      for (const role of all.RoleDetailList) {
        const { Role } = (await iamCall(universe, 'GetRole', { RoleName: role.RoleName }, accountId)) as { Role: Record<string, unknown> };
        expect(role.AssumeRolePolicyDocument).toBe(Role.AssumeRolePolicyDocument);
        expect(role.RoleLastUsed).toEqual(Role.RoleLastUsed);
        for (const profile of role.InstanceProfileList as Array<{ Arn: string; Roles: Array<{ RoleName: string }> }>) {
          expect(profile.Arn).toMatch(new RegExp(`^arn:aws:iam::${accountId}:instance-profile/`));
          expect(profile.Roles.map((r) => r.RoleName)).toEqual([role.RoleName]);
        }
      }
      const local = await iamAll<{ Arn: string }>(universe, 'ListPolicies', { Scope: 'Local' }, accountId);
      const attachedAws = await iamAll<{ Arn: string }>(universe, 'ListPolicies', { Scope: 'AWS', OnlyAttached: true }, accountId);
      expect(all.Policies.map((p) => p.Arn)).toEqual([...local, ...attachedAws].map((p) => p.Arn));
    }
  });

  it('lists every version of every policy with its document', async () => {
    const all = await details(accounts[0] as string, { Filter: ['LocalManagedPolicy', 'AWSManagedPolicy'] });
    expect(all.UserDetailList).toHaveLength(0);
    expect(all.Policies.length).toBeGreaterThan(0);
    for (const policy of all.Policies) {
      const versions = policy.PolicyVersionList as Array<{ VersionId: string; IsDefaultVersion: boolean; Document: string }>;
      expect(versions).toHaveLength(Number(String(policy.DefaultVersionId).slice(1)));
      expect(versions.filter((v) => v.IsDefaultVersion).map((v) => v.VersionId)).toEqual([policy.DefaultVersionId]);
      for (const version of versions) expect(decodeDocument(version.Document).Version).toBe('2012-10-17');
    }
    expect(all.RoleDetailList).toHaveLength(0);
  });

  it('returns only the filtered lists', async () => {
    const accountId = accounts[2] as string;
    const full = await details(accountId);
    const roles = await details(accountId, { Filter: ['Role'], MaxItems: 4 });
    expect(roles.RoleDetailList).toEqual(full.RoleDetailList);
    expect([roles.UserDetailList, roles.GroupDetailList, roles.Policies].map((l) => l.length)).toEqual([0, 0, 0]);
    const usersAndGroups = await details(accountId, { Filter: ['User', 'Group'], MaxItems: 3 });
    expect(usersAndGroups.UserDetailList).toEqual(full.UserDetailList);
    expect(usersAndGroups.GroupDetailList).toEqual(full.GroupDetailList);
    expect(usersAndGroups.Policies).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
import { failureOf } from '../test-paging.js';
import { testUniverse } from '../testing.js';
import { GROUP_KIND, groupMembers, groupsOfUser } from './groups.js';
import { iamAll, iamCall } from './iam-testing.js';
import { iamService } from './index.js';

const universe = testUniverse();
const accounts = universe.activeAccounts().map((a) => a.id);

interface Group {
  GroupName: string;
  GroupId: string;
  Arn: string;
  Path: string;
}

describe('iam groups', () => {
  it('lists as many groups as the truth counts, with valid ids and ARNs', async () => {
    const count = iamService.kinds?.find((k) => k.kind === GROUP_KIND)?.count;
    for (const accountId of accounts) {
      const groups = await iamAll<Group>(universe, 'ListGroups', {}, accountId);
      expect(groups).toHaveLength(count?.(universe, { accountId, region: 'global' }) ?? -1);
      expect(groups.length).toBeGreaterThan(0);
      for (const group of groups) {
        expect(group.GroupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
        expect(group.Arn).toBe(`arn:aws:iam::${accountId}:group${group.Path}${group.GroupName}`);
      }
      for (const size of [1, 2, 3, 4, 5]) expect(await iamAll(universe, 'ListGroups', {}, accountId, size)).toEqual(groups);
    }
  });

  it('agrees in both directions: GetGroup members list the group in ListGroupsForUser', async () => {
    for (const accountId of accounts) {
      const users = await iamAll<{ UserName: string }>(universe, 'ListUsers', {}, accountId);
      const userNames = new Set(users.map((u) => u.UserName));
      const fromGroups = new Map<string, Set<string>>();
      for (const group of await iamAll<Group>(universe, 'ListGroups', {}, accountId)) {
        const members = await iamAll<{ UserName: string }>(universe, 'GetGroup', { GroupName: group.GroupName }, accountId, 3);
        expect(new Set(members.map((m) => m.UserName)).size).toBe(members.length);
        for (const member of members) {
          expect(userNames.has(member.UserName)).toBe(true);
          const set = fromGroups.get(member.UserName) ?? new Set<string>();
          set.add(group.GroupName);
          fromGroups.set(member.UserName, set);
        }
      }
      let memberships = 0;
      for (const user of users) {
        const groups = await iamAll<Group>(universe, 'ListGroupsForUser', { UserName: user.UserName }, accountId, 1);
        memberships += groups.length;
        expect(new Set(groups.map((g) => g.GroupName))).toEqual(fromGroups.get(user.UserName) ?? new Set());
      }
      // Some users are in two groups, so secondary membership is exercised.
      expect(memberships).toBeGreaterThan(users.length - 1);
    }
  });

  it('counts members without scanning, matching the per-user rule', () => {
    for (const scale of [500, 2000, 7000]) {
      const u = testUniverse({ scale, seed: scale });
      for (const account of u.activeAccounts()) {
        const cell = { accountId: account.id, region: 'global' };
        const groups = u.allocated(cell, GROUP_KIND);
        const users = 1 + u.allocated(cell, 'iam.user');
        const expected = Array.from({ length: groups }, () => [] as number[]);
        for (let i = 0; i < users; i++) for (const g of groupsOfUser(u, cell, i)) expected[g]?.push(i);
        for (let g = 0; g < groups; g++) {
          const members = groupMembers(u, cell, g);
          const listed = Array.from({ length: members.count }, (_, n) => members.userAt(n)).sort((a, b) => a - b);
          expect(listed).toEqual(expected[g]);
        }
      }
    }
  });

  it('returns the group with every page of GetGroup', async () => {
    const accountId = accounts[0] as string;
    const [group] = await iamAll<Group>(universe, 'ListGroups', {}, accountId);
    const page = await iamCall(universe, 'GetGroup', { GroupName: group?.GroupName, MaxItems: 1 }, accountId);
    expect(page.Group).toEqual(group);
    expect(page.Users).toHaveLength(1);
    expect(page.IsTruncated).toBe(true);
  });

  it('fails with NoSuchEntity for unknown groups', async () => {
    for (const operation of ['GetGroup', 'ListGroupPolicies', 'ListAttachedGroupPolicies']) {
      const error = await failureOf(() => iamCall(universe, operation, { GroupName: 'payments-developers-9999' }));
      expect(error.code).toBe('NoSuchEntity');
      expect(error.message).toBe('The group with name payments-developers-9999 cannot be found.');
    }
  });
});

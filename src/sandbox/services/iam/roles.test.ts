import { describe, expect, it } from 'vitest';
import { failureOf } from '../test-paging.js';
import { testUniverse } from '../testing.js';
import { decodeDocument, iamAll, iamCall, iamContext } from './iam-testing.js';
import { iamService } from './index.js';
import { ORG_ACCESS_ROLE, ROLE_KIND } from './roles.js';

const universe = testUniverse();
const management = universe.org.managementAccountId;
const accounts = universe.activeAccounts().map((a) => a.id);
const members = accounts.filter((a) => a !== management);

interface Role {
  RoleName: string;
  RoleId: string;
  Arn: string;
  Path: string;
  CreateDate: Date;
  AssumeRolePolicyDocument: string;
  MaxSessionDuration: number;
  RoleLastUsed?: { LastUsedDate?: Date; Region?: string };
  Tags?: unknown[];
}

describe('iam roles', () => {
  it('lists the fixed roles and the allocated ones, as many as the truth counts', async () => {
    const count = iamService.kinds?.find((k) => k.kind === ROLE_KIND)?.count;
    for (const accountId of accounts) {
      const roles = await iamAll<Role>(universe, 'ListRoles', {}, accountId);
      const cell = { accountId, region: 'global' };
      const fixed = accountId === management ? 1 : 2;
      expect(roles).toHaveLength(fixed + universe.allocated(cell, ROLE_KIND));
      expect(roles).toHaveLength(count?.(universe, cell) ?? -1);
      const names = roles.map((r) => r.RoleName);
      expect(names).toContain(universe.readOnlyRoleName);
      expect(names.includes(ORG_ACCESS_ROLE)).toBe(accountId !== management);
      expect(new Set(names).size).toBe(roles.length);
      expect(new Set(roles.map((r) => r.RoleId)).size).toBe(roles.length);
      for (const role of roles) {
        expect(role.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
        expect(role.Arn).toBe(`arn:aws:iam::${accountId}:role${role.Path}${role.RoleName}`);
        expect(role.RoleLastUsed).toBeUndefined();
        expect(role.Tags).toBeUndefined();
        expect([3600, 43_200]).toContain(role.MaxSessionDuration);
      }
      for (const size of [1, 2, 3, 4, 5]) expect(await iamAll(universe, 'ListRoles', {}, accountId, size)).toEqual(roles);
    }
  });

  it('trusts the management account in the org roles and services or sibling accounts in the others', async () => {
    for (const accountId of accounts) {
      for (const role of await iamAll<Role>(universe, 'ListRoles', {}, accountId)) {
        const trust = decodeDocument(role.AssumeRolePolicyDocument);
        expect(trust.Version).toBe('2012-10-17');
        const statement = trust.Statement[0] as { Principal: { AWS?: string; Service?: string }; Action: string };
        expect(statement.Action).toBe('sts:AssumeRole');
        if (role.RoleName === universe.readOnlyRoleName || role.RoleName === ORG_ACCESS_ROLE) {
          expect(statement.Principal.AWS).toBe(`arn:aws:iam::${management}:root`);
        } else if (statement.Principal.AWS) {
          const trusted = /^arn:aws:iam::(\d{12}):root$/.exec(statement.Principal.AWS)?.[1];
          expect(universe.account(trusted ?? '')).toBeDefined();
        } else {
          expect(statement.Principal.Service).toMatch(/^[a-z0-9-]+\.amazonaws\.com$/);
        }
      }
    }
  });

  it('gets every role with RoleLastUsed and tags; ListRoleTags pages agree', async () => {
    const accountId = members[0] as string;
    let used = 0;
    for (const listed of await iamAll<Role>(universe, 'ListRoles', {}, accountId)) {
      const { Role } = (await iamCall(universe, 'GetRole', { RoleName: listed.RoleName }, accountId)) as { Role: Role };
      expect({ ...Role, RoleLastUsed: undefined, Tags: undefined }).toEqual(listed);
      expect(Role.RoleLastUsed).toBeDefined();
      if (Role.RoleLastUsed?.LastUsedDate) {
        used += 1;
        expect(Role.RoleLastUsed.LastUsedDate.getTime()).toBeGreaterThan(Role.CreateDate.getTime());
        expect(universe.enabledRegions(accountId)).toContain(Role.RoleLastUsed.Region);
      }
      expect(await iamAll(universe, 'ListRoleTags', { RoleName: listed.RoleName }, accountId, 1)).toEqual(Role.Tags ?? []);
    }
    expect(used).toBeGreaterThan(0);
  });

  it('reports for the org roles the ids AssumeRole gives their sessions', async () => {
    for (const accountId of members) {
      const ctx = iamContext(universe, 'GetRole');
      for (const name of [universe.readOnlyRoleName, ORG_ACCESS_ROLE]) {
        const { Role } = (await iamCall(universe, 'GetRole', { RoleName: name }, accountId)) as { Role: Role };
        const session = ctx.identity.assumeRole(ctx.principal, Role.Arn, 'test', 900, new Date());
        expect(session.assumedRoleId.split(':')[0]).toBe(Role.RoleId);
      }
    }
  });

  it('filters by PathPrefix', async () => {
    const accountId = accounts[1] as string;
    const all = await iamAll<Role>(universe, 'ListRoles', {}, accountId);
    const serviceRoles = await iamAll<Role>(universe, 'ListRoles', { PathPrefix: '/service-role/' }, accountId, 2);
    expect(serviceRoles.length).toBeGreaterThan(0);
    expect(serviceRoles).toEqual(all.filter((r) => r.Path === '/service-role/'));
  });

  it('fails with NoSuchEntity for unknown roles, and for the org role in the management account', async () => {
    const cases: Array<[string, string]> = [
      ['nope', members[0] as string],
      [ORG_ACCESS_ROLE, management],
    ];
    for (const [name, accountId] of cases) {
      for (const operation of ['GetRole', 'ListRoleTags', 'ListRolePolicies', 'ListAttachedRolePolicies']) {
        const error = await failureOf(() => iamCall(universe, operation, { RoleName: name }, accountId));
        expect(error.code).toBe('NoSuchEntity');
        expect(error.message).toBe(`The role with name ${name} cannot be found.`);
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { failureOf } from '../test-paging.js';
import { testUniverse } from '../testing.js';
import { decodeDocument, iamAll, iamCall } from './iam-testing.js';

const universe = testUniverse();
const accounts = universe.activeAccounts().map((a) => a.id);

/** The three entity types and the operations that read their policies. */
const types = [
  { noun: 'user', list: 'ListUsers', member: 'UserName', inline: 'ListUserPolicies', get: 'GetUserPolicy', attached: 'ListAttachedUserPolicies' },
  { noun: 'group', list: 'ListGroups', member: 'GroupName', inline: 'ListGroupPolicies', get: 'GetGroupPolicy', attached: 'ListAttachedGroupPolicies' },
  { noun: 'role', list: 'ListRoles', member: 'RoleName', inline: 'ListRolePolicies', get: 'GetRolePolicy', attached: 'ListAttachedRolePolicies' },
] as const;

describe('iam inline and attached policies', () => {
  for (const type of types) {
    it(`reads every ${type.noun}'s inline policies as URL-encoded JSON`, async () => {
      let inline = 0;
      for (const accountId of accounts) {
        for (const entity of await iamAll(universe, type.list, {}, accountId)) {
          const name = entity[type.member] as string;
          const names = await iamAll<string>(universe, type.inline, { [type.member]: name }, accountId);
          expect(await iamAll<string>(universe, type.inline, { [type.member]: name }, accountId, 1)).toEqual(names);
          expect(new Set(names).size).toBe(names.length);
          for (const policyName of names) {
            const out = await iamCall(universe, type.get, { [type.member]: name, PolicyName: policyName }, accountId);
            expect(out[type.member]).toBe(name);
            expect(out.PolicyName).toBe(policyName);
            const document = decodeDocument(out.PolicyDocument);
            expect(document.Version).toBe('2012-10-17');
            expect(document.Statement[0]?.Sid).toBe(policyName);
            inline += 1;
          }
        }
      }
      expect(inline).toBeGreaterThan(0);
    });

    it(`resolves every policy a ${type.noun} attaches`, async () => {
      for (const accountId of accounts) {
        for (const entity of await iamAll(universe, type.list, {}, accountId)) {
          const input = { [type.member]: entity[type.member] };
          const attached = await iamAll<{ PolicyName: string; PolicyArn: string }>(universe, type.attached, input, accountId);
          expect(await iamAll(universe, type.attached, input, accountId, 1)).toEqual(attached);
          for (const ref of attached) {
            const { Policy } = (await iamCall(universe, 'GetPolicy', { PolicyArn: ref.PolicyArn }, accountId)) as { Policy: { PolicyName: string } };
            expect(Policy.PolicyName).toBe(ref.PolicyName);
          }
        }
      }
    });

    it(`fails with NoSuchEntity for a ${type.noun} policy that does not exist`, async () => {
      const accountId = accounts[0] as string;
      const [entity] = await iamAll(universe, type.list, {}, accountId);
      const name = entity?.[type.member] as string;
      const error = await failureOf(() => iamCall(universe, type.get, { [type.member]: name, PolicyName: 'NoSuchInline' }, accountId));
      expect([error.code, error.status, error.message]).toEqual(['NoSuchEntity', 404, `The ${type.noun} policy with name NoSuchInline cannot be found.`]);
    });
  }

  it('attaches AdministratorAccess to sandbox-admin and the org role, ReadOnlyAccess to the read-only role', async () => {
    const member = accounts.find((a) => a !== universe.org.managementAccountId) as string;
    const arns = async (op: string, input: Record<string, string>) =>
      (await iamAll<{ PolicyArn: string }>(universe, op, input, member)).map((p) => p.PolicyArn);
    expect(await arns('ListAttachedUserPolicies', { UserName: 'sandbox-admin' })).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(await arns('ListAttachedRolePolicies', { RoleName: 'OrganizationAccountAccessRole' })).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(await arns('ListAttachedRolePolicies', { RoleName: universe.readOnlyRoleName })).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });

  it('filters attached policies by the policy path', async () => {
    let serviceRole = 0;
    for (const role of await iamAll(universe, 'ListRoles', {}, accounts[1])) {
      const input = { RoleName: role.RoleName };
      const all = await iamAll<{ PolicyArn: string }>(universe, 'ListAttachedRolePolicies', input, accounts[1]);
      const filtered = await iamAll<{ PolicyArn: string }>(universe, 'ListAttachedRolePolicies', { ...input, PathPrefix: '/service-role/' }, accounts[1]);
      expect(filtered).toEqual(all.filter((p) => p.PolicyArn.includes(':policy/service-role/')));
      serviceRole += filtered.length;
    }
    expect(serviceRole).toBeGreaterThan(0);
  });
});

import {
  GetAccessKeyLastUsedCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  IAMServiceException,
  NoSuchEntityException,
  paginateGetAccountAuthorizationDetails,
  paginateGetGroup,
  paginateListAccessKeys,
  paginateListAttachedGroupPolicies,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupPolicies,
  paginateListGroups,
  paginateListGroupsForUser,
  paginateListPolicies,
  paginateListPolicyTags,
  paginateListRolePolicies,
  paginateListRoles,
  paginateListRoleTags,
  paginateListUserPolicies,
  paginateListUsers,
  paginateListUserTags,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../index.js';
import type { Credentials } from '../../identity.js';
import { drain, expectListingMatchesTruth, sdkSandboxOptions, truthCells, type TruthCell } from '../sdk-testing.js';

/** Every item of every page of an SDK paginator. */
async function all<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  return (await drain(pages, items)).items;
}

describe('iam through the AWS SDK', () => {
  let sandbox: Sandbox;
  let accounts: string[];
  const truth = (kind: string, accountId: string) => truthCells(sandbox.truth(), kind).find((c) => c.accountId === accountId)?.count ?? -1;
  const iamAs = (credentials: Credentials) => new IAMClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const iam = (accountId: string) => iamAs(sandbox.credentialsFor(accountId));

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    accounts = truthCells(sandbox.truth(), 'iam.user').map((c) => c.accountId);
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of users, roles, groups, policies and access keys', async () => {
    expect(accounts).toHaveLength(3);
    for (const accountId of accounts) {
      const client = iam(accountId);
      const cell = (kind: string) => truthCells(sandbox.truth(), kind).find((c) => c.accountId === accountId) as TruthCell;
      const pageSizes = [1, 4];
      const users = (pageSize?: number) => drain(paginateListUsers({ client, pageSize }, {}), (p) => p.Users);
      await expectListingMatchesTruth(cell('iam.user'), users, { key: (u) => u.UserId, pageSizes });
      const roles = (pageSize?: number) => drain(paginateListRoles({ client, pageSize }, {}), (p) => p.Roles);
      await expectListingMatchesTruth(cell('iam.role'), roles, { key: (r) => r.RoleId, pageSizes });
      const groups = (pageSize?: number) => drain(paginateListGroups({ client, pageSize }, {}), (p) => p.Groups);
      await expectListingMatchesTruth(cell('iam.group'), groups, { key: (g) => g.GroupId, pageSizes });
      const policies = (pageSize?: number) => drain(paginateListPolicies({ client, pageSize }, { Scope: 'Local' }), (p) => p.Policies);
      await expectListingMatchesTruth(cell('iam.policy'), policies, { key: (p) => p.PolicyId, pageSizes });
      let keys = 0;
      for (const user of await all(paginateListUsers({ client }, {}), (p) => p.Users)) {
        keys += (await all(paginateListAccessKeys({ client, pageSize: 1 }, { UserName: user.UserName }), (p) => p.AccessKeyMetadata)).length;
      }
      expect(keys).toBe(truth('iam.access_key', accountId));
      const own = await all(paginateListAccessKeys({ client }, {}), (p) => p.AccessKeyMetadata);
      expect(own.map((k) => k.AccessKeyId)).toEqual([sandbox.credentialsFor(accountId).accessKeyId]);
    }
  });

  it('reads every user, group and role with their tags, memberships and policies', async () => {
    const accountId = accounts[1] as string;
    const client = iam(accountId);
    const config = { client, pageSize: 2 };
    for (const user of await all(paginateListUsers({ client }, {}), (p) => p.Users)) {
      const UserName = user.UserName ?? '';
      const { User } = await client.send(new GetUserCommand({ UserName }));
      expect(User?.UserId).toBe(user.UserId);
      expect(await all(paginateListUserTags(config, { UserName }), (p) => p.Tags)).toEqual(User?.Tags ?? []);
      for (const group of await all(paginateListGroupsForUser(config, { UserName }), (p) => p.Groups)) {
        const members = await all(paginateGetGroup(config, { GroupName: group.GroupName }), (p) => p.Users);
        expect(members.map((m) => m.UserName)).toContain(UserName);
      }
      for (const PolicyName of await all(paginateListUserPolicies(config, { UserName }), (p) => p.PolicyNames)) {
        const { PolicyDocument } = await client.send(new GetUserPolicyCommand({ UserName, PolicyName }));
        expect(JSON.parse(decodeURIComponent(PolicyDocument ?? '')).Version).toBe('2012-10-17');
      }
      for (const attached of await all(paginateListAttachedUserPolicies(config, { UserName }), (p) => p.AttachedPolicies)) {
        expect((await client.send(new GetPolicyCommand({ PolicyArn: attached.PolicyArn }))).Policy?.PolicyName).toBe(attached.PolicyName);
      }
    }
    for (const group of await all(paginateListGroups({ client }, {}), (p) => p.Groups)) {
      const GroupName = group.GroupName ?? '';
      for (const PolicyName of await all(paginateListGroupPolicies(config, { GroupName }), (p) => p.PolicyNames)) {
        expect((await client.send(new GetGroupPolicyCommand({ GroupName, PolicyName }))).PolicyDocument).toBeTruthy();
      }
      for (const attached of await all(paginateListAttachedGroupPolicies(config, { GroupName }), (p) => p.AttachedPolicies)) {
        expect((await client.send(new GetPolicyCommand({ PolicyArn: attached.PolicyArn }))).Policy?.Arn).toBe(attached.PolicyArn);
      }
    }
    for (const role of await all(paginateListRoles({ client }, {}), (p) => p.Roles)) {
      const RoleName = role.RoleName ?? '';
      const { Role } = await client.send(new GetRoleCommand({ RoleName }));
      expect(Role?.RoleLastUsed).toBeDefined();
      expect(JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? '')).Statement[0].Action).toBe('sts:AssumeRole');
      expect(await all(paginateListRoleTags(config, { RoleName }), (p) => p.Tags)).toEqual(Role?.Tags ?? []);
      for (const PolicyName of await all(paginateListRolePolicies(config, { RoleName }), (p) => p.PolicyNames)) {
        expect((await client.send(new GetRolePolicyCommand({ RoleName, PolicyName }))).RoleName).toBe(RoleName);
      }
      for (const attached of await all(paginateListAttachedRolePolicies(config, { RoleName }), (p) => p.AttachedPolicies)) {
        expect((await client.send(new GetPolicyCommand({ PolicyArn: attached.PolicyArn }))).Policy?.Arn).toBe(attached.PolicyArn);
      }
    }
  });

  it('reads every policy version, AWS-managed and customer-managed', async () => {
    const client = iam(accounts[0] as string);
    const policies = await all(paginateListPolicies({ client, pageSize: 5 }, {}), (p) => p.Policies);
    expect(policies.some((p) => p.Arn === 'arn:aws:iam::aws:policy/ReadOnlyAccess')).toBe(true);
    for (const policy of policies.filter((p) => !p.Arn?.startsWith('arn:aws:iam::aws:'))) {
      const { PolicyVersion } = await client.send(new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: policy.DefaultVersionId }));
      expect(PolicyVersion?.IsDefaultVersion).toBe(true);
      expect(JSON.parse(decodeURIComponent(PolicyVersion?.Document ?? '')).Version).toBe('2012-10-17');
    }
    const attached = await all(paginateListPolicies({ client }, { OnlyAttached: true }), (p) => p.Policies);
    expect(attached.every((p) => (p.AttachmentCount ?? 0) > 0)).toBe(true);
  });

  it('reads when every access key was last used, by key id alone, and denies keys of other accounts', async () => {
    const [accountId, other] = accounts as [string, string];
    const client = iam(accountId);
    const services = new Set<string>();
    for (const user of await all(paginateListUsers({ client }, {}), (p) => p.Users)) {
      for (const key of await all(paginateListAccessKeys({ client }, { UserName: user.UserName }), (p) => p.AccessKeyMetadata)) {
        const out = await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
        expect(out.UserName).toBe(user.UserName);
        const used = out.AccessKeyLastUsed;
        services.add(used?.ServiceName ?? 'missing');
        if (used?.LastUsedDate) expect(used.LastUsedDate.getTime()).toBeGreaterThanOrEqual(key.CreateDate?.getTime() ?? Infinity);
        else expect([used?.ServiceName, used?.Region]).toEqual(['N/A', 'N/A']);
      }
    }
    expect(services.size).toBeGreaterThan(2);
    const theirs = sandbox.credentialsFor(other).accessKeyId;
    const denied = await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: theirs })).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(IAMServiceException);
    expect([(denied as IAMServiceException).name, (denied as IAMServiceException).$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
  });

  it('lists every policy\'s tags as GetPolicy reports them', async () => {
    const client = iam(accounts[2] as string);
    let tagged = 0;
    for (const policy of await all(paginateListPolicies({ client }, {}), (p) => p.Policies)) {
      const tags = await all(paginateListPolicyTags({ client, pageSize: 1 }, { PolicyArn: policy.Arn }), (p) => p.Tags);
      const { Policy } = await client.send(new GetPolicyCommand({ PolicyArn: policy.Arn }));
      expect(tags).toEqual(Policy?.Tags ?? []);
      if (tags.length > 0) tagged += 1;
    }
    expect(tagged).toBeGreaterThan(0);
  });

  it('pages GetAccountAuthorizationDetails to the same totals as the list operations', async () => {
    for (const accountId of accounts) {
      const client = iam(accountId);
      const users: string[] = [];
      const groups: string[] = [];
      const roles: string[] = [];
      const policies: string[] = [];
      for await (const page of paginateGetAccountAuthorizationDetails({ client, pageSize: 3 }, {})) {
        users.push(...(page.UserDetailList ?? []).map((u) => u.UserName ?? ''));
        groups.push(...(page.GroupDetailList ?? []).map((g) => g.GroupName ?? ''));
        roles.push(...(page.RoleDetailList ?? []).map((r) => r.RoleName ?? ''));
        policies.push(...(page.Policies ?? []).map((p) => p.Arn ?? ''));
        for (const policy of page.Policies ?? []) expect(policy.PolicyVersionList?.some((v) => v.IsDefaultVersion)).toBe(true);
      }
      expect(users).toHaveLength(truth('iam.user', accountId));
      expect(groups).toHaveLength(truth('iam.group', accountId));
      expect(roles).toHaveLength(truth('iam.role', accountId));
      const awsAttached = await all(paginateListPolicies({ client }, { Scope: 'AWS', OnlyAttached: true }), (p) => p.Policies);
      expect(policies).toHaveLength(truth('iam.policy', accountId) + awsAttached.length);
    }
  });

  it("shows a member's own IAM data to a session of its OrganizationAccountAccessRole", async () => {
    const management = sandbox.managementAccountId;
    const member = accounts.find((a) => a !== management) as string;
    const sts = new STSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentials });
    const { Credentials: session, AssumedRoleUser } = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: 'canopy' }),
    );
    const client = iamAs({ accessKeyId: session?.AccessKeyId ?? '', secretAccessKey: session?.SecretAccessKey ?? '', sessionToken: session?.SessionToken });
    const users = await all(paginateListUsers({ client }, {}), (p) => p.Users);
    expect(users).toHaveLength(truth('iam.user', member));
    expect(users.every((u) => u.Arn?.startsWith(`arn:aws:iam::${member}:`))).toBe(true);
    const { Role } = await client.send(new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' }));
    expect(Role?.Arn).toBe(`arn:aws:iam::${member}:role/OrganizationAccountAccessRole`);
    // The role's id is the one STS put in the session's AssumedRoleId, as in AWS.
    expect(AssumedRoleUser?.AssumedRoleId).toBe(`${Role?.RoleId}:canopy`);
    expect(Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
  });

  it('reports for sandbox-admin the user id GetCallerIdentity gives its keys', async () => {
    for (const accountId of accounts) {
      const sts = new STSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(accountId) });
      const caller = await sts.send(new GetCallerIdentityCommand({}));
      const { User } = await iam(accountId).send(new GetUserCommand({}));
      expect(User?.UserId).toBe(caller.UserId);
      expect(User?.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
      expect(caller.Arn).toBe(User?.Arn);
    }
  });

  it('fails with NoSuchEntityException carrying IAM messages', async () => {
    const client = iam(accounts[0] as string);
    const failures: Array<[() => Promise<unknown>, string]> = [
      [() => client.send(new GetUserCommand({ UserName: 'nobody' })), 'The user with name nobody cannot be found.'],
      [() => client.send(new GetRoleCommand({ RoleName: 'no-role' })), 'The role with name no-role cannot be found.'],
      [() => all(paginateGetGroup({ client }, { GroupName: 'no-group' }), (p) => p.Users), 'The group with name no-group cannot be found.'],
      [() => client.send(new GetUserPolicyCommand({ UserName: 'sandbox-admin', PolicyName: 'x' })), 'The user policy with name x cannot be found.'],
      [
        () => client.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${accounts[0]}:policy/none-0000` })),
        `Policy arn:aws:iam::${accounts[0]}:policy/none-0000 does not exist or is not attachable.`,
      ],
    ];
    for (const [call, message] of failures) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NoSuchEntityException);
      expect((error as Error).message).toBe(message);
    }
  });
});

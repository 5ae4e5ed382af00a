import {
  AccessDeniedException,
  AccountNotFoundException,
  ChildNotFoundException,
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  InvalidInputException,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationalUnitNotFoundException,
  OrganizationsClient,
  ParentNotFoundException,
  TargetNotFoundException,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListChildren,
  paginateListOrganizationalUnitsForParent,
  paginateListParents,
  paginateListRoots,
  paginateListTagsForResource,
  type Account,
  type ChildType,
  type ListChildrenCommandInput,
  type Root,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.js';
import type { SandboxTruth } from '../truth.js';
import { drain, expectListingMatchesTruth, sdkSandboxOptions, type Drained, type ListingContract } from './sdk-testing.js';

type Org = SandboxTruth['organization'];

/** Organizations pages hold at most 20 items (the default too); 1 and 5 exercise many short pages. */
const contract = <T>(key: (item: T) => unknown): ListingContract<T> => ({ key, pageSizes: [1, 5], maxPageSize: 20, defaultPageSize: 20 });

describe('organizations through the AWS SDK', () => {
  let sandbox: Sandbox;
  let org: Org;
  let client: OrganizationsClient;
  const clientFor = (accountId: string) =>
    new OrganizationsClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(accountId), maxAttempts: 1 });
  /** A listing of `count` items in the management account's one (global) cell, for expectListingMatchesTruth. */
  const cell = (count: number) => ({ accountId: org.managementAccountId, region: 'global', count });
  const parents = () => [org.rootId, ...org.units.map((u) => u.id)];
  const size = (pageSize?: number) => ({ client, ...(pageSize ? { pageSize } : {}) });

  beforeAll(async () => {
    sandbox = await startSandbox({ ...sdkSandboxOptions, accounts: 12 });
    org = sandbox.truth().organization;
    client = clientFor(org.managementAccountId);
  });
  afterAll(async () => {
    client.destroy();
    await sandbox.close();
  });

  it('describes the organization to the management account and to members alike', async () => {
    const member = org.accounts.find((a) => a.id !== org.managementAccountId && a.status === 'ACTIVE');
    expect(member).toBeDefined();
    for (const accountId of [org.managementAccountId, member?.id ?? '']) {
      const { Organization } = await clientFor(accountId).send(new DescribeOrganizationCommand({}));
      expect(Organization?.Id).toBe(org.id);
      expect(Organization?.MasterAccountId).toBe(org.managementAccountId);
      expect(Organization?.FeatureSet).toBe('ALL');
    }
  });

  it('has the shape this suite needs: 12 accounts, nested OUs, a suspended member', () => {
    expect(org.accounts).toHaveLength(12);
    expect(org.units.some((u) => u.parentId !== org.rootId)).toBe(true);
    expect(org.accounts.some((a) => a.status === 'SUSPENDED')).toBe(true);
  });

  it('lists the one root', async () => {
    const roots = await expectListingMatchesTruth(cell(1), (n) => drain(paginateListRoots(size(n), {}), (p) => p.Roots), contract((r: Root) => r.Id));
    expect(roots.map((r) => [r.Id, r.Name])).toEqual([[org.rootId, 'Root']]);
  });

  it('lists every account, in pages of 1, 5 and the default', async () => {
    const accounts = await expectListingMatchesTruth(
      cell(org.accounts.length),
      (n) => drain(paginateListAccounts(size(n), {}), (p) => p.Accounts),
      contract((a: Account) => a.Id),
    );
    expect(accounts.map((a) => [a.Id, a.Name, a.Status])).toEqual(org.accounts.map((a) => [a.id, a.name, a.status]));
  });

  it('lists the OUs and accounts under every parent, directly and as children of both types', async () => {
    let units = 0;
    let accounts = 0;
    for (const parentId of parents()) {
      const wantUnits = org.units.filter((u) => u.parentId === parentId);
      const wantAccounts = org.accounts.filter((a) => a.parentId === parentId);
      const listUnits = (n?: number) => drain(paginateListOrganizationalUnitsForParent(size(n), { ParentId: parentId }), (p) => p.OrganizationalUnits);
      const gotUnits = await expectListingMatchesTruth(cell(wantUnits.length), listUnits, contract((u) => u.Id));
      expect(gotUnits.map((u) => [u.Id, u.Name])).toEqual(wantUnits.map((u) => [u.id, u.name]));
      const listAccounts = (n?: number) => drain(paginateListAccountsForParent(size(n), { ParentId: parentId }), (p) => p.Accounts);
      const gotAccounts = await expectListingMatchesTruth(cell(wantAccounts.length), listAccounts, contract((a) => a.Id));
      expect(gotAccounts.map((a) => a.Id)).toEqual(wantAccounts.map((a) => a.id));

      for (const [type, want] of [
        ['ORGANIZATIONAL_UNIT', wantUnits.map((u) => u.id)],
        ['ACCOUNT', wantAccounts.map((a) => a.id)],
      ] as Array<[ChildType, string[]]>) {
        const listChildren = (n?: number) => drain(paginateListChildren(size(n), { ParentId: parentId, ChildType: type }), (p) => p.Children);
        const children = await expectListingMatchesTruth(cell(want.length), listChildren, contract((c) => c.Id));
        expect(children.map((c) => c.Id)).toEqual(want);
        expect(children.every((c) => c.Type === type)).toBe(true);
      }
      units += wantUnits.length;
      accounts += wantAccounts.length;
    }
    // Walking the tree from the root reaches every OU and every account exactly once.
    expect([units, accounts]).toEqual([org.units.length, org.accounts.length]);
  });

  it('names the parent of every account and OU', async () => {
    for (const child of [...org.accounts, ...org.units]) {
      const list = (n?: number): Promise<Drained<{ Id?: string; Type?: string }>> =>
        drain(paginateListParents(size(n), { ChildId: child.id }), (p) => p.Parents);
      const [parent] = await expectListingMatchesTruth(cell(1), list, contract((p) => p.Id));
      expect(parent).toEqual({ Id: child.parentId, Type: child.parentId === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' });
    }
  });

  it('describes every account and OU', async () => {
    for (const account of org.accounts) {
      const { Account } = await client.send(new DescribeAccountCommand({ AccountId: account.id }));
      expect([Account?.Id, Account?.Name, Account?.Status]).toEqual([account.id, account.name, account.status]);
      expect(Account?.Arn).toContain(`/${account.id}`);
      expect(Account?.JoinedTimestamp).toBeInstanceOf(Date);
    }
    for (const unit of org.units) {
      const { OrganizationalUnit } = await client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: unit.id }));
      expect([OrganizationalUnit?.Id, OrganizationalUnit?.Name]).toEqual([unit.id, unit.name]);
    }
  });

  it('lists the tags of accounts, OUs and the root', async () => {
    const tags = async (ResourceId: string) => (await drain(paginateListTagsForResource({ client }, { ResourceId }), (p) => p.Tags)).items;
    for (const account of org.accounts) {
      expect((await tags(account.id)).map((t) => t.Key)).toEqual(['Environment', 'Owner']);
    }
    for (const unit of org.units) expect(await tags(unit.id)).toEqual([{ Key: 'Purpose', Value: unit.name.toLowerCase() }]);
    expect(await tags(org.rootId)).toEqual([]);
  });

  it('answers unknown ids with the typed not-found exceptions', async () => {
    const unknownAccount = '999999999999';
    const unknownUnit = `ou-${org.rootId.slice(2)}-zzzzzzzz`;
    await expect(client.send(new DescribeAccountCommand({ AccountId: unknownAccount }))).rejects.toBeInstanceOf(AccountNotFoundException);
    await expect(client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: unknownUnit }))).rejects.toBeInstanceOf(
      ParentNotFoundException,
    );
    await expect(client.send(new ListChildrenCommand({ ParentId: unknownUnit, ChildType: 'ACCOUNT' }))).rejects.toBeInstanceOf(
      ParentNotFoundException,
    );
    await expect(client.send(new ListParentsCommand({ ChildId: unknownAccount }))).rejects.toBeInstanceOf(ChildNotFoundException);
    await expect(client.send(new ListTagsForResourceCommand({ ResourceId: unknownAccount }))).rejects.toBeInstanceOf(TargetNotFoundException);
    await expect(client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: unknownUnit }))).rejects.toBeInstanceOf(
      OrganizationalUnitNotFoundException,
    );
  });

  it('rejects MaxResults outside 1..20 and a missing ChildType with InvalidInputException', async () => {
    for (const MaxResults of [0, 21]) {
      await expect(client.send(new ListAccountsCommand({ MaxResults }))).rejects.toBeInstanceOf(InvalidInputException);
      await expect(client.send(new ListRootsCommand({ MaxResults }))).rejects.toBeInstanceOf(InvalidInputException);
    }
    await expect(client.send(new ListAccountsCommand({ MaxResults: 20 }))).resolves.toBeDefined();
    // The SDK's types require ChildType; a caller that leaves it out (plain JavaScript) is refused by the service.
    const withoutType = { ParentId: org.rootId } as ListChildrenCommandInput;
    await expect(client.send(new ListChildrenCommand(withoutType))).rejects.toBeInstanceOf(InvalidInputException);
  });

  it('denies a member account everything but DescribeOrganization', async () => {
    const member = org.accounts.find((a) => a.id !== org.managementAccountId && a.status === 'ACTIVE');
    const memberClient = clientFor(member?.id ?? '');
    const unit = org.units[0]?.id ?? '';
    const calls = [
      () => memberClient.send(new ListRootsCommand({})),
      () => memberClient.send(new ListAccountsCommand({})),
      () => memberClient.send(new ListAccountsForParentCommand({ ParentId: org.rootId })),
      () => memberClient.send(new ListOrganizationalUnitsForParentCommand({ ParentId: org.rootId })),
      () => memberClient.send(new ListChildrenCommand({ ParentId: org.rootId, ChildType: 'ACCOUNT' })),
      () => memberClient.send(new ListParentsCommand({ ChildId: member?.id ?? '' })),
      () => memberClient.send(new DescribeAccountCommand({ AccountId: member?.id ?? '' })),
      () => memberClient.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: unit })),
      () => memberClient.send(new ListTagsForResourceCommand({ ResourceId: member?.id ?? '' })),
    ];
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(AccessDeniedException);
    memberClient.destroy();
  });
});

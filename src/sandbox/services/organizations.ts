import { environmentOf } from '../data/common.js';
import type { Account } from '../data/org.js';
import { SandboxError } from '../errors.js';
import { defineService, paginate, type Input, type RequestContext } from './service.js';

/**
 * AWS Organizations as the management account sees it. Members may describe their organization
 * but are denied everything else, as in AWS.
 */
function managementOnly(ctx: RequestContext): void {
  if (ctx.cell.accountId !== ctx.universe.org.managementAccountId) {
    throw new SandboxError('AccessDeniedException', "You don't have permissions to access this resource.");
  }
}

function accountShape(account: Account): Record<string, unknown> {
  return {
    Id: account.id,
    Arn: account.arn,
    Email: account.email,
    Name: account.name,
    Status: account.status,
    State: account.status,
    JoinedMethod: account.joinedMethod,
    JoinedTimestamp: account.joinedTimestamp,
  };
}

/** Parents are the root or OUs; an unknown one is ParentNotFoundException, as AWS answers. */
function requireParent(ctx: RequestContext, id: unknown): string {
  const parentId = String(id ?? '');
  const { org } = ctx.universe;
  if (parentId !== org.root.id && !org.units.some((u) => u.id === parentId)) {
    throw new SandboxError('ParentNotFoundException', 'We can\'t find a root or OU with the ParentId that you specified.');
  }
  return parentId;
}

/** Organizations pages hold at most 20 items and reject MaxResults outside 1..20. */
const page = { defaultPageSize: 20, maxPageSize: 20, limits: { min: 1, max: 20, code: 'InvalidInputException' } };

function list<T>(input: Input, ctx: RequestContext, items: T[], shape: (item: T) => unknown) {
  return paginate(input, ctx, items.length, (i) => shape(items[i] as T), page);
}

function childrenOf(ctx: RequestContext, parentId: string) {
  const { org } = ctx.universe;
  return {
    units: org.units.filter((u) => u.parentId === parentId),
    accounts: org.accounts.filter((a) => a.parentId === parentId),
  };
}

function tagsOf(ctx: RequestContext, resourceId: string): Array<{ Key: string; Value: string }> {
  const { org } = ctx.universe;
  const account = org.accounts.find((a) => a.id === resourceId);
  if (account) {
    return [
      { Key: 'Environment', Value: environmentOf(ctx.universe, account.id) },
      { Key: 'Owner', Value: account.email },
    ];
  }
  const unit = org.units.find((u) => u.id === resourceId);
  if (unit) return [{ Key: 'Purpose', Value: unit.name.toLowerCase() }];
  if (resourceId === org.root.id) return [];
  throw new SandboxError('TargetNotFoundException', 'We can\'t find a target with the TargetId that you specified.');
}

export const organizationsService = defineService({
  name: 'organizations',
  global: true,
  handlers: {
    DescribeOrganization: (_input, ctx) => {
      const { org } = ctx.universe;
      return {
        Organization: {
          Id: org.id,
          Arn: org.arn,
          FeatureSet: 'ALL',
          MasterAccountArn: org.accounts[0]?.arn,
          MasterAccountId: org.managementAccountId,
          MasterAccountEmail: org.managementAccountEmail,
          AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
        },
      };
    },
    ListRoots: (input, ctx) => {
      managementOnly(ctx);
      const { root } = ctx.universe.org;
      return list(input, ctx, [root], (r) => ({ Id: r.id, Arn: r.arn, Name: r.name, PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }));
    },
    ListOrganizationalUnitsForParent: (input, ctx) => {
      managementOnly(ctx);
      const { units } = childrenOf(ctx, requireParent(ctx, input.ParentId));
      return list(input, ctx, units, (u) => ({ Id: u.id, Arn: u.arn, Name: u.name }));
    },
    ListAccountsForParent: (input, ctx) => {
      managementOnly(ctx);
      const { accounts } = childrenOf(ctx, requireParent(ctx, input.ParentId));
      return list(input, ctx, accounts, accountShape);
    },
    ListAccounts: (input, ctx) => {
      managementOnly(ctx);
      return list(input, ctx, ctx.universe.org.accounts, accountShape);
    },
    ListChildren: (input, ctx) => {
      managementOnly(ctx);
      // ChildType is required and has no default: AWS rejects the call before looking at the parent.
      const type = input.ChildType;
      if (type !== 'ACCOUNT' && type !== 'ORGANIZATIONAL_UNIT') {
        throw new SandboxError('InvalidInputException', 'You must specify a valid ChildType: ACCOUNT or ORGANIZATIONAL_UNIT.');
      }
      const { units, accounts } = childrenOf(ctx, requireParent(ctx, input.ParentId));
      const children =
        type === 'ACCOUNT'
          ? accounts.map((a) => ({ Id: a.id, Type: 'ACCOUNT' }))
          : units.map((u) => ({ Id: u.id, Type: 'ORGANIZATIONAL_UNIT' }));
      return list(input, ctx, children, (c) => c);
    },
    ListParents: (input, ctx) => {
      managementOnly(ctx);
      const childId = String(input.ChildId ?? '');
      const { org } = ctx.universe;
      const parentId = org.accounts.find((a) => a.id === childId)?.parentId ?? org.units.find((u) => u.id === childId)?.parentId;
      if (!parentId) throw new SandboxError('ChildNotFoundException', 'We can\'t find an organizational unit (OU) or AWS account with the ChildId that you specified.');
      const type = parentId === org.root.id ? 'ROOT' : 'ORGANIZATIONAL_UNIT';
      return list(input, ctx, [{ Id: parentId, Type: type }], (p) => p);
    },
    DescribeAccount: (input, ctx) => {
      managementOnly(ctx);
      const account = ctx.universe.account(String(input.AccountId ?? ''));
      if (!account) throw new SandboxError('AccountNotFoundException', 'You specified an account that doesn\'t exist.');
      return { Account: accountShape(account) };
    },
    DescribeOrganizationalUnit: (input, ctx) => {
      managementOnly(ctx);
      const unit = ctx.universe.org.units.find((u) => u.id === input.OrganizationalUnitId);
      if (!unit) throw new SandboxError('OrganizationalUnitNotFoundException', 'We can\'t find an OU with the OrganizationalUnitId that you specified.');
      return { OrganizationalUnit: { Id: unit.id, Arn: unit.arn, Name: unit.name } };
    },
    ListTagsForResource: (input, ctx) => {
      managementOnly(ctx);
      const tags = tagsOf(ctx, String(input.ResourceId ?? ''));
      return list(input, ctx, tags, (t) => t);
    },
  },
});

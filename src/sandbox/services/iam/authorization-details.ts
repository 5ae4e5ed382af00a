import type { Cell } from '../../data/ids.js';
import type { Universe } from '../../data/universe.js';
import { paginate, type Handler, type Output } from '../service.js';
import { attachedPolicies } from './attachments.js';
import { encodeDocument } from './documents.js';
import { groupRef, roleRef, userRef, type EntityRef } from './entities.js';
import { groupAt, groupCount, groupOutput, groupsOfUser } from './groups.js';
import { inlinePolicies } from './inline-policies.js';
import { localPolicyCount } from './local-policies.js';
import { managedPolicies } from './managed-policies.js';
import { localView, managedView, policyOutput, versionOutput, type PolicyView } from './policies.js';
import { instanceProfileOf, roleAt, roleCore, roleCount } from './roles.js';
import { iamPage } from './paging.js';
import { userAt, userCount, userOutput } from './users.js';

type ListKey = 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies';

/** A run of the single offset space the Marker walks: users, groups, roles, then policies. */
interface Segment {
  list: ListKey;
  count: number;
  itemAt(index: number): Output;
}

function inlineList(universe: Universe, cell: Cell, ref: EntityRef): Output[] {
  return inlinePolicies(universe, cell, ref).map((p) => ({ PolicyName: p.PolicyName, PolicyDocument: encodeDocument(p.document) }));
}

function userDetail(universe: Universe, cell: Cell, index: number): Output {
  const user = userAt(universe, cell, index);
  const ref = userRef(user);
  return {
    ...userOutput(user, true),
    UserPolicyList: inlineList(universe, cell, ref),
    GroupList: groupsOfUser(universe, cell, index).map((g) => groupAt(universe, cell, g).GroupName),
    AttachedManagedPolicies: attachedPolicies(universe, cell, ref),
  };
}

function groupDetail(universe: Universe, cell: Cell, index: number): Output {
  const group = groupAt(universe, cell, index);
  const ref = groupRef(group);
  return {
    ...groupOutput(group),
    GroupPolicyList: inlineList(universe, cell, ref),
    AttachedManagedPolicies: attachedPolicies(universe, cell, ref),
  };
}

function roleDetail(universe: Universe, cell: Cell, index: number): Output {
  const role = roleAt(universe, cell, index);
  const ref = roleRef(role);
  const out: Output = {
    ...roleCore(role),
    InstanceProfileList: role.instanceProfile ? [instanceProfileOf(role, cell.accountId, universe.seed)] : [],
    RolePolicyList: inlineList(universe, cell, ref),
    AttachedManagedPolicies: attachedPolicies(universe, cell, ref),
    RoleLastUsed: role.RoleLastUsed,
  };
  if (role.Tags.length > 0) out.Tags = role.Tags;
  return out;
}

function policyDetail(view: PolicyView): Output {
  const { Tags: _tags, ...policy } = policyOutput(view, true);
  const versions: Output[] = [];
  for (let v = view.versions; v >= 1; v--) versions.push(versionOutput(view, v));
  return { ...policy, PolicyVersionList: versions };
}

type FilterName = 'User' | 'Group' | 'Role' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

/** The segments a Filter selects, in AWS's order; AWS-managed policies only when attached, as IAM reports them. */
function segments(universe: Universe, cell: Cell, filter: readonly string[]): Segment[] {
  const wanted = (name: FilterName) => filter.length === 0 || filter.includes(name);
  const all: Array<[FilterName, () => Segment]> = [
    ['User', () => ({ list: 'UserDetailList', count: userCount(universe, cell), itemAt: (i) => userDetail(universe, cell, i) })],
    ['Group', () => ({ list: 'GroupDetailList', count: groupCount(universe, cell), itemAt: (i) => groupDetail(universe, cell, i) })],
    ['Role', () => ({ list: 'RoleDetailList', count: roleCount(universe, cell), itemAt: (i) => roleDetail(universe, cell, i) })],
    [
      'LocalManagedPolicy',
      () => ({ list: 'Policies', count: localPolicyCount(universe, cell), itemAt: (i) => policyDetail(localView(universe, cell, i)) }),
    ],
    [
      'AWSManagedPolicy',
      () => {
        const attached = managedPolicies.map((p) => managedView(universe, cell, p)).filter((v) => v.AttachmentCount > 0);
        return { list: 'Policies', count: attached.length, itemAt: (i) => policyDetail(attached[i] as PolicyView) };
      },
    ],
  ];
  return all.filter(([name]) => wanted(name)).map(([, make]) => make());
}

export const authorizationDetailsHandlers: Record<string, Handler> = {
  GetAccountAuthorizationDetails: (input, ctx) => {
    const filter = Array.isArray(input.Filter) ? input.Filter.filter((f): f is string => typeof f === 'string') : [];
    const parts = segments(ctx.universe, ctx.cell, filter);
    const total = parts.reduce((sum, s) => sum + s.count, 0);
    const itemAt = (offset: number): { list: ListKey; item: Output } => {
      let rest = offset;
      for (const part of parts) {
        if (rest < part.count) return { list: part.list, item: part.itemAt(rest) };
        rest -= part.count;
      }
      throw new Error(`offset ${offset} past ${total}`);
    };
    // paginate() writes the page under the paginator's first result key; spread it over the four lists.
    const page = paginate(input, ctx, total, itemAt, iamPage);
    const lists: Record<ListKey, Output[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
    for (const entry of page.UserDetailList as Array<{ list: ListKey; item: Output }>) lists[entry.list].push(entry.item);
    return { ...page, ...lists };
  },
};

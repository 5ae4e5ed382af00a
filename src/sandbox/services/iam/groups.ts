import { createdAt, teams } from '../../data/common.js';
import type { Cell } from '../../data/ids.js';
import { iamId, indexedName } from '../../data/ids.js';
import { hash32, pick } from '../../data/random.js';
import type { Universe } from '../../data/universe.js';
import { indexOfName } from '../lookup.js';
import { paginate, type Handler, type Output } from '../service.js';
import type { ManagedPolicyName } from './managed-policies.js';
import { iamArn, noSuchEntity, pathFilter, progressionCount, text } from './shared.js';
import { iamPage } from './paging.js';
import { findUser, generatedUserCount, userAt, userOutput } from './users.js';

export const GROUP_KIND = 'iam.group';

/** What a group is for; group g has function g mod length, so attachment counts stay O(1). */
export const groupFunctions: ReadonlyArray<{ name: string; managed: readonly ManagedPolicyName[] }> = [
  { name: 'developers', managed: ['PowerUserAccess'] },
  { name: 'admins', managed: ['AdministratorAccess'] },
  { name: 'readonly', managed: ['ReadOnlyAccess'] },
  { name: 'oncall', managed: ['ViewOnlyAccess', 'AmazonEC2ReadOnlyAccess'] },
  { name: 'analysts', managed: ['AmazonS3ReadOnlyAccess'] },
  { name: 'auditors', managed: ['SecurityAudit'] },
  { name: 'security', managed: ['SecurityAudit', 'IAMReadOnlyAccess'] },
  { name: 'billing', managed: [] },
];

export interface IamGroup {
  index: number;
  team: string;
  GroupName: string;
  GroupId: string;
  Arn: string;
  Path: string;
  CreateDate: Date;
}

export function groupCount(universe: Universe, cell: Cell): number {
  return universe.allocated(cell, GROUP_KIND);
}

function groupTeam(universe: Universe, cell: Cell, index: number): string {
  return pick(teams, universe.seed, cell.accountId, GROUP_KIND, index, 'team');
}

function groupName(universe: Universe, cell: Cell, index: number): string {
  const fn = groupFunctions[index % groupFunctions.length]?.name ?? 'developers';
  return indexedName(`${groupTeam(universe, cell, index)}-${fn}`, index);
}

export function groupAt(universe: Universe, cell: Cell, index: number): IamGroup {
  const name = groupName(universe, cell, index);
  const path = hash32(universe.seed, cell.accountId, GROUP_KIND, index, 'path') % 5 === 0 ? '/teams/' : '/';
  return {
    index,
    team: groupTeam(universe, cell, index),
    GroupName: name,
    GroupId: iamId('AGPA', universe.seed, 'group', cell.accountId, name),
    Arn: iamArn(cell.accountId, 'group', path, name),
    Path: path,
    CreateDate: createdAt(universe.seed, cell, GROUP_KIND, index),
  };
}

export function findGroup(universe: Universe, cell: Cell, name: string): number {
  const index = indexOfName(name, groupCount(universe, cell), (g) => groupName(universe, cell, g));
  if (index === undefined) throw noSuchEntity('group', name);
  return index;
}

export function groupOutput(group: IamGroup): Output {
  return { Path: group.Path, GroupName: group.GroupName, GroupId: group.GroupId, Arn: group.Arn, CreateDate: group.CreateDate };
}

/**
 * Membership is arithmetic so both directions are O(1) per item without any index: generated user j
 * is in group j mod G, and, when ⌊j / G⌋ is odd, also in group (j + shift) mod G (shift in 1..G-1).
 * sandbox-admin is in no group.
 */
function membership(universe: Universe, cell: Cell): { users: number; groups: number; shift: number } {
  const groups = groupCount(universe, cell);
  const shift = groups > 1 ? 1 + (hash32(universe.seed, cell.accountId, GROUP_KIND, 'shift') % (groups - 1)) : 0;
  return { users: generatedUserCount(universe, cell), groups, shift };
}

/** The groups a user (by index) belongs to. */
export function groupsOfUser(universe: Universe, cell: Cell, userIndex: number): number[] {
  const { groups, shift } = membership(universe, cell);
  if (userIndex === 0 || groups === 0) return [];
  const j = userIndex - 1;
  const primary = j % groups;
  if (shift === 0 || Math.floor(j / groups) % 2 === 0) return [primary];
  return [primary, (j + shift) % groups];
}

/** How many users a group has, and the index of its n-th member (primary members first). */
export function groupMembers(universe: Universe, cell: Cell, group: number): { count: number; userAt(n: number): number } {
  const { users, groups, shift } = membership(universe, cell);
  const primary = progressionCount(users, group, groups);
  // Secondary members j ≡ group - shift (mod G) with ⌊j / G⌋ odd: start one block later, step two blocks.
  const secondStart = ((group - shift + groups) % groups) + groups;
  const secondary = shift === 0 ? 0 : progressionCount(users, secondStart, 2 * groups);
  return {
    count: primary + secondary,
    userAt: (n) => 1 + (n < primary ? group + n * groups : secondStart + (n - primary) * 2 * groups),
  };
}

export const groupHandlers: Record<string, Handler> = {
  ListGroups: (input, ctx) =>
    paginate(input, ctx, groupCount(ctx.universe, ctx.cell), (g) => groupOutput(groupAt(ctx.universe, ctx.cell, g)), {
      ...iamPage,
      filter: pathFilter(input),
    }),
  GetGroup: (input, ctx) => {
    const { universe, cell } = ctx;
    const group = findGroup(universe, cell, text(input, 'GroupName'));
    const members = groupMembers(universe, cell, group);
    const page = paginate(input, ctx, members.count, (n) => userOutput(userAt(universe, cell, members.userAt(n)), false), iamPage);
    return { Group: groupOutput(groupAt(universe, cell, group)), ...page };
  },
  ListGroupsForUser: (input, ctx) => {
    const { universe, cell } = ctx;
    const groups = groupsOfUser(universe, cell, findUser(universe, cell, text(input, 'UserName')));
    return paginate(input, ctx, groups.length, (n) => groupOutput(groupAt(universe, cell, groups[n] ?? 0)), iamPage);
  },
};

import { apps, createdAt, tagsFor, teams } from '../../data/common.js';
import type { Cell } from '../../data/ids.js';
import { iamId, indexedName } from '../../data/ids.js';
import { EPOCH } from '../../data/org.js';
import { hash32, pick } from '../../data/random.js';
import type { Universe } from '../../data/universe.js';
import { indexOfName } from '../lookup.js';
import { paginate, type Handler, type Output } from '../service.js';
import { accountTrust, encodeDocument, serviceTrust, type PolicyDocument } from './documents.js';
import type { ManagedPolicyName } from './managed-policies.js';
import { roleUniqueId } from '../../identity.js';
import { iamArn, noSuchEntity, pathFilter, text } from './shared.js';
import { iamPage } from './paging.js';

export const ROLE_KIND = 'iam.role';
export const ORG_ACCESS_ROLE = 'OrganizationAccountAccessRole';

interface RoleType {
  suffix: string;
  /** The service principal the role trusts; cross-account roles trust another account instead. */
  service?: string;
  path: string;
  managed: readonly ManagedPolicyName[];
  description: string;
  maxSessionDuration: number;
  instanceProfile?: boolean;
}

/** Generated role j has type (j + offset) mod length, so attachment counts stay O(1). */
export const roleTypes: readonly RoleType[] = [
  { suffix: 'lambda-role', service: 'lambda.amazonaws.com', path: '/service-role/', managed: ['AWSLambdaBasicExecutionRole'], description: 'Execution role for Lambda functions', maxSessionDuration: 3600 },
  { suffix: 'ec2-role', service: 'ec2.amazonaws.com', path: '/', managed: ['AmazonSSMManagedInstanceCore'], description: 'Instance role for EC2 hosts', maxSessionDuration: 3600, instanceProfile: true },
  { suffix: 'ecs-task-role', service: 'ecs-tasks.amazonaws.com', path: '/', managed: ['AmazonECSTaskExecutionRolePolicy'], description: 'Task role for ECS services', maxSessionDuration: 3600 },
  { suffix: 'sfn-role', service: 'states.amazonaws.com', path: '/service-role/', managed: [], description: 'Role for Step Functions state machines', maxSessionDuration: 3600 },
  { suffix: 'glue-role', service: 'glue.amazonaws.com', path: '/service-role/', managed: ['AmazonS3ReadOnlyAccess'], description: 'Role for Glue jobs and crawlers', maxSessionDuration: 3600 },
  { suffix: 'eks-cluster-role', service: 'eks.amazonaws.com', path: '/', managed: ['AmazonEKSClusterPolicy'], description: 'Cluster role for EKS control planes', maxSessionDuration: 3600 },
  { suffix: 'cloudtrail-logs-role', service: 'cloudtrail.amazonaws.com', path: '/service-role/', managed: [], description: 'Delivers CloudTrail events to CloudWatch Logs', maxSessionDuration: 3600 },
  { suffix: 's3-replication-role', service: 's3.amazonaws.com', path: '/service-role/', managed: [], description: 'Replicates objects between S3 buckets', maxSessionDuration: 3600 },
  { suffix: 'cross-account', path: '/', managed: ['ViewOnlyAccess'], description: 'Read access for a sibling account', maxSessionDuration: 43_200 },
];

export interface IamRole {
  index: number;
  /** The generated role's own index (index - fixed roles), -1 for fixed roles. */
  ordinal: number;
  team: string;
  RoleName: string;
  RoleId: string;
  Arn: string;
  Path: string;
  CreateDate: Date;
  trust: PolicyDocument;
  Description?: string;
  MaxSessionDuration: number;
  RoleLastUsed: { LastUsedDate?: Date; Region?: string };
  Tags: Array<{ Key: string; Value: string }>;
  managed: readonly ManagedPolicyName[];
  instanceProfile: boolean;
}

interface FixedRole {
  name: string;
  managed: readonly ManagedPolicyName[];
  description?: string;
}

/** Roles every account has: the read-only role canopy assumes, and in members the org's access role. */
export function fixedRoles(universe: Universe, accountId: string): FixedRole[] {
  const roles: FixedRole[] = [
    { name: universe.readOnlyRoleName, managed: ['ReadOnlyAccess'], description: 'Read-only access for inventory tools' },
  ];
  // Organizations creates this role, without a description, in every account it creates.
  if (!universe.account(accountId)?.isManagement) roles.push({ name: ORG_ACCESS_ROLE, managed: ['AdministratorAccess'] });
  return roles;
}

export function generatedRoleCount(universe: Universe, cell: Cell): number {
  return universe.allocated(cell, ROLE_KIND);
}

export function roleCount(universe: Universe, cell: Cell): number {
  return universe.isLive(cell) ? fixedRoles(universe, cell.accountId).length + generatedRoleCount(universe, cell) : 0;
}

/** The rotation of roleTypes for an account: generated role j has type (j + offset) mod length. */
export function roleTypeOffset(universe: Universe, cell: Cell): number {
  return hash32(universe.seed, cell.accountId, ROLE_KIND, 'type-offset') % roleTypes.length;
}

function roleType(universe: Universe, cell: Cell, ordinal: number): RoleType {
  return roleTypes[(ordinal + roleTypeOffset(universe, cell)) % roleTypes.length] as RoleType;
}

function roleTeam(universe: Universe, cell: Cell, ordinal: number): string {
  return pick(teams, universe.seed, cell.accountId, ROLE_KIND, ordinal, 'team');
}

function generatedRoleName(universe: Universe, cell: Cell, ordinal: number): string {
  const app = pick(apps, universe.seed, cell.accountId, ROLE_KIND, ordinal, 'app');
  return indexedName(`${roleTeam(universe, cell, ordinal)}-${app}-${roleType(universe, cell, ordinal).suffix}`, ordinal);
}

function fixedRole(universe: Universe, cell: Cell, index: number): IamRole {
  const role = fixedRoles(universe, cell.accountId)[index];
  if (!role) throw new Error(`no fixed role ${index}`);
  const management = universe.org.managementAccountId;
  return {
    index,
    ordinal: -1,
    team: 'platform',
    RoleName: role.name,
    RoleId: roleUniqueId(universe.seed, cell.accountId, role.name),
    Arn: iamArn(cell.accountId, 'role', '/', role.name),
    Path: '/',
    CreateDate: universe.account(cell.accountId)?.joinedTimestamp ?? new Date(EPOCH),
    trust: accountTrust(management),
    ...(role.description ? { Description: role.description } : {}),
    MaxSessionDuration: 3600,
    RoleLastUsed: {},
    Tags: [],
    managed: role.managed,
    instanceProfile: false,
  };
}

export function roleAt(universe: Universe, cell: Cell, index: number): IamRole {
  const fixed = fixedRoles(universe, cell.accountId).length;
  if (index < fixed) return fixedRole(universe, cell, index);
  const { seed } = universe;
  const ordinal = index - fixed;
  const type = roleType(universe, cell, ordinal);
  const name = generatedRoleName(universe, cell, ordinal);
  const created = createdAt(seed, cell, ROLE_KIND, ordinal);
  const parts = [seed, cell.accountId, ROLE_KIND, ordinal] as const;
  let trust: PolicyDocument;
  if (type.service) trust = serviceTrust(type.service);
  else {
    const others = universe.activeAccounts().filter((a) => a.id !== cell.accountId);
    const trusted = others.length > 0 ? pick(others, ...parts, 'trusted').id : cell.accountId;
    trust = accountTrust(trusted, `ext-${hash32(...parts, 'external-id').toString(36)}`);
  }
  const used = hash32(...parts, 'used') % 10 < 7;
  const regions = universe.enabledRegions(cell.accountId);
  const lastUsed = new Date(Math.max(created.getTime() + 60_000, EPOCH - (hash32(...parts, 'last-used') % (30 * 86_400)) * 1000));
  return {
    index,
    ordinal,
    team: roleTeam(universe, cell, ordinal),
    RoleName: name,
    RoleId: roleUniqueId(seed, cell.accountId, name),
    Arn: iamArn(cell.accountId, 'role', type.path, name),
    Path: type.path,
    CreateDate: created,
    trust,
    ...(hash32(...parts, 'described') % 3 !== 0 ? { Description: type.description } : {}),
    MaxSessionDuration: type.maxSessionDuration,
    RoleLastUsed: used && regions.length > 0 ? { LastUsedDate: lastUsed, Region: pick(regions, ...parts, 'region') } : {},
    Tags: tagsFor(universe, cell, ROLE_KIND, ordinal),
    managed: type.managed,
    instanceProfile: type.instanceProfile === true,
  };
}

export function findRole(universe: Universe, cell: Cell, name: string): number {
  if (universe.isLive(cell)) {
    const fixed = fixedRoles(universe, cell.accountId);
    const at = fixed.findIndex((r) => r.name === name);
    if (at >= 0) return at;
    const ordinal = indexOfName(name, generatedRoleCount(universe, cell), (o) => generatedRoleName(universe, cell, o));
    if (ordinal !== undefined) return fixed.length + ordinal;
  }
  throw noSuchEntity('role', name);
}

/** The members the Role shape shares with GetAccountAuthorizationDetails' RoleDetail. */
export function roleCore(role: IamRole): Output {
  return {
    Path: role.Path,
    RoleName: role.RoleName,
    RoleId: role.RoleId,
    Arn: role.Arn,
    CreateDate: role.CreateDate,
    AssumeRolePolicyDocument: encodeDocument(role.trust),
  };
}

/**
 * The Role shape. ListRoles leaves out RoleLastUsed, PermissionsBoundary and Tags as IAM does;
 * GetRole includes them.
 */
function roleOutput(role: IamRole, detail: boolean): Output {
  const out: Output = { ...roleCore(role), MaxSessionDuration: role.MaxSessionDuration };
  if (role.Description !== undefined) out.Description = role.Description;
  if (detail) {
    out.RoleLastUsed = role.RoleLastUsed;
    if (role.Tags.length > 0) out.Tags = role.Tags;
  }
  return out;
}

/**
 * The name, id and ARN of the instance profile an EC2 role comes with (same name, as the console
 * creates it). EC2 instances name their profile with these (services/placement.ts).
 */
export function instanceProfileIdentity(role: IamRole, accountId: string, seed: number): { InstanceProfileName: string; InstanceProfileId: string; Arn: string } {
  return {
    InstanceProfileName: role.RoleName,
    InstanceProfileId: iamId('AIPA', seed, 'instance-profile', accountId, role.RoleName),
    Arn: iamArn(accountId, 'instance-profile', role.Path, role.RoleName),
  };
}

/** The InstanceProfile shape of an EC2 role's profile. */
export function instanceProfileOf(role: IamRole, accountId: string, seed: number): Output {
  return {
    Path: role.Path,
    ...instanceProfileIdentity(role, accountId, seed),
    CreateDate: role.CreateDate,
    Roles: [roleOutput(role, false)],
  };
}

export const roleHandlers: Record<string, Handler> = {
  ListRoles: (input, ctx) =>
    paginate(input, ctx, roleCount(ctx.universe, ctx.cell), (i) => roleOutput(roleAt(ctx.universe, ctx.cell, i), false), {
      ...iamPage,
      filter: pathFilter(input),
    }),
  GetRole: (input, ctx) => {
    const { universe, cell } = ctx;
    return { Role: roleOutput(roleAt(universe, cell, findRole(universe, cell, text(input, 'RoleName'))), true) };
  },
  ListRoleTags: (input, ctx) => {
    const { universe, cell } = ctx;
    const tags = roleAt(universe, cell, findRole(universe, cell, text(input, 'RoleName'))).Tags;
    return paginate(input, ctx, tags.length, (i) => tags[i], iamPage);
  },
};

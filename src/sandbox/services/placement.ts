import type { Cell } from '../data/ids.js';
import { hash32 } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { idOf, layoutOf, subnetZone, zoneName } from './ec2/layout.js';
import { fixedRoles, generatedRoleCount, instanceProfileIdentity, roleAt, roleTypeOffset, roleTypes } from './iam/roles.js';
import { progressionCount } from './iam/shared.js';
import { keyArnAt, resolveKey } from './kms/keys.js';

/**
 * Where a workload of another service sits: the VPC, subnets and security groups it uses, the IAM
 * role it runs as, the KMS key it encrypts with. Kept in one place so every service that points at
 * EC2, IAM or KMS resources builds the same ids the owning service generates.
 */
export interface Placement {
  vpcId: string;
  /** Up to three subnets of the VPC, one per zone where it has them; the same for every workload in the VPC. */
  subnets: Array<{ subnetId: string; availabilityZone: string }>;
  securityGroupIds: string[];
}

/**
 * The VPC a workload runs in, with its subnets and one security group of that VPC. Custom VPCs
 * that have subnets are preferred, as teams rarely run databases in the default VPC; a live cell
 * always has the default VPC, so only cells without EC2 data give undefined.
 */
export function placementFor(universe: Universe, cell: Cell, kind: string, index: number): Placement | undefined {
  const layout = layoutOf(universe, cell);
  if (layout.vpcs === 0) return undefined;
  const h = hash32(universe.seed, cell.accountId, cell.region, kind, index, 'placement');
  // Extra subnet s (s >= 3) sits in custom VPC 1 + (s - 3) mod C, so VPCs 1..min(C, extra) have one.
  const withSubnets = Math.min(layout.customVpcs, layout.extraSubnets);
  const vpc = withSubnets > 0 ? 1 + (h % withSubnets) : 0;
  const subnets: number[] = [];
  if (vpc === 0) subnets.push(0, 1, 2);
  else for (let s = 3 + vpc - 1; s < layout.subnets && subnets.length < 3; s += layout.customVpcs) subnets.push(s);
  // Extra group g (g >= V) belongs to VPC (g - V) mod V; group v < V is VPC v's default group.
  const custom = layout.extraSecurityGroups > vpc ? Math.floor((layout.extraSecurityGroups - 1 - vpc) / layout.vpcs) + 1 : 0;
  const group = custom > 0 ? layout.vpcs + vpc + layout.vpcs * ((h >>> 8) % custom) : vpc;
  return {
    vpcId: idOf(layout, 'vpc', vpc),
    subnets: subnets.map((s) => ({
      subnetId: idOf(layout, 'subnet', s),
      availabilityZone: zoneName(layout, subnetZone(layout, s)),
    })),
    securityGroupIds: [idOf(layout, 'securityGroup', group)],
  };
}

/** What other services name of a role: its ARN, and its instance profile when it has one. */
interface RoleRef {
  arn: string;
  instanceProfile?: { Arn: string; Id: string };
}

/** Role references already built, per universe and keyed by account and role index: building a role costs ~50 hashes. Bounded. */
const roleRefCache = new WeakMap<Universe, Map<string, RoleRef>>();

function roleRef(universe: Universe, accountId: string, index: number): RoleRef {
  let cache = roleRefCache.get(universe);
  if (!cache) {
    cache = new Map();
    roleRefCache.set(universe, cache);
  }
  const key = `${accountId}/${index}`;
  let ref = cache.get(key);
  if (ref === undefined) {
    const role = roleAt(universe, { accountId, region: 'global' }, index);
    ref = { arn: role.Arn };
    if (role.instanceProfile) {
      const profile = instanceProfileIdentity(role, accountId, universe.seed);
      ref.instanceProfile = { Arn: profile.Arn, Id: profile.InstanceProfileId };
    }
    if (cache.size >= 4096) cache.clear();
    cache.set(key, ref);
  }
  return ref;
}

/**
 * The index of an existing IAM role of the account whose type has the given suffix, chosen by
 * `parts`, or undefined when the account has no role of that type. Generated role j has type
 * (j + offset) mod T, so the roles of one type are an arithmetic progression.
 */
function roleOfType(universe: Universe, accountId: string, suffix: string, parts: ReadonlyArray<string | number>): number | undefined {
  const cell: Cell = { accountId, region: 'global' };
  const type = roleTypes.findIndex((t) => t.suffix === suffix);
  if (type < 0) return undefined;
  const first = (((type - roleTypeOffset(universe, cell)) % roleTypes.length) + roleTypes.length) % roleTypes.length;
  const count = progressionCount(generatedRoleCount(universe, cell), first, roleTypes.length);
  if (count === 0) return undefined;
  const ordinal = first + roleTypes.length * (hash32(universe.seed, accountId, suffix, ...parts) % count);
  return fixedRoles(universe, accountId).length + ordinal;
}

/**
 * The ARN of an existing IAM role of the account whose type has the given suffix (`lambda-role`,
 * `ecs-task-role`, `ec2-role`, ...), chosen by `parts`. Accounts with no such role fall back to
 * their first fixed role, which every account has, so the reference always resolves.
 */
export function serviceRoleArn(universe: Universe, accountId: string, suffix: string, ...parts: ReadonlyArray<string | number>): string {
  return roleRef(universe, accountId, roleOfType(universe, accountId, suffix, parts) ?? 0).arn;
}

/**
 * The instance profile (EC2's IamInstanceProfile: ARN and id) of one of the account's `ec2-role`
 * roles, chosen by `parts`: the same ARN and id IAM reports for that role's profile. Undefined
 * when the account has no such role, as only those roles come with an instance profile.
 */
export function instanceProfileFor(universe: Universe, accountId: string, ...parts: ReadonlyArray<string | number>): { Arn: string; Id: string } | undefined {
  const index = roleOfType(universe, accountId, 'ec2-role', parts);
  return index === undefined ? undefined : roleRef(universe, accountId, index).instanceProfile;
}

/** The ARN of the AWS managed key (`alias/aws/rds`, ...) a service encrypts with by default. */
export function managedKeyArn(universe: Universe, cell: Cell, alias: string): string | undefined {
  const index = resolveKey(universe, cell, alias);
  return index === undefined ? undefined : keyArnAt(universe, cell, index);
}

import type { Cell } from '../../data/ids.js';
import type { Universe } from '../../data/universe.js';
import type { EntityRef } from './entities.js';
import { groupCount, groupFunctions } from './groups.js';
import { localPolicyAt, localPolicyCount } from './local-policies.js';
import { managedArn, managedPolicyNamed, type ManagedPolicy, type ManagedPolicyName } from './managed-policies.js';
import { fixedRoles, generatedRoleCount, roleCount, roleTypeOffset, roleTypes } from './roles.js';
import { progressionCount } from './shared.js';
import { generatedUserCount, userCount } from './users.js';

/**
 * Which policies each user, group and role attaches. Every rule is arithmetic in the entity's
 * ordinal, so a policy's AttachmentCount is a handful of progression counts instead of a scan:
 * - customer policy p (of P) is attached by generated role j ≡ p (mod P), by generated user
 *   j = 4m with m ≡ p (mod P), and by group g ≡ P - 1 - p (mod P);
 * - AWS-managed policies follow the role type (j + offset mod types), the group's function
 *   (g mod functions), and the fixed entities (sandbox-admin and the org's roles).
 */
interface AttachedPolicy {
  PolicyName: string;
  PolicyArn: string;
}

const USER_STRIDE = 4;

function managedNamesOf(universe: Universe, cell: Cell, ref: EntityRef): readonly ManagedPolicyName[] {
  switch (ref.type) {
    case 'user':
      return ref.index === 0 ? ['AdministratorAccess'] : [];
    case 'group':
      return groupFunctions[ref.index % groupFunctions.length]?.managed ?? [];
    case 'role':
      if (ref.ordinal < 0) return fixedRoles(universe, cell.accountId)[ref.index]?.managed ?? [];
      return roleTypes[(ref.ordinal + roleTypeOffset(universe, cell)) % roleTypes.length]?.managed ?? [];
  }
}

function localOrdinalOf(ref: EntityRef, policies: number): number | undefined {
  if (policies === 0 || ref.ordinal < 0) return undefined;
  switch (ref.type) {
    case 'user':
      return ref.ordinal % USER_STRIDE === 0 ? (ref.ordinal / USER_STRIDE) % policies : undefined;
    case 'group':
      return policies - 1 - (ref.ordinal % policies);
    case 'role':
      return ref.ordinal % policies;
  }
}

/** The managed policies (AWS first, then customer) an entity attaches. */
export function attachedPolicies(universe: Universe, cell: Cell, ref: EntityRef): AttachedPolicy[] {
  const attached: AttachedPolicy[] = managedNamesOf(universe, cell, ref).map((name) => {
    const policy = managedPolicyNamed(name);
    return { PolicyName: policy.name, PolicyArn: managedArn(policy) };
  });
  const local = localOrdinalOf(ref, localPolicyCount(universe, cell));
  if (local !== undefined) {
    const policy = localPolicyAt(universe, cell, local);
    attached.push({ PolicyName: policy.PolicyName, PolicyArn: policy.Arn });
  }
  return attached;
}

/** How many users, groups and roles attach customer policy `ordinal`. */
export function localAttachmentCount(universe: Universe, cell: Cell, ordinal: number): number {
  const policies = localPolicyCount(universe, cell);
  if (ordinal >= policies) return 0;
  const strided = Math.ceil(generatedUserCount(universe, cell) / USER_STRIDE);
  return (
    progressionCount(strided, ordinal, policies) +
    progressionCount(groupCount(universe, cell), policies - 1 - ordinal, policies) +
    progressionCount(generatedRoleCount(universe, cell), ordinal, policies)
  );
}

/** How many users, groups and roles of the account attach an AWS-managed policy. */
export function managedAttachmentCount(universe: Universe, cell: Cell, policy: ManagedPolicy): number {
  if (!universe.isLive(cell)) return 0;
  let count = policy.name === 'AdministratorAccess' && userCount(universe, cell) > 0 ? 1 : 0;
  count += fixedRoles(universe, cell.accountId).filter((r) => r.managed.includes(policy.name)).length;
  const roles = roleCount(universe, cell) - fixedRoles(universe, cell.accountId).length;
  const offset = roleTypeOffset(universe, cell);
  roleTypes.forEach((type, t) => {
    // Generated role j has type t when j ≡ t - offset (mod types).
    if (type.managed.includes(policy.name)) count += progressionCount(roles, (t - offset + roleTypes.length) % roleTypes.length, roleTypes.length);
  });
  const groups = groupCount(universe, cell);
  groupFunctions.forEach((fn, f) => {
    if (fn.managed.includes(policy.name)) count += progressionCount(groups, f, groupFunctions.length);
  });
  return count;
}

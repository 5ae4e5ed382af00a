import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import { indexOfId, layoutOf, securityGroupVpc, subnetVpc, subnetZone, zoneName } from './ec2/layout.js';
import { findRole } from './iam/roles.js';
import { resolveKey } from './kms/keys.js';
import { parseArn } from './lookup.js';

/**
 * For handler unit tests: whether a reference one service hands out names a resource the owning
 * service generates. Each returns a reason when it does not, so a failing test says why.
 */

/** A VPC, subnets (optionally with their zones) and security groups that exist and belong together. */
export function vpcProblem(
  universe: Universe,
  cell: Cell,
  ref: { vpcId: string; subnetIds: readonly string[]; securityGroupIds: readonly string[]; zones?: readonly string[] },
): string | undefined {
  const layout = layoutOf(universe, cell);
  const vpc = indexOfId(layout, 'vpc', ref.vpcId, layout.vpcs);
  if (vpc === undefined) return `no VPC ${ref.vpcId}`;
  for (const [n, id] of ref.subnetIds.entries()) {
    const subnet = indexOfId(layout, 'subnet', id, layout.subnets);
    if (subnet === undefined) return `no subnet ${id}`;
    if (subnetVpc(layout, subnet) !== vpc) return `subnet ${id} is not in ${ref.vpcId}`;
    const zone = ref.zones?.[n];
    if (zone !== undefined && zoneName(layout, subnetZone(layout, subnet)) !== zone) return `subnet ${id} is not in ${zone}`;
  }
  for (const id of ref.securityGroupIds) {
    const group = indexOfId(layout, 'securityGroup', id, layout.securityGroups);
    if (group === undefined) return `no security group ${id}`;
    if (securityGroupVpc(layout, group) !== vpc) return `security group ${id} is not in ${ref.vpcId}`;
  }
  return undefined;
}

/** An IAM role ARN of an existing role (path included). */
export function roleProblem(universe: Universe, arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam' || !parsed.resource.startsWith('role/')) return `not a role ARN: ${arn}`;
  const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
  try {
    findRole(universe, { accountId: parsed.accountId, region: 'global' }, name);
  } catch {
    return `no role ${name} in ${parsed.accountId}`;
  }
  return undefined;
}

/** A KMS key ARN (or alias) of a key in the cell. */
export function kmsKeyProblem(universe: Universe, cell: Cell, key: string): string | undefined {
  return resolveKey(universe, cell, key) === undefined ? `no KMS key ${key} in ${cell.accountId}/${cell.region}` : undefined;
}

import type { GroupIdentifier, IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import { apps, tagsFor } from '../../data/common.js';
import { indexedName } from '../../data/ids.js';
import { pick } from '../../data/random.js';
import { SandboxError, type Handler } from '../service.js';
import { describe, type Collection } from './describe.js';
import { choose, idOf, indexOfId, layoutOf, securityGroupVpc, vpcCidr, type Layout } from './layout.js';
import { cidrText } from './net.js';

const purposes = ['web', 'app', 'db', 'ssh', 'cache'] as const;
type Purpose = (typeof purposes)[number];

function purposeOf(layout: Layout, group: number): Purpose {
  return purposes[choose(layout, 'sg-purpose', group, purposes.length)] ?? 'app';
}

function securityGroupName(layout: Layout, group: number): string {
  if (group < layout.vpcs) return 'default';
  const app = pick(apps, layout.seed, layout.cell.accountId, layout.cell.region, 'sg-app', group);
  return indexedName(`${app}-${purposeOf(layout, group)}`, group - layout.vpcs);
}

export function groupIdentifier(layout: Layout, group: number): GroupIdentifier {
  return { GroupId: idOf(layout, 'securityGroup', group), GroupName: securityGroupName(layout, group) };
}

/** EC2 answers every permission with all four source lists, empty where unused. */
function permission(protocol: string, port: number | undefined, source: Partial<IpPermission>): IpPermission {
  return {
    IpProtocol: protocol,
    FromPort: port,
    ToPort: port,
    IpRanges: [],
    Ipv6Ranges: [],
    PrefixListIds: [],
    UserIdGroupPairs: [],
    ...source,
  };
}

function ingressRules(layout: Layout, group: number): IpPermission[] {
  const self = { UserId: layout.cell.accountId, GroupId: idOf(layout, 'securityGroup', group) };
  const vpc = securityGroupVpc(layout, group);
  if (group < layout.vpcs) return [permission('-1', undefined, { UserIdGroupPairs: [self] })];
  const defaultGroup = { UserId: layout.cell.accountId, GroupId: idOf(layout, 'securityGroup', vpc) };
  switch (purposeOf(layout, group)) {
    case 'web':
      return [
        permission('tcp', 80, { IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }),
        permission('tcp', 443, { IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }),
      ];
    case 'ssh':
      return [permission('tcp', 22, { IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'corporate VPN' }] })];
    case 'db':
      return [permission('tcp', 5432, { UserIdGroupPairs: [{ ...defaultGroup, Description: 'from workloads' }] })];
    case 'cache':
      return [permission('tcp', 6379, { UserIdGroupPairs: [self] })];
    default:
      return [permission('tcp', 8080, { IpRanges: [{ CidrIp: cidrText(vpcCidr(layout, vpc)) }] })];
  }
}

function securityGroupAt(layout: Layout, group: number): SecurityGroup {
  const vpc = securityGroupVpc(layout, group);
  const name = securityGroupName(layout, group);
  const isDefault = group < layout.vpcs;
  return {
    Description: isDefault ? 'default VPC security group' : `${name} security group`,
    GroupName: name,
    IpPermissions: ingressRules(layout, group),
    OwnerId: layout.cell.accountId,
    GroupId: idOf(layout, 'securityGroup', group),
    IpPermissionsEgress: [permission('-1', undefined, { IpRanges: [{ CidrIp: '0.0.0.0/0' }] })],
    Tags: isDefault ? undefined : tagsFor(layout.universe, layout.cell, 'ec2.security_group', group, name),
    VpcId: idOf(layout, 'vpc', vpc),
  };
}

function permissionValues(
  rules: IpPermission[] | undefined,
  read: (rule: IpPermission) => ReadonlyArray<string | number | undefined>,
): Array<string | number | undefined> {
  return (rules ?? []).flatMap((rule) => [...read(rule)]);
}

function collection(layout: Layout): Collection<SecurityGroup> {
  return {
    total: layout.securityGroups,
    itemAt: (index) => securityGroupAt(layout, index),
    tags: (group) => group.Tags,
    filters: {
      'group-id': (g) => g.GroupId,
      'group-name': (g) => g.GroupName,
      description: (g) => g.Description,
      'owner-id': (g) => g.OwnerId,
      'vpc-id': (g) => g.VpcId,
      'ip-permission.protocol': (g) => permissionValues(g.IpPermissions, (r) => [r.IpProtocol]),
      'ip-permission.from-port': (g) => permissionValues(g.IpPermissions, (r) => [r.FromPort]),
      'ip-permission.to-port': (g) => permissionValues(g.IpPermissions, (r) => [r.ToPort]),
      'ip-permission.cidr': (g) => permissionValues(g.IpPermissions, (r) => (r.IpRanges ?? []).map((x) => x.CidrIp)),
      'ip-permission.group-id': (g) => permissionValues(g.IpPermissions, (r) => (r.UserIdGroupPairs ?? []).map((x) => x.GroupId)),
      'egress.ip-permission.cidr': (g) => permissionValues(g.IpPermissionsEgress, (r) => (r.IpRanges ?? []).map((x) => x.CidrIp)),
    },
  };
}

/** GroupNames is EC2-Classic's way in: it only ever finds groups of the default VPC. */
function defaultVpcGroupByName(layout: Layout, name: string): number | undefined {
  if (layout.vpcs === 0) return undefined;
  if (name === 'default') return 0;
  for (let group = layout.vpcs; group < layout.securityGroups; group += layout.vpcs) {
    if (securityGroupName(layout, group) === name) return group;
  }
  return undefined;
}

export const describeSecurityGroups: Handler = (input, ctx) => {
  const layout = layoutOf(ctx.universe, ctx.cell);
  return describe(input, ctx, collection(layout), {
    ids: [
      {
        key: 'GroupIds',
        indexOf: (id) => indexOfId(layout, 'securityGroup', id, layout.securityGroups),
        notFound: (missing) => new SandboxError('InvalidGroup.NotFound', `The security group '${missing.join("', '")}' does not exist`),
      },
      {
        key: 'GroupNames',
        indexOf: (name) => defaultVpcGroupByName(layout, name),
        notFound: (missing) =>
          new SandboxError(
            'InvalidGroup.NotFound',
            `The security group '${missing.join("', '")}' does not exist in default VPC '${idOf(layout, 'vpc', 0)}'`,
          ),
      },
    ],
  });
};

import type { Subnet, Vpc } from '@aws-sdk/client-ec2';
import { arnOf, environmentOf, tagsFor, teams } from '../../data/common.js';
import { indexedName } from '../../data/ids.js';
import { pick } from '../../data/random.js';
import type { Handler } from '../service.js';
import { describe, notFoundError, type Collection } from './describe.js';
import { idOf, indexOfId, layoutOf, subnetCidr, subnetIsPublic, subnetResidents, subnetVpc, subnetZone, vpcCidr, zoneName, type Layout } from './layout.js';
import { availabilityZoneId, cidrText, usableAddresses } from './net.js';

/** Default resources carry no tags in AWS; custom ones are named by their team. */
export function vpcName(layout: Layout, vpc: number): string | undefined {
  if (vpc === 0) return undefined;
  const team = pick(teams, layout.seed, layout.cell.accountId, layout.cell.region, 'vpc-team', vpc);
  return indexedName(`${team}-${environmentOf(layout.universe, layout.cell.accountId)}`, vpc);
}

function vpcAt(layout: Layout, vpc: number): Vpc {
  const cidr = cidrText(vpcCidr(layout, vpc));
  const name = vpcName(layout, vpc);
  return {
    CidrBlock: cidr,
    DhcpOptionsId: idOf(layout, 'dhcpOptions', 0),
    State: 'available',
    VpcId: idOf(layout, 'vpc', vpc),
    OwnerId: layout.cell.accountId,
    InstanceTenancy: 'default',
    CidrBlockAssociationSet: [
      { AssociationId: idOf(layout, 'vpcCidrAssociation', vpc), CidrBlock: cidr, CidrBlockState: { State: 'associated' } },
    ],
    IsDefault: vpc === 0,
    Tags: name === undefined ? undefined : tagsFor(layout.universe, layout.cell, 'ec2.vpc', vpc, name),
  };
}

function subnetAt(layout: Layout, subnet: number): Subnet {
  const cidr = subnetCidr(layout, subnet);
  const vpc = subnetVpc(layout, subnet);
  const zone = subnetZone(layout, subnet);
  const isPublic = subnetIsPublic(layout, subnet);
  const id = idOf(layout, 'subnet', subnet);
  const vpcLabel = vpcName(layout, vpc);
  const zoneLetter = zoneName(layout, zone).slice(-1);
  const tags =
    vpcLabel === undefined
      ? undefined
      : tagsFor(layout.universe, layout.cell, 'ec2.subnet', subnet, `${vpcLabel}-${isPublic ? 'public' : 'private'}-${zoneLetter}`);
  return {
    AvailabilityZone: zoneName(layout, zone),
    AvailabilityZoneId: availabilityZoneId(layout.seed, layout.cell.accountId, layout.cell.region, zone),
    AvailableIpAddressCount: Math.max(0, usableAddresses(cidr.prefix) - subnetResidents(layout, subnet)),
    CidrBlock: cidrText(cidr),
    DefaultForAz: subnet < 3,
    MapPublicIpOnLaunch: isPublic,
    MapCustomerOwnedIpOnLaunch: false,
    State: 'available',
    SubnetId: id,
    VpcId: idOf(layout, 'vpc', vpc),
    OwnerId: layout.cell.accountId,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    Tags: tags,
    SubnetArn: arnOf('ec2', layout.cell.region, layout.cell.accountId, `subnet/${id}`),
    EnableDns64: false,
    Ipv6Native: false,
    PrivateDnsNameOptionsOnLaunch: {
      HostnameType: 'ip-name',
      EnableResourceNameDnsARecord: false,
      EnableResourceNameDnsAAAARecord: false,
    },
  };
}

function vpcCollection(layout: Layout): Collection<Vpc> {
  return {
    total: layout.vpcs,
    itemAt: (index) => vpcAt(layout, index),
    tags: (vpc) => vpc.Tags,
    filters: {
      'vpc-id': (v) => v.VpcId,
      cidr: (v) => v.CidrBlock,
      'cidr-block-association.cidr-block': (v) => v.CidrBlockAssociationSet?.map((a) => a.CidrBlock),
      'cidr-block-association.association-id': (v) => v.CidrBlockAssociationSet?.map((a) => a.AssociationId),
      'cidr-block-association.state': (v) => v.CidrBlockAssociationSet?.map((a) => a.CidrBlockState?.State),
      'dhcp-options-id': (v) => v.DhcpOptionsId,
      'is-default': (v) => v.IsDefault,
      'owner-id': (v) => v.OwnerId,
      state: (v) => v.State,
    },
  };
}

function subnetCollection(layout: Layout): Collection<Subnet> {
  return {
    total: layout.subnets,
    itemAt: (index) => subnetAt(layout, index),
    tags: (subnet) => subnet.Tags,
    filters: {
      'subnet-id': (s) => s.SubnetId,
      'vpc-id': (s) => s.VpcId,
      'availability-zone': (s) => s.AvailabilityZone,
      'availability-zone-id': (s) => s.AvailabilityZoneId,
      'available-ip-address-count': (s) => s.AvailableIpAddressCount,
      'cidr-block': (s) => s.CidrBlock,
      'default-for-az': (s) => s.DefaultForAz,
      'map-public-ip-on-launch': (s) => s.MapPublicIpOnLaunch,
      'owner-id': (s) => s.OwnerId,
      state: (s) => s.State,
      'subnet-arn': (s) => s.SubnetArn,
    },
  };
}

export const describeVpcs: Handler = (input, ctx) => {
  const layout = layoutOf(ctx.universe, ctx.cell);
  return describe(input, ctx, vpcCollection(layout), {
    ids: [
      {
        key: 'VpcIds',
        indexOf: (id) => indexOfId(layout, 'vpc', id, layout.vpcs),
        notFound: (missing) => notFoundError('InvalidVpcID.NotFound', 'vpc', missing),
      },
    ],
  });
};

export const describeSubnets: Handler = (input, ctx) => {
  const layout = layoutOf(ctx.universe, ctx.cell);
  return describe(input, ctx, subnetCollection(layout), {
    ids: [
      {
        key: 'SubnetIds',
        indexOf: (id) => indexOfId(layout, 'subnet', id, layout.subnets),
        notFound: (missing) => notFoundError('InvalidSubnetID.NotFound', 'subnet', missing),
      },
    ],
  });
};

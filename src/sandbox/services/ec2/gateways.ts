import type { AttachmentStatus, InternetGateway, NatGateway } from '@aws-sdk/client-ec2';
import { createdAt, tagsFor } from '../../data/common.js';
import { SandboxError, type Handler } from '../service.js';
import { describe, notFoundError, type Collection } from './describe.js';
import { addressPublicIp, natIsPublic, natSubnet } from './attachments.js';
import { idOf, indexOfId, interfaceIp, internetGatewayVpc, layoutOf, subnetVpc, type Layout } from './layout.js';
import { ipText } from './net.js';
import { vpcName } from './vpcs.js';

/** EC2 reports an attached internet gateway as 'available', a value outside the SDK's enum. */
const ATTACHED = 'available' as AttachmentStatus;

function internetGatewayAt(layout: Layout, gateway: number): InternetGateway {
  const vpc = internetGatewayVpc(layout, gateway);
  const label = vpc === undefined ? `spare-igw-${gateway}` : vpcName(layout, vpc);
  return {
    Attachments: vpc === undefined ? [] : [{ State: ATTACHED, VpcId: idOf(layout, 'vpc', vpc) }],
    InternetGatewayId: idOf(layout, 'internetGateway', gateway),
    OwnerId: layout.cell.accountId,
    // The default VPC's gateway is created by AWS and carries no tags.
    Tags: label === undefined ? undefined : tagsFor(layout.universe, layout.cell, 'ec2.internet_gateway', gateway, `${label}-igw`),
  };
}

function natGatewayAt(layout: Layout, nat: number): NatGateway {
  const subnet = natSubnet(layout, nat);
  const vpc = subnetVpc(layout, subnet);
  const eni = layout.instances + nat;
  const isPublic = natIsPublic(layout, nat);
  const id = idOf(layout, 'natGateway', nat);
  return {
    CreateTime: createdAt(layout.seed, layout.cell, 'ec2.nat_gateway', nat),
    NatGatewayAddresses: [
      {
        AllocationId: isPublic ? idOf(layout, 'address', nat) : undefined,
        AssociationId: isPublic ? idOf(layout, 'addressAssociation', nat) : undefined,
        NetworkInterfaceId: idOf(layout, 'networkInterface', eni),
        PrivateIp: ipText(interfaceIp(layout, eni)),
        PublicIp: isPublic ? ipText(addressPublicIp(layout, nat)) : undefined,
        IsPrimary: true,
        Status: 'succeeded',
      },
    ],
    NatGatewayId: id,
    State: 'available',
    SubnetId: idOf(layout, 'subnet', subnet),
    VpcId: idOf(layout, 'vpc', vpc),
    Tags: tagsFor(layout.universe, layout.cell, 'ec2.nat_gateway', nat, `${vpcName(layout, vpc) ?? 'default'}-nat-${nat}`),
    ConnectivityType: isPublic ? 'public' : 'private',
  };
}

function internetGateways(layout: Layout): Collection<InternetGateway> {
  return {
    total: layout.internetGateways,
    itemAt: (index) => internetGatewayAt(layout, index),
    tags: (gateway) => gateway.Tags,
    filters: {
      'internet-gateway-id': (g) => g.InternetGatewayId,
      'attachment.vpc-id': (g) => g.Attachments?.map((a) => a.VpcId),
      'attachment.state': (g) => g.Attachments?.map((a) => a.State),
      'owner-id': (g) => g.OwnerId,
    },
  };
}

function natGateways(layout: Layout): Collection<NatGateway> {
  return {
    total: layout.natGateways,
    itemAt: (index) => natGatewayAt(layout, index),
    tags: (nat) => nat.Tags,
    filters: {
      'nat-gateway-id': (n) => n.NatGatewayId,
      state: (n) => n.State,
      'subnet-id': (n) => n.SubnetId,
      'vpc-id': (n) => n.VpcId,
    },
  };
}

export const describeInternetGateways: Handler = (input, ctx) => {
  const layout = layoutOf(ctx.universe, ctx.cell);
  return describe(input, ctx, internetGateways(layout), {
    ids: [
      {
        key: 'InternetGatewayIds',
        indexOf: (id) => indexOfId(layout, 'internetGateway', id, layout.internetGateways),
        notFound: (missing) => notFoundError('InvalidInternetGatewayID.NotFound', 'internetGateway', missing),
      },
    ],
  });
};

export const describeNatGateways: Handler = (input, ctx) => {
  const layout = layoutOf(ctx.universe, ctx.cell);
  return describe(input, ctx, natGateways(layout), {
    filtersKey: 'Filter',
    ids: [
      {
        key: 'NatGatewayIds',
        indexOf: (id) => indexOfId(layout, 'natGateway', id, layout.natGateways),
        notFound: (missing) => new SandboxError('NatGatewayNotFound', `The Nat Gateway ${missing.join(', ')} was not found`),
      },
    ],
  });
};

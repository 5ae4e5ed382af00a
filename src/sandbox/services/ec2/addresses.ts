import type { Address } from '@aws-sdk/client-ec2';
import { tagsFor } from '../../data/common.js';
import { SandboxError, type Handler } from '../service.js';
import { describe, notFoundError, tagList, type Collection } from './describe.js';
import { addressIndexOfIp, addressPublicIp, addressTarget } from './attachments.js';
import { idOf, indexOfId, interfaceIp, layoutOf, type Layout } from './layout.js';
import { ipText, parseIp } from './net.js';

function addressAt(layout: Layout, address: number): Address {
  const target = addressTarget(layout, address);
  const item: Address = {
    AllocationId: idOf(layout, 'address', address),
    PublicIp: ipText(addressPublicIp(layout, address)),
    Domain: 'vpc',
    PublicIpv4Pool: 'amazon',
    NetworkBorderGroup: layout.cell.region,
    Tags: tagList(tagsFor(layout.universe, layout.cell, 'ec2.eip', address)),
  };
  if (target.kind === 'none') return item;
  // A NAT gateway's address sits on its interface; an instance's on its primary interface.
  const eni = target.kind === 'nat' ? layout.instances + target.nat : target.instance;
  return {
    ...item,
    AssociationId: idOf(layout, 'addressAssociation', address),
    InstanceId: target.kind === 'instance' ? idOf(layout, 'instance', target.instance) : undefined,
    NetworkInterfaceId: idOf(layout, 'networkInterface', eni),
    NetworkInterfaceOwnerId: layout.cell.accountId,
    PrivateIpAddress: ipText(interfaceIp(layout, eni)),
  };
}

function collection(layout: Layout): Collection<Address> {
  return {
    total: layout.addresses,
    itemAt: (index) => addressAt(layout, index),
    tags: (address) => address.Tags,
    filters: {
      'allocation-id': (a) => a.AllocationId,
      'association-id': (a) => a.AssociationId,
      domain: (a) => a.Domain,
      'instance-id': (a) => a.InstanceId,
      'network-border-group': (a) => a.NetworkBorderGroup,
      'network-interface-id': (a) => a.NetworkInterfaceId,
      'network-interface-owner-id': (a) => a.NetworkInterfaceOwnerId,
      'private-ip-address': (a) => a.PrivateIpAddress,
      'public-ip': (a) => a.PublicIp,
      'public-ipv4-pool': (a) => a.PublicIpv4Pool,
    },
  };
}

/** DescribeAddresses has no pagination in AWS: it always answers with every address. */
export const describeAddresses: Handler = (input, ctx) => {
  const layout = layoutOf(ctx.universe, ctx.cell);
  return describe(input, ctx, collection(layout), {
    ids: [
      {
        key: 'AllocationIds',
        indexOf: (id) => indexOfId(layout, 'address', id, layout.addresses),
        notFound: (missing) => notFoundError('InvalidAllocationID.NotFound', 'allocation', missing),
      },
      {
        key: 'PublicIps',
        indexOf: (ip) => {
          const value = parseIp(ip);
          return value === undefined ? undefined : addressIndexOfIp(layout, value);
        },
        notFound: (missing) => new SandboxError('InvalidAddress.NotFound', `Address '${missing.join(', ')}' not found.`),
      },
    ],
  });
};

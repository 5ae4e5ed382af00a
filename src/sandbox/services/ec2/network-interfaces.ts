import type { NetworkInterface, NetworkInterfaceAssociation, NetworkInterfaceType } from '@aws-sdk/client-ec2';
import { createdAt, tagsFor } from '../../data/common.js';
import type { Handler } from '../service.js';
import { describe, notFoundError, tagList, type Collection } from './describe.js';
import { instanceFacts } from './instance-facts.js';
import { addressPublicIp, instanceGroups, interfaceOwner, natIsPublic } from './attachments.js';
import { idOf, indexOfId, interfaceIp, interfaceSubnet, layoutOf, subnetVpc, subnetZone, zoneName, type Layout } from './layout.js';
import { ipText, macAddress, privateDnsName, publicDnsName } from './net.js';
import { groupIdentifier } from './security-groups.js';

/** EC2 sends 'nat_gateway' for NAT interfaces although the SDK's enum spells it 'natGateway'. */
const NAT_INTERFACE = 'nat_gateway' as NetworkInterfaceType;

/** The public side of an interface: an Elastic IP (owned by the account) or an Amazon-pool address. */
function association(layout: Layout, publicIp: number, address: number | undefined): NetworkInterfaceAssociation {
  const region = layout.cell.region;
  return {
    AllocationId: address === undefined ? undefined : idOf(layout, 'address', address),
    AssociationId: address === undefined ? undefined : idOf(layout, 'addressAssociation', address),
    IpOwnerId: address === undefined ? 'amazon' : layout.cell.accountId,
    PublicDnsName: publicDnsName(publicIp, region),
    PublicIp: ipText(publicIp),
  };
}

export function networkInterfaceAt(layout: Layout, eni: number): NetworkInterface {
  const owner = interfaceOwner(layout, eni);
  const subnet = interfaceSubnet(layout, eni);
  const vpc = subnetVpc(layout, subnet);
  const ip = interfaceIp(layout, eni);
  const region = layout.cell.region;
  const id = idOf(layout, 'networkInterface', eni);
  const base: NetworkInterface = {
    AvailabilityZone: zoneName(layout, subnetZone(layout, subnet)),
    Description: '',
    Groups: [groupIdentifier(layout, vpc)],
    InterfaceType: 'interface',
    Ipv6Addresses: [],
    MacAddress: macAddress(layout.seed, layout.cell.accountId, region, eni),
    NetworkInterfaceId: id,
    OwnerId: layout.cell.accountId,
    PrivateDnsName: privateDnsName(ip, region),
    PrivateIpAddress: ipText(ip),
    RequesterManaged: false,
    SourceDestCheck: true,
    Status: 'available',
    SubnetId: idOf(layout, 'subnet', subnet),
    TagSet: [],
    VpcId: idOf(layout, 'vpc', vpc),
  };
  let publicSide: NetworkInterfaceAssociation | undefined;
  if (owner.kind === 'instance') {
    const facts = instanceFacts(layout, owner.instance);
    const primary = owner.deviceIndex === 0;
    if (primary && facts.publicIp !== undefined) publicSide = association(layout, facts.publicIp, facts.address);
    Object.assign(base, {
      Description: primary ? '' : `secondary interface of ${facts.name}`,
      Groups: instanceGroups(layout, owner.instance).map((group) => groupIdentifier(layout, group)),
      Status: 'in-use',
      TagSet: primary ? [] : tagsFor(layout.universe, layout.cell, 'ec2.network_interface', eni),
      Attachment: {
        AttachTime: facts.launchTime,
        AttachmentId: idOf(layout, 'eniAttachment', eni),
        DeleteOnTermination: primary,
        DeviceIndex: owner.deviceIndex,
        NetworkCardIndex: 0,
        InstanceId: facts.id,
        InstanceOwnerId: layout.cell.accountId,
        Status: 'attached',
      },
    } satisfies Partial<NetworkInterface>);
  } else if (owner.kind === 'nat') {
    if (natIsPublic(layout, owner.nat)) publicSide = association(layout, addressPublicIp(layout, owner.nat), owner.nat);
    // NAT gateway interfaces are requester-managed: no groups, no source/dest check, no tags.
    Object.assign(base, {
      Description: `Interface for NAT Gateway ${idOf(layout, 'natGateway', owner.nat)}`,
      Groups: [],
      InterfaceType: NAT_INTERFACE,
      RequesterManaged: true,
      SourceDestCheck: false,
      Status: 'in-use',
      Attachment: {
        AttachTime: createdAt(layout.seed, layout.cell, 'ec2.nat_gateway', owner.nat),
        AttachmentId: `ela-attach-${idOf(layout, 'eniAttachment', eni).slice('eni-attach-'.length)}`,
        DeleteOnTermination: false,
        DeviceIndex: 1,
        InstanceOwnerId: 'amazon-aws',
        Status: 'attached',
      },
    } satisfies Partial<NetworkInterface>);
  } else {
    base.Description = 'detached interface';
    base.TagSet = tagsFor(layout.universe, layout.cell, 'ec2.network_interface', eni);
  }
  base.TagSet = tagList(base.TagSet ?? []);
  base.Association = publicSide;
  base.PrivateIpAddresses = [
    { Association: publicSide, Primary: true, PrivateDnsName: base.PrivateDnsName, PrivateIpAddress: base.PrivateIpAddress },
  ];
  return base;
}

function collection(layout: Layout): Collection<NetworkInterface> {
  return {
    total: layout.networkInterfaces,
    itemAt: (index) => networkInterfaceAt(layout, index),
    tags: (eni) => eni.TagSet,
    filters: {
      'network-interface-id': (n) => n.NetworkInterfaceId,
      'vpc-id': (n) => n.VpcId,
      'subnet-id': (n) => n.SubnetId,
      'availability-zone': (n) => n.AvailabilityZone,
      status: (n) => n.Status,
      'interface-type': (n) => n.InterfaceType,
      description: (n) => n.Description,
      'mac-address': (n) => n.MacAddress,
      'owner-id': (n) => n.OwnerId,
      'requester-managed': (n) => n.RequesterManaged,
      'source-dest-check': (n) => n.SourceDestCheck,
      'private-ip-address': (n) => n.PrivateIpAddress,
      'private-dns-name': (n) => n.PrivateDnsName,
      'addresses.private-ip-address': (n) => n.PrivateIpAddresses?.map((a) => a.PrivateIpAddress),
      'association.public-ip': (n) => n.Association?.PublicIp,
      'association.allocation-id': (n) => n.Association?.AllocationId,
      'association.association-id': (n) => n.Association?.AssociationId,
      'attachment.attachment-id': (n) => n.Attachment?.AttachmentId,
      'attachment.instance-id': (n) => n.Attachment?.InstanceId,
      'attachment.instance-owner-id': (n) => n.Attachment?.InstanceOwnerId,
      'attachment.device-index': (n) => n.Attachment?.DeviceIndex,
      'attachment.status': (n) => n.Attachment?.Status,
      'group-id': (n) => n.Groups?.map((g) => g.GroupId),
      'group-name': (n) => n.Groups?.map((g) => g.GroupName),
    },
  };
}

export const describeNetworkInterfaces: Handler = (input, ctx) => {
  const layout = layoutOf(ctx.universe, ctx.cell);
  return describe(input, ctx, collection(layout), {
    ids: [
      {
        key: 'NetworkInterfaceIds',
        indexOf: (id) => indexOfId(layout, 'networkInterface', id, layout.networkInterfaces),
        notFound: (missing) =>
          notFoundError('InvalidNetworkInterfaceID.NotFound', 'networkInterface', missing),
      },
    ],
  });
};

import type { Instance, InstanceNetworkInterface, NetworkInterface, Reservation } from '@aws-sdk/client-ec2';
import { tagsFor } from '../../data/common.js';
import { instanceProfileFor } from '../placement.js';
import type { Handler } from '../service.js';
import { describe, notFoundError, type Collection } from './describe.js';
import { WINDOWS_PLATFORM, instanceTypeFor } from './amis.js';
import { instanceFacts, type InstanceFacts } from './instance-facts.js';
import { dataVolumes, secondaryInterfaces } from './attachments.js';
import { choose, idOf, indexOfId, layoutOf, roll, type Layout } from './layout.js';
import { ipText, privateDnsName, publicDnsName } from './net.js';
import { networkInterfaceAt } from './network-interfaces.js';
import { volumeAt } from './volumes.js';

const keyNames = ['deploy', 'ops-admin', 'bastion', 'legacy-ec2', 'ci-runner'];

/** The instance's view of an interface repeats the interface minus what only DescribeNetworkInterfaces shows. */
function instanceInterface(eni: NetworkInterface): InstanceNetworkInterface {
  const association = eni.Association
    ? { IpOwnerId: eni.Association.IpOwnerId, PublicDnsName: eni.Association.PublicDnsName, PublicIp: eni.Association.PublicIp }
    : undefined;
  const attachment = eni.Attachment;
  return {
    Association: association,
    Attachment: attachment && {
      AttachTime: attachment.AttachTime,
      AttachmentId: attachment.AttachmentId,
      DeleteOnTermination: attachment.DeleteOnTermination,
      DeviceIndex: attachment.DeviceIndex,
      Status: attachment.Status,
      NetworkCardIndex: attachment.NetworkCardIndex,
    },
    Description: eni.Description,
    Groups: eni.Groups,
    Ipv6Addresses: [],
    MacAddress: eni.MacAddress,
    NetworkInterfaceId: eni.NetworkInterfaceId,
    OwnerId: eni.OwnerId,
    PrivateDnsName: eni.PrivateDnsName,
    PrivateIpAddress: eni.PrivateIpAddress,
    PrivateIpAddresses: eni.PrivateIpAddresses?.map((a) => ({
      Association: association,
      Primary: a.Primary,
      PrivateDnsName: a.PrivateDnsName,
      PrivateIpAddress: a.PrivateIpAddress,
    })),
    SourceDestCheck: eni.SourceDestCheck,
    Status: eni.Status,
    SubnetId: eni.SubnetId,
    VpcId: eni.VpcId,
    InterfaceType: eni.InterfaceType,
  };
}

function blockDevices(layout: Layout, facts: InstanceFacts): NonNullable<Instance['BlockDeviceMappings']> {
  return [facts.index, ...dataVolumes(layout, facts.index).map((d) => d.volume)].flatMap((volume) => {
    const attachment = volumeAt(layout, volume).Attachments?.[0];
    if (!attachment) return [];
    return [
      {
        DeviceName: attachment.Device,
        Ebs: {
          AttachTime: attachment.AttachTime,
          DeleteOnTermination: attachment.DeleteOnTermination,
          Status: 'attached' as const,
          VolumeId: attachment.VolumeId,
        },
      },
    ];
  });
}

function instanceAt(layout: Layout, instance: number): Instance {
  const facts = instanceFacts(layout, instance);
  const { base } = facts.image;
  const region = layout.cell.region;
  const account = layout.cell.accountId;
  const type = instanceTypeFor(layout, instance, base.architecture);
  const interfaces = [instance, ...secondaryInterfaces(layout, instance)].map((eni) => networkInterfaceAt(layout, eni));
  const primary = interfaces[0];
  const running = facts.state === 'running';
  // The profile of one of the account's EC2 roles, as IAM reports it; none where the account has no such role.
  const profile =
    roll(layout, 'instance-profile', instance) < 0.6 ? instanceProfileFor(layout.universe, account, region, 'ec2.instance', instance) : undefined;
  const key = roll(layout, 'instance-key', instance) < 0.7 ? keyNames[choose(layout, 'instance-key-name', instance, keyNames.length)] : undefined;
  const stoppedAt = new Date(facts.launchTime.getTime() + (1 + choose(layout, 'stopped-after', instance, 90)) * 86_400_000);
  return {
    AmiLaunchIndex: 0,
    ImageId: facts.image.id,
    InstanceId: facts.id,
    InstanceType: type.type,
    KeyName: key,
    LaunchTime: facts.launchTime,
    Monitoring: { State: roll(layout, 'instance-monitoring', instance) < 0.2 ? 'enabled' : 'disabled' },
    Placement: { AvailabilityZone: primary?.AvailabilityZone, GroupName: '', Tenancy: 'default' },
    Platform: base.windows ? WINDOWS_PLATFORM : undefined,
    PrivateDnsName: privateDnsName(facts.privateIp, region),
    PrivateIpAddress: ipText(facts.privateIp),
    ProductCodes: [],
    PublicDnsName: facts.publicIp === undefined ? '' : publicDnsName(facts.publicIp, region),
    PublicIpAddress: facts.publicIp === undefined ? undefined : ipText(facts.publicIp),
    State: running ? { Code: 16, Name: 'running' } : { Code: 80, Name: 'stopped' },
    StateTransitionReason: running ? '' : `User initiated (${stoppedAt.toISOString().slice(0, 19).replace('T', ' ')} GMT)`,
    StateReason: running ? undefined : { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' },
    SubnetId: primary?.SubnetId,
    VpcId: primary?.VpcId,
    Architecture: base.architecture,
    BlockDeviceMappings: blockDevices(layout, facts),
    // Terraform's token format: launch time plus a counter.
    ClientToken: `terraform-${facts.launchTime.toISOString().replace(/\D/g, '').slice(0, 14)}${String(instance).padStart(10, '0')}`,
    EbsOptimized: !type.type.startsWith('t'),
    EnaSupport: true,
    Hypervisor: 'xen',
    IamInstanceProfile: profile && { ...profile },
    NetworkInterfaces: interfaces.map(instanceInterface),
    RootDeviceName: base.rootDevice,
    RootDeviceType: 'ebs',
    SecurityGroups: primary?.Groups,
    SourceDestCheck: true,
    Tags: tagsFor(layout.universe, layout.cell, 'ec2.instance', instance, facts.name),
    VirtualizationType: 'hvm',
    CpuOptions: { CoreCount: type.coreCount, ThreadsPerCore: type.threadsPerCore },
    CapacityReservationSpecification: { CapacityReservationPreference: 'open' },
    HibernationOptions: { Configured: false },
    MetadataOptions: {
      State: 'applied',
      HttpTokens: roll(layout, 'instance-imdsv2', instance) < 0.7 ? 'required' : 'optional',
      HttpPutResponseHopLimit: 2,
      HttpEndpoint: 'enabled',
      HttpProtocolIpv6: 'disabled',
      InstanceMetadataTags: 'disabled',
    },
    EnclaveOptions: { Enabled: false },
    BootMode: base.bootMode,
    PlatformDetails: base.platformDetails,
    UsageOperation: base.usageOperation,
    UsageOperationUpdateTime: facts.launchTime,
    PrivateDnsNameOptions: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
    MaintenanceOptions: { AutoRecovery: 'default' },
    CurrentInstanceBootMode: base.architecture === 'arm64' ? 'uefi' : 'legacy-bios',
  };
}

/** One instance per reservation, as single RunInstances calls (and Auto Scaling) produce. */
function reservationAt(layout: Layout, instance: number): Reservation {
  return {
    Groups: [],
    Instances: [instanceAt(layout, instance)],
    OwnerId: layout.cell.accountId,
    ReservationId: idOf(layout, 'reservation', instance),
  };
}

function collection(layout: Layout): Collection<Reservation> {
  const one = (r: Reservation): Instance => r.Instances?.[0] ?? {};
  const interfaces = (r: Reservation) => one(r).NetworkInterfaces ?? [];
  return {
    total: layout.instances,
    itemAt: (index) => reservationAt(layout, index),
    tags: (r) => one(r).Tags,
    filters: {
      'instance-id': (r) => one(r).InstanceId,
      'instance-state-name': (r) => one(r).State?.Name,
      'instance-state-code': (r) => one(r).State?.Code,
      'instance-type': (r) => one(r).InstanceType,
      'vpc-id': (r) => one(r).VpcId,
      'subnet-id': (r) => one(r).SubnetId,
      'availability-zone': (r) => one(r).Placement?.AvailabilityZone,
      'image-id': (r) => one(r).ImageId,
      'key-name': (r) => one(r).KeyName,
      architecture: (r) => one(r).Architecture,
      platform: (r) => one(r).Platform,
      'platform-details': (r) => one(r).PlatformDetails,
      'private-ip-address': (r) => one(r).PrivateIpAddress,
      'private-dns-name': (r) => one(r).PrivateDnsName,
      'ip-address': (r) => one(r).PublicIpAddress,
      'dns-name': (r) => one(r).PublicDnsName,
      'owner-id': (r) => r.OwnerId,
      'reservation-id': (r) => r.ReservationId,
      'iam-instance-profile.arn': (r) => one(r).IamInstanceProfile?.Arn,
      'launch-time': (r) => one(r).LaunchTime?.toISOString(),
      'root-device-type': (r) => one(r).RootDeviceType,
      'instance.group-id': (r) => one(r).SecurityGroups?.map((g) => g.GroupId),
      'instance.group-name': (r) => one(r).SecurityGroups?.map((g) => g.GroupName),
      'group-id': (r) => one(r).SecurityGroups?.map((g) => g.GroupId),
      'group-name': (r) => one(r).SecurityGroups?.map((g) => g.GroupName),
      'network-interface.network-interface-id': (r) => interfaces(r).map((n) => n.NetworkInterfaceId),
      'network-interface.subnet-id': (r) => interfaces(r).map((n) => n.SubnetId),
      'block-device-mapping.volume-id': (r) => one(r).BlockDeviceMappings?.map((b) => b.Ebs?.VolumeId),
      'block-device-mapping.device-name': (r) => one(r).BlockDeviceMappings?.map((b) => b.DeviceName),
    },
  };
}

export const describeInstances: Handler = (input, ctx) => {
  const layout = layoutOf(ctx.universe, ctx.cell);
  return describe(input, ctx, collection(layout), {
    ids: [
      {
        key: 'InstanceIds',
        indexOf: (id) => indexOfId(layout, 'instance', id, layout.instances),
        notFound: (missing) => notFoundError('InvalidInstanceID.NotFound', 'instance', missing),
      },
    ],
  });
};

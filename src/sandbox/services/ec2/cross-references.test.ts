import type {
  Address,
  Image,
  InternetGateway,
  NatGateway,
  NetworkInterface,
  Reservation,
  RouteTable,
  SecurityGroup,
  Subnet,
  Volume,
  Vpc,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { Universe } from '../../data/universe.js';
import { iamCall } from '../iam/iam-testing.js';
import { testUniverse } from '../testing.js';
import { cidrContains, cidrSize, parseIp, usableAddresses, type Cidr } from './net.js';
import { collect, type Where } from './testing.js';

function cidr(text: string | undefined): Cidr {
  const [ip = '', prefix = ''] = (text ?? '').split('/');
  const base = parseIp(ip);
  if (base === undefined) throw new Error(`bad CIDR ${text}`);
  return { base, prefix: Number(prefix) };
}

function inside(ip: string | undefined, range: Cidr): boolean {
  const value = parseIp(ip ?? '');
  return value !== undefined && value >= range.base + 4 && value < range.base + cidrSize(range.prefix) - 1;
}

function byId<T>(items: T[], id: (item: T) => string | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const key = id(item);
    if (key === undefined) throw new Error('item without id');
    expect(map.has(key), `duplicate id ${key}`).toBe(false);
    map.set(key, item);
  }
  return map;
}

/** The instance profiles IAM reports for an account (GetAccountAuthorizationDetails): ARN -> id. */
async function instanceProfiles(universe: Universe, accountId: string): Promise<Map<string, string>> {
  const profiles = new Map<string, string>();
  let marker: unknown;
  do {
    const input = { Filter: ['Role'], MaxItems: 1000, ...(marker ? { Marker: marker } : {}) };
    const page = await iamCall(universe, 'GetAccountAuthorizationDetails', input, accountId);
    for (const role of page.RoleDetailList as Array<{ InstanceProfileList: Array<{ Arn: string; InstanceProfileId: string }> }>) {
      for (const profile of role.InstanceProfileList) profiles.set(profile.Arn, profile.InstanceProfileId);
    }
    marker = page.Marker;
  } while (marker);
  return profiles;
}

async function snapshot(universe: Universe, where: Where) {
  const all = async <T>(operation: string, key: string, input = {}) => (await collect<T>(universe, operation, key, input, where)).items;
  const reservations = await all<Reservation>('DescribeInstances', 'Reservations');
  return {
    instances: reservations.map((r) => r.Instances?.[0] ?? {}),
    reservations,
    vpcs: byId(await all<Vpc>('DescribeVpcs', 'Vpcs'), (v) => v.VpcId),
    subnets: byId(await all<Subnet>('DescribeSubnets', 'Subnets'), (s) => s.SubnetId),
    groups: byId(await all<SecurityGroup>('DescribeSecurityGroups', 'SecurityGroups'), (g) => g.GroupId),
    volumes: byId(await all<Volume>('DescribeVolumes', 'Volumes'), (v) => v.VolumeId),
    enis: byId(await all<NetworkInterface>('DescribeNetworkInterfaces', 'NetworkInterfaces'), (n) => n.NetworkInterfaceId),
    igws: byId(await all<InternetGateway>('DescribeInternetGateways', 'InternetGateways'), (g) => g.InternetGatewayId),
    nats: byId(await all<NatGateway>('DescribeNatGateways', 'NatGateways'), (n) => n.NatGatewayId),
    tables: byId(await all<RouteTable>('DescribeRouteTables', 'RouteTables'), (t) => t.RouteTableId),
    addresses: byId(await all<Address>('DescribeAddresses', 'Addresses'), (a) => a.AllocationId),
    images: byId(await all<Image>('DescribeImages', 'Images'), (i) => i.ImageId),
  };
}

// The default mix, a small scale where some cells have no custom VPC at all, and a dense one.
const universes = [testUniverse(), testUniverse({ scale: 300 }), testUniverse({ accounts: 1, regions: ['eu-west-1'], scale: 4000 })];

describe('EC2 cross-references', () => {
  for (const [n, universe] of universes.entries()) {
    it(`hold in both directions in every cell (universe ${n})`, async () => {
      let sawNoCustomVpc = false;
      let profiled = 0;
      for (const where of universe.cells('regional')) {
        const s = await snapshot(universe, where);
        const account = where.accountId;
        const profiles = await instanceProfiles(universe, account);
        const vpcOf = (id: string | undefined) => s.vpcs.get(id ?? '');
        if (s.vpcs.size === 1) sawNoCustomVpc = true;

        // A default VPC with its default subnets, group, main table and gateway.
        const defaults = [...s.vpcs.values()].filter((v) => v.IsDefault);
        expect(defaults.map((v) => v.CidrBlock)).toEqual(['172.31.0.0/16']);
        const defaultVpc = defaults[0]?.VpcId;
        const defaultSubnets = [...s.subnets.values()].filter((x) => x.DefaultForAz);
        expect(defaultSubnets.map((x) => x.AvailabilityZone).sort()).toEqual(['a', 'b', 'c'].map((z) => `${where.region}${z}`));
        expect(defaultSubnets.every((x) => x.VpcId === defaultVpc)).toBe(true);

        for (const vpc of s.vpcs.values()) {
          expect(vpc.OwnerId).toBe(account);
          const groups = [...s.groups.values()].filter((g) => g.VpcId === vpc.VpcId && g.GroupName === 'default');
          expect(groups).toHaveLength(1);
          const mains = [...s.tables.values()].filter((t) => t.VpcId === vpc.VpcId && t.Associations?.some((a) => a.Main));
          expect(mains).toHaveLength(1);
          const gateways = [...s.igws.values()].filter((g) => g.Attachments?.some((a) => a.VpcId === vpc.VpcId));
          expect(gateways.length).toBeLessThanOrEqual(1);
          if (vpc.IsDefault) expect(gateways).toHaveLength(1);
        }

        // Subnets lie in their VPC without overlapping; free addresses account for every interface.
        const subnetList = [...s.subnets.values()];
        for (const subnet of subnetList) {
          const vpc = vpcOf(subnet.VpcId);
          expect(vpc).toBeDefined();
          expect(cidrContains(cidr(vpc?.CidrBlock), cidr(subnet.CidrBlock))).toBe(true);
          const residents = [...s.enis.values()].filter((e) => e.SubnetId === subnet.SubnetId).length;
          expect(subnet.AvailableIpAddressCount).toBe(usableAddresses(cidr(subnet.CidrBlock).prefix) - residents);
        }
        for (const [i, a] of subnetList.entries()) {
          for (const b of subnetList.slice(i + 1)) {
            if (a.VpcId !== b.VpcId) continue;
            const x = cidr(a.CidrBlock);
            const y = cidr(b.CidrBlock);
            expect(x.base + cidrSize(x.prefix) <= y.base || y.base + cidrSize(y.prefix) <= x.base).toBe(true);
          }
        }

        // Interfaces: inside their subnet, unique addresses per VPC, owners that point back.
        const addressesInVpc = new Set<string>();
        for (const eni of s.enis.values()) {
          const subnet = s.subnets.get(eni.SubnetId ?? '');
          expect(subnet?.VpcId).toBe(eni.VpcId);
          expect(eni.AvailabilityZone).toBe(subnet?.AvailabilityZone);
          expect(inside(eni.PrivateIpAddress, cidr(subnet?.CidrBlock))).toBe(true);
          const key = `${eni.VpcId}/${eni.PrivateIpAddress}`;
          expect(addressesInVpc.has(key), key).toBe(false);
          addressesInVpc.add(key);
          for (const group of eni.Groups ?? []) expect(s.groups.get(group.GroupId ?? '')?.VpcId).toBe(eni.VpcId);
          const instanceId = eni.Attachment?.InstanceId;
          if (instanceId) {
            const instance = s.instances.find((x) => x.InstanceId === instanceId);
            const listed = instance?.NetworkInterfaces?.find((x) => x.NetworkInterfaceId === eni.NetworkInterfaceId);
            expect(listed?.Attachment?.DeviceIndex).toBe(eni.Attachment?.DeviceIndex);
            expect(eni.Status).toBe('in-use');
          }
          if (String(eni.InterfaceType) === 'nat_gateway') {
            const nat = [...s.nats.values()].find((x) => x.NatGatewayAddresses?.[0]?.NetworkInterfaceId === eni.NetworkInterfaceId);
            expect(nat?.SubnetId).toBe(eni.SubnetId);
          }
          if (eni.Association?.AllocationId) {
            expect(s.addresses.get(eni.Association.AllocationId)?.PublicIp).toBe(eni.Association.PublicIp);
          }
        }

        // Instances and everything they name.
        for (const instance of s.instances) {
          const subnet = s.subnets.get(instance.SubnetId ?? '');
          expect(subnet?.VpcId).toBe(instance.VpcId);
          expect(vpcOf(instance.VpcId)).toBeDefined();
          expect(instance.Placement?.AvailabilityZone).toBe(subnet?.AvailabilityZone);
          expect(inside(instance.PrivateIpAddress, cidr(subnet?.CidrBlock))).toBe(true);
          expect(s.images.has(instance.ImageId ?? '')).toBe(true);
          // The profile is one IAM lists for a role of this account, with the same ARN and id.
          if (instance.IamInstanceProfile) {
            const { Arn = '', Id } = instance.IamInstanceProfile;
            expect(profiles.has(Arn), `${Arn} is not an instance profile of ${account}`).toBe(true);
            expect(Id).toBe(profiles.get(Arn));
            profiled += 1;
          }
          expect(instance.SecurityGroups?.length).toBeGreaterThan(0);
          for (const group of instance.SecurityGroups ?? []) {
            expect(s.groups.get(group.GroupId ?? '')?.VpcId).toBe(instance.VpcId);
            expect(s.groups.get(group.GroupId ?? '')?.GroupName).toBe(group.GroupName);
          }
          const interfaces = instance.NetworkInterfaces ?? [];
          expect(interfaces[0]?.PrivateIpAddress).toBe(instance.PrivateIpAddress);
          for (const listed of interfaces) {
            const eni = s.enis.get(listed.NetworkInterfaceId ?? '');
            expect(eni?.Attachment?.InstanceId).toBe(instance.InstanceId);
            expect(eni?.AvailabilityZone).toBe(instance.Placement?.AvailabilityZone);
          }
          expect(new Set(interfaces.map((x) => x.Attachment?.DeviceIndex)).size).toBe(interfaces.length);
          const devices = instance.BlockDeviceMappings ?? [];
          expect(new Set(devices.map((d) => d.DeviceName)).size).toBe(devices.length);
          expect(devices[0]?.DeviceName).toBe(instance.RootDeviceName);
          for (const device of devices) {
            const volume = s.volumes.get(device.Ebs?.VolumeId ?? '');
            expect(volume?.AvailabilityZone).toBe(instance.Placement?.AvailabilityZone);
            expect(volume?.Attachments?.[0]).toMatchObject({ InstanceId: instance.InstanceId, Device: device.DeviceName });
            expect(volume?.Attachments?.[0]?.DeleteOnTermination).toBe(device.DeviceName === instance.RootDeviceName);
          }
          if (instance.State?.Name === 'stopped') expect(instance.StateTransitionReason).toMatch(/^User initiated/);
        }
        expect(new Set(s.instances.map((i) => i.State?.Name))).toSatisfy((states: Set<string>) =>
          [...states].every((x) => x === 'running' || x === 'stopped'),
        );

        // Every attached volume is listed by its instance under the same device.
        for (const volume of s.volumes.values()) {
          for (const attachment of volume.Attachments ?? []) {
            const instance = s.instances.find((i) => i.InstanceId === attachment.InstanceId);
            const mapping = instance?.BlockDeviceMappings?.find((m) => m.Ebs?.VolumeId === volume.VolumeId);
            expect(mapping?.DeviceName).toBe(attachment.Device);
          }
          expect(volume.State).toBe((volume.Attachments ?? []).length > 0 ? 'in-use' : 'available');
        }

        // Security group rules name groups of the same VPC.
        for (const group of s.groups.values()) {
          expect(vpcOf(group.VpcId)).toBeDefined();
          for (const rule of group.IpPermissions ?? []) {
            for (const pair of rule.UserIdGroupPairs ?? []) expect(s.groups.get(pair.GroupId ?? '')?.VpcId).toBe(group.VpcId);
          }
        }

        // Route tables: subnets of the same VPC, one explicit association per subnet, live targets.
        const associated = new Set<string>();
        for (const table of s.tables.values()) {
          expect(vpcOf(table.VpcId)).toBeDefined();
          for (const association of table.Associations ?? []) {
            expect(association.RouteTableId).toBe(table.RouteTableId);
            if (!association.SubnetId) continue;
            expect(s.subnets.get(association.SubnetId)?.VpcId).toBe(table.VpcId);
            expect(associated.has(association.SubnetId)).toBe(false);
            associated.add(association.SubnetId);
          }
          for (const route of table.Routes ?? []) {
            if (route.GatewayId?.startsWith('igw-')) {
              expect(s.igws.get(route.GatewayId)?.Attachments?.[0]?.VpcId).toBe(table.VpcId);
            }
            if (route.NatGatewayId) expect(s.nats.get(route.NatGatewayId)?.VpcId).toBe(table.VpcId);
          }
        }

        // NAT gateways sit in a subnet of their VPC on their own interface, public ones on an EIP.
        for (const nat of s.nats.values()) {
          expect(s.subnets.get(nat.SubnetId ?? '')?.VpcId).toBe(nat.VpcId);
          const address = nat.NatGatewayAddresses?.[0];
          const eni = s.enis.get(address?.NetworkInterfaceId ?? '');
          expect(String(eni?.InterfaceType)).toBe('nat_gateway');
          expect(eni?.PrivateIpAddress).toBe(address?.PrivateIp);
          if (nat.ConnectivityType === 'public') {
            const eip = s.addresses.get(address?.AllocationId ?? '');
            expect(eip?.NetworkInterfaceId).toBe(eni?.NetworkInterfaceId);
            expect(eip?.PublicIp).toBe(address?.PublicIp);
            expect(s.igws.size).toBeGreaterThan(0);
          }
        }

        // Elastic IPs point at an instance's primary interface or a NAT gateway's interface.
        for (const address of s.addresses.values()) {
          if (!address.AssociationId) {
            expect(address.NetworkInterfaceId).toBeUndefined();
            continue;
          }
          const eni = s.enis.get(address.NetworkInterfaceId ?? '');
          expect(eni?.PrivateIpAddress).toBe(address.PrivateIpAddress);
          expect(eni?.Association?.PublicIp).toBe(address.PublicIp);
          if (address.InstanceId) {
            const instance = s.instances.find((i) => i.InstanceId === address.InstanceId);
            expect(instance?.PublicIpAddress).toBe(address.PublicIp);
            expect(instance?.NetworkInterfaces?.[0]?.NetworkInterfaceId).toBe(address.NetworkInterfaceId);
          } else {
            expect(String(eni?.InterfaceType)).toBe('nat_gateway');
          }
        }
      }
      if (n === 1) expect(sawNoCustomVpc).toBe(true);
      expect(profiled).toBeGreaterThan(0);
    });
  }
});

import type { Address, Instance, NatGateway, NetworkInterface, Reservation, SecurityGroup, Subnet, Volume, Vpc } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { testUniverse } from '../testing.js';
import { call, collect } from './testing.js';

const universe = testUniverse({ scale: 6000 });
const other = universe.org.accounts[1]?.id ?? '';

async function instances(input = {}): Promise<Instance[]> {
  const { items } = await collect<Reservation>(universe, 'DescribeInstances', 'Reservations', input);
  return items.map((r) => r.Instances?.[0] ?? {});
}

/** The item's own id; a reservation's is its instance's. */
function idOfItem(item: Record<string, unknown> | undefined, idKey: string): string {
  const instance = (item?.Instances as Array<Record<string, unknown>> | undefined)?.[0];
  const value = (instance ?? item)?.[idKey];
  return typeof value === 'string' ? value : '';
}

describe('EC2 id lookups', () => {
  const cases = [
    { operation: 'DescribeInstances', key: 'InstanceIds',
      idKey: 'InstanceId', result: 'Reservations', code: 'InvalidInstanceID.NotFound', prefix: 'i' },
    { operation: 'DescribeVpcs', key: 'VpcIds',
      idKey: 'VpcId', result: 'Vpcs', code: 'InvalidVpcID.NotFound', prefix: 'vpc' },
    { operation: 'DescribeSubnets', key: 'SubnetIds',
      idKey: 'SubnetId', result: 'Subnets', code: 'InvalidSubnetID.NotFound', prefix: 'subnet' },
    { operation: 'DescribeSecurityGroups', key: 'GroupIds',
      idKey: 'GroupId', result: 'SecurityGroups', code: 'InvalidGroup.NotFound', prefix: 'sg' },
    { operation: 'DescribeVolumes', key: 'VolumeIds',
      idKey: 'VolumeId', result: 'Volumes', code: 'InvalidVolume.NotFound', prefix: 'vol' },
    {
      operation: 'DescribeNetworkInterfaces',
      key: 'NetworkInterfaceIds',
      idKey: 'NetworkInterfaceId',
      result: 'NetworkInterfaces',
      code: 'InvalidNetworkInterfaceID.NotFound',
      prefix: 'eni',
    },
    {
      operation: 'DescribeInternetGateways',
      key: 'InternetGatewayIds',
      idKey: 'InternetGatewayId',
      result: 'InternetGateways',
      code: 'InvalidInternetGatewayID.NotFound',
      prefix: 'igw',
    },
    { operation: 'DescribeNatGateways', key: 'NatGatewayIds',
      idKey: 'NatGatewayId', result: 'NatGateways', code: 'NatGatewayNotFound', prefix: 'nat' },
    { operation: 'DescribeRouteTables', key: 'RouteTableIds',
      idKey: 'RouteTableId', result: 'RouteTables', code: 'InvalidRouteTableID.NotFound', prefix: 'rtb' },
    { operation: 'DescribeAddresses', key: 'AllocationIds',
      idKey: 'AllocationId', result: 'Addresses', code: 'InvalidAllocationID.NotFound', prefix: 'eipalloc' },
    { operation: 'DescribeImages', key: 'ImageIds',
      idKey: 'ImageId', result: 'Images', code: 'InvalidAMIID.NotFound', prefix: 'ami' },
  ] as const;

  for (const c of cases) {
    it(`${c.operation} returns exactly the ${c.key} asked for and names unknown ones`, async () => {
      const input = c.operation === 'DescribeImages' ? { Owners: ['self'] } : {};
      const { items } = await collect<Record<string, unknown>>(universe, c.operation, c.result, input);
      expect(items.length).toBeGreaterThanOrEqual(3);
      const picked = [items[items.length - 1], items[0], items[1]];
      const ids = picked.map((item) => idOfItem(item, c.idKey));
      expect(ids.every((id) => id.startsWith(`${c.prefix}-`))).toBe(true);
      const found = await call(universe, c.operation, { [c.key]: ids });
      expect(found[c.result]).toEqual(picked);
      // Ids of another account's items do not exist here, as across accounts in AWS.
      const { items: theirs } = await collect<Record<string, unknown>>(universe, c.operation, c.result, input, { accountId: other });
      const foreign = idOfItem(theirs[0], c.idKey);
      expect(foreign).not.toBe('');
      const failure = call(universe, c.operation, { [c.key]: [ids[0], foreign] });
      await expect(failure).rejects.toMatchObject({ code: c.code, status: 400 });
      await expect(failure).rejects.toThrow(foreign);
    });
  }

  it('words the errors as EC2 does', async () => {
    await expect(call(universe, 'DescribeInstances', { InstanceIds: ['i-0123456789abcdef0'] })).rejects.toThrow(
      "The instance ID 'i-0123456789abcdef0' does not exist",
    );
    await expect(call(universe, 'DescribeInstances', { InstanceIds: ['i-0123456789abcdef0', 'i-0123456789abcdef1'] })).rejects.toThrow(
      "The instance IDs 'i-0123456789abcdef0, i-0123456789abcdef1' do not exist",
    );
    await expect(call(universe, 'DescribeImages', { ImageIds: ['ami-0123456789abcdef0'] })).rejects.toThrow(
      "The image id '[ami-0123456789abcdef0]' does not exist",
    );
    await expect(call(universe, 'DescribeAddresses', { PublicIps: ['203.0.113.9'] })).rejects.toMatchObject({
      code: 'InvalidAddress.NotFound',
      message: "Address '203.0.113.9' not found.",
    });
  });

  it('finds Elastic IPs by public address and security groups of the default VPC by name', async () => {
    const { items } = await collect<Address>(universe, 'DescribeAddresses', 'Addresses');
    const wanted = items.slice(1, 3);
    const found = await call(universe, 'DescribeAddresses', { PublicIps: wanted.map((a) => a.PublicIp) });
    expect(found.Addresses).toEqual(wanted);

    const vpcs = await collect<Vpc>(universe, 'DescribeVpcs', 'Vpcs', { Filters: [{ Name: 'is-default', Values: ['true'] }] });
    const groups = await collect<SecurityGroup>(universe, 'DescribeSecurityGroups', 'SecurityGroups');
    const inDefault = groups.items.filter((g) => g.VpcId === vpcs.items[0]?.VpcId);
    expect(inDefault.length).toBeGreaterThan(1);
    const byName = await call(universe, 'DescribeSecurityGroups', { GroupNames: inDefault.map((g) => g.GroupName) });
    expect(byName.SecurityGroups).toEqual(inDefault);
    const custom = groups.items.find((g) => g.VpcId !== vpcs.items[0]?.VpcId && g.GroupName !== 'default');
    await expect(call(universe, 'DescribeSecurityGroups', { GroupNames: [custom?.GroupName] })).rejects.toMatchObject({
      code: 'InvalidGroup.NotFound',
    });
  });
});

describe('EC2 filters', () => {
  it('splits instances by state and narrows them by VPC, subnet, zone, tag and id', async () => {
    const everything = await instances();
    const running = await instances({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }] });
    const stopped = await instances({ Filters: [{ Name: 'instance-state-name', Values: ['stopped'] }] });
    expect(running.length).toBeGreaterThan(0);
    expect(stopped.length).toBeGreaterThan(0);
    expect(running.length + stopped.length).toBe(everything.length);
    expect(stopped.every((i) => i.State?.Name === 'stopped')).toBe(true);

    const sample = everything[7] ?? {};
    for (const [name, value, pick] of [
      ['vpc-id', sample.VpcId, (i: Instance) => i.VpcId],
      ['subnet-id', sample.SubnetId, (i: Instance) => i.SubnetId],
      ['availability-zone', sample.Placement?.AvailabilityZone, (i: Instance) => i.Placement?.AvailabilityZone],
      ['instance-id', sample.InstanceId, (i: Instance) => i.InstanceId],
      ['tag:Name', sample.Tags?.[0]?.Value, (i: Instance) => i.Tags?.find((t) => t.Key === 'Name')?.Value],
    ] as const) {
      const expected = everything.filter((i) => pick(i) === value);
      expect(expected.length).toBeGreaterThan(0);
      expect(await instances({ Filters: [{ Name: name, Values: [value] }] })).toEqual(expected);
    }
    // Several filters must all match; several values of one filter may any match; * is a wildcard.
    const both = await instances({
      Filters: [
        { Name: 'vpc-id', Values: [sample.VpcId] },
        { Name: 'instance-state-name', Values: ['running', 'stopped'] },
      ],
    });
    expect(both).toEqual(everything.filter((i) => i.VpcId === sample.VpcId));
    const wild = await instances({ Filters: [{ Name: 'tag:Name', Values: ['*-development-*'] }] });
    expect(wild).toEqual(everything.filter((i) => /-development-/.test(i.Tags?.find((t) => t.Key === 'Name')?.Value ?? '')));
    // Filtered pages of 5 add up to the unpaged answer.
    expect(await instances({ MaxResults: 5, Filters: [{ Name: 'instance-state-name', Values: ['stopped'] }] })).toEqual(stopped);
  });

  it('supports the common filters of the other families', async () => {
    const vpcs = await collect<Vpc>(universe, 'DescribeVpcs', 'Vpcs', { Filters: [{ Name: 'is-default', Values: ['false'] }] });
    expect(vpcs.items.length).toBeGreaterThan(0);
    expect(vpcs.items.every((v) => v.IsDefault === false)).toBe(true);
    const vpcId = vpcs.items[0]?.VpcId ?? '';

    const subnets = await collect<Subnet>(universe, 'DescribeSubnets', 'Subnets', { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] });
    expect(subnets.items.length).toBeGreaterThan(0);
    expect(subnets.items.every((s) => s.VpcId === vpcId)).toBe(true);

    const groups = await collect<SecurityGroup>(universe, 'DescribeSecurityGroups', 'SecurityGroups', {
      Filters: [{ Name: 'group-name', Values: ['default'] }],
    });
    expect(groups.items).toHaveLength((await collect<Vpc>(universe, 'DescribeVpcs', 'Vpcs')).items.length);

    const instance = (await instances())[0] ?? {};
    const volumes = await collect<Volume>(universe, 'DescribeVolumes', 'Volumes', {
      Filters: [{ Name: 'attachment.instance-id', Values: [instance.InstanceId] }],
    });
    expect(volumes.items.map((v) => v.VolumeId)).toEqual(instance.BlockDeviceMappings?.map((b) => b.Ebs?.VolumeId));

    const enis = await collect<NetworkInterface>(universe, 'DescribeNetworkInterfaces', 'NetworkInterfaces', {
      Filters: [{ Name: 'attachment.instance-id', Values: [instance.InstanceId] }],
    });
    expect(enis.items.map((n) => n.NetworkInterfaceId)).toEqual(instance.NetworkInterfaces?.map((n) => n.NetworkInterfaceId));

    const available = await collect<Volume>(universe, 'DescribeVolumes', 'Volumes', { Filters: [{ Name: 'status', Values: ['available'] }] });
    expect(available.items.every((v) => (v.Attachments ?? []).length === 0)).toBe(true);

    // DescribeNatGateways calls its filter list Filter.
    const nats = await collect<NatGateway>(universe, 'DescribeNatGateways', 'NatGateways');
    const natVpc = nats.items[0]?.VpcId ?? '';
    const inVpc = await collect<NatGateway>(universe, 'DescribeNatGateways', 'NatGateways', { Filter: [{ Name: 'vpc-id', Values: [natVpc] }] });
    expect(inVpc.items).toEqual(nats.items.filter((n) => n.VpcId === natVpc));

    const owned = await collect<Vpc>(universe, 'DescribeVpcs', 'Vpcs', { Filters: [{ Name: 'owner-id', Values: [other] }] });
    expect(owned.items).toEqual([]);
  });

  it('rejects filters it does not know, as EC2 does', async () => {
    await expect(call(universe, 'DescribeInstances', { Filters: [{ Name: 'colour', Values: ['red'] }] })).rejects.toMatchObject({
      code: 'InvalidParameterValue',
      message: "The filter 'colour' is invalid",
    });
    await expect(call(universe, 'DescribeVpcs', { Filters: [{ Name: 'instance-state-name', Values: ['running'] }] })).rejects.toMatchObject({
      code: 'InvalidParameterValue',
    });
  });
});

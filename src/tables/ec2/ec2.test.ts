import { DescribeImagesCommand, DescribeInstancesCommand, DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import type { SyncSummary } from '../../engine/summary.js';
import type { Table } from '../../engine/table.js';
import { knownRegions } from '../../sandbox/data/regions.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { ec2EbsVolumes } from './ebs-volumes.js';
import { ec2Eips } from './eips.js';
import { ec2Images } from './images.js';
import { ec2Tables } from './index.js';
import { ec2Instances, stateTransitionReasonTime } from './instances.js';
import { ec2InternetGateways } from './internet-gateways.js';
import { ec2NatGateways } from './nat-gateways.js';
import { ec2NetworkInterfaces } from './network-interfaces.js';
import { awsRegions, regionEnabled } from './regions.js';
import { ec2RouteTables } from './route-tables.js';
import { ec2SecurityGroups } from './security-groups.js';
import { ec2Subnets } from './subnets.js';
import { ec2Vpcs } from './vpcs.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** Regional tables, the sandbox kind each one must match, and CloudQuery's ARN resource type. */
const regional: Array<{ table: Table; kind: string; arn?: RegExp }> = [
  { table: ec2Instances, kind: 'ec2.instance', arn: /^arn:aws:ec2:[a-z0-9-]+:\d{12}:instance\/i-[0-9a-f]+$/ },
  { table: ec2Vpcs, kind: 'ec2.vpc', arn: /^arn:aws:ec2:[a-z0-9-]+:\d{12}:vpc\/vpc-[0-9a-f]+$/ },
  { table: ec2Subnets, kind: 'ec2.subnet', arn: /^arn:aws:ec2:[a-z0-9-]+:\d{12}:subnet\/subnet-[0-9a-f]+$/ },
  { table: ec2SecurityGroups, kind: 'ec2.security_group', arn: /^arn:aws:ec2:[a-z0-9-]+:\d{12}:security-group\/sg-[0-9a-f]+$/ },
  { table: ec2EbsVolumes, kind: 'ec2.volume', arn: /^arn:aws:ec2:[a-z0-9-]+:\d{12}:volume\/vol-[0-9a-f]+$/ },
  { table: ec2NetworkInterfaces, kind: 'ec2.network_interface', arn: /^arn:aws:ec2:[a-z0-9-]+:\d{12}:network-interface\/eni-[0-9a-f]+$/ },
  { table: ec2InternetGateways, kind: 'ec2.internet_gateway', arn: /^arn:aws:ec2:[a-z0-9-]+:\d{12}:internet-gateway\/igw-[0-9a-f]+$/ },
  { table: ec2NatGateways, kind: 'ec2.nat_gateway', arn: /^arn:aws:ec2:[a-z0-9-]+:\d{12}:natgateway\/nat-[0-9a-f]+$/ },
  { table: ec2RouteTables, kind: 'ec2.route_table', arn: /^arn:aws:ec2:[a-z0-9-]+:\d{12}:route-table\/rtb-[0-9a-f]+$/ },
  { table: ec2Eips, kind: 'ec2.eip' },
  { table: ec2Images, kind: 'ec2.image', arn: /^arn:aws:ec2:[a-z0-9-]+:\d{12}:image\/ami-[0-9a-f]+$/ },
];

/** CloudQuery's documented columns (plugins/source/aws/docs/tables/<table>.md), each verified against its docs. */
const documented: Record<string, string[]> = {
  aws_ec2_instances: ['account_id', 'region', 'arn', 'state_transition_reason_time', 'ami_launch_index', 'architecture', 'block_device_mappings', 'boot_mode', 'capacity_reservation_id', 'capacity_reservation_specification', 'client_token', 'cpu_options', 'ebs_optimized', 'elastic_gpu_associations', 'elastic_inference_accelerator_associations', 'ena_support', 'enclave_options', 'hibernation_options', 'hypervisor', 'iam_instance_profile', 'image_id', 'instance_id', 'instance_lifecycle', 'instance_type', 'kernel_id', 'key_name', 'launch_time', 'licenses', 'maintenance_options', 'metadata_options', 'monitoring', 'network_interfaces', 'outpost_arn', 'placement', 'platform', 'platform_details', 'private_dns_name', 'private_dns_name_options', 'private_ip_address', 'product_codes', 'public_dns_name', 'public_ip_address', 'ramdisk_id', 'root_device_name', 'root_device_type', 'security_groups', 'source_dest_check', 'spot_instance_request_id', 'sriov_net_support', 'state', 'state_reason', 'state_transition_reason', 'subnet_id', 'tags', 'tpm_support', 'usage_operation', 'usage_operation_update_time', 'virtualization_type', 'vpc_id'],
  aws_ec2_vpcs: ['account_id', 'region', 'arn', 'cidr_block', 'cidr_block_association_set', 'dhcp_options_id', 'instance_tenancy', 'ipv6_cidr_block_association_set', 'is_default', 'owner_id', 'state', 'tags', 'vpc_id'],
  aws_ec2_subnets: ['request_account_id', 'request_region', 'arn', 'tags', 'assign_ipv6_address_on_creation', 'availability_zone', 'availability_zone_id', 'available_ip_address_count', 'cidr_block', 'customer_owned_ipv4_pool', 'default_for_az', 'enable_dns64', 'ipv6_cidr_block_association_set', 'ipv6_native', 'map_customer_owned_ip_on_launch', 'map_public_ip_on_launch', 'outpost_arn', 'owner_id', 'private_dns_name_options_on_launch', 'state', 'subnet_arn', 'subnet_id', 'vpc_id'],
  aws_ec2_security_groups: ['account_id', 'region', 'arn', 'description', 'group_id', 'group_name', 'ip_permissions', 'ip_permissions_egress', 'owner_id', 'tags', 'vpc_id'],
  aws_ec2_ebs_volumes: ['account_id', 'region', 'arn', 'attachments', 'availability_zone', 'create_time', 'encrypted', 'fast_restored', 'iops', 'kms_key_id', 'multi_attach_enabled', 'outpost_arn', 'size', 'snapshot_id', 'state', 'tags', 'throughput', 'volume_id', 'volume_type'],
  aws_ec2_network_interfaces: ['account_id', 'region', 'arn', 'tags', 'association', 'attachment', 'availability_zone', 'deny_all_igw_traffic', 'description', 'groups', 'interface_type', 'ipv4_prefixes', 'ipv6_address', 'ipv6_addresses', 'ipv6_native', 'ipv6_prefixes', 'mac_address', 'network_interface_id', 'outpost_arn', 'owner_id', 'private_dns_name', 'private_ip_address', 'private_ip_addresses', 'requester_id', 'requester_managed', 'source_dest_check', 'status', 'subnet_id', 'vpc_id'],
  aws_ec2_internet_gateways: ['account_id', 'region', 'arn', 'tags', 'attachments', 'internet_gateway_id', 'owner_id'],
  aws_ec2_nat_gateways: ['account_id', 'region', 'arn', 'connectivity_type', 'create_time', 'delete_time', 'failure_code', 'failure_message', 'nat_gateway_addresses', 'nat_gateway_id', 'provisioned_bandwidth', 'state', 'subnet_id', 'tags', 'vpc_id'],
  aws_ec2_route_tables: ['account_id', 'region', 'arn', 'tags', 'associations', 'owner_id', 'propagating_vgws', 'route_table_id', 'routes', 'vpc_id'],
  aws_ec2_eips: ['account_id', 'region', 'tags', 'allocation_id', 'association_id', 'carrier_ip', 'customer_owned_ip', 'customer_owned_ipv4_pool', 'domain', 'instance_id', 'network_border_group', 'network_interface_id', 'network_interface_owner_id', 'private_ip_address', 'public_ip', 'public_ipv4_pool'],
  aws_ec2_images: ['account_id', 'region', 'arn', 'tags', 'architecture', 'block_device_mappings', 'boot_mode', 'creation_date', 'deprecation_time', 'description', 'ena_support', 'hypervisor', 'image_id', 'image_location', 'image_owner_alias', 'image_type', 'imds_support', 'kernel_id', 'name', 'owner_id', 'platform', 'platform_details', 'product_codes', 'public', 'ramdisk_id', 'root_device_name', 'root_device_type', 'sriov_net_support', 'state', 'state_reason', 'tpm_support', 'usage_operation', 'virtualization_type'],
  aws_regions: ['account_id', 'enabled', 'partition', 'region', 'endpoint', 'opt_in_status', 'region_name'],
};

/** CloudQuery's primary keys, as its docs state them. */
const primaryKeys: Record<string, string[]> = {
  aws_ec2_instances: ['arn'],
  aws_ec2_vpcs: ['arn'],
  aws_ec2_subnets: ['request_account_id', 'request_region', 'arn'],
  aws_ec2_security_groups: ['arn'],
  aws_ec2_ebs_volumes: ['arn'],
  aws_ec2_network_interfaces: ['arn'],
  aws_ec2_internet_gateways: ['arn'],
  aws_ec2_nat_gateways: ['arn'],
  aws_ec2_route_tables: ['arn'],
  aws_ec2_eips: ['account_id', 'region', 'allocation_id'],
  aws_ec2_images: ['account_id', 'region', 'arn'],
  aws_regions: ['account_id', 'region'],
};

describe('ec2 tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  let accounts: string[];
  const clients: EC2Client[] = [];
  const sdk = (accountId: string, region: string): EC2Client => {
    const client = new EC2Client({ endpoint: sandbox.endpoint, region, credentials: sandbox.credentialsFor(accountId), maxAttempts: 1 });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: REGIONS });
    accounts = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
    ({ destination, summary } = await syncFromSandbox(sandbox, ec2Tables));
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await sandbox.close();
  });

  const rows = (table: Table) => destination.rows(table.name);

  it('registers every table of the brief, each with CloudQuery\'s primary key', () => {
    expect(ec2Tables.map((t) => t.name).sort()).toEqual(Object.keys(primaryKeys).sort());
    for (const table of ec2Tables) {
      const keys = table.schema.columns.filter((c) => c.primaryKey).map((c) => c.name);
      expect(keys, table.name).toEqual(primaryKeys[table.name]);
    }
  });

  it('syncs every partition without a failure', () => {
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
    expect(summary.partitions.filter((p) => p.table === 'aws_ec2_instances')).toHaveLength(accounts.length * REGIONS.length);
  });

  it.each(regional.map((r) => [r.table.name, r] as const))('%s has exactly the truth per account and region', (_name, { table, kind }) => {
    expect(truthCount(sandbox, kind)).toBeGreaterThan(0);
    for (const account of accounts) {
      for (const region of REGIONS) {
        const got = rows(table).filter((r) => r.account_id === account && r.region === region).length;
        expect(got, `${table.name} ${account} ${region}`).toBe(truthCount(sandbox, kind, account, region));
      }
    }
  });

  it.each(ec2Tables.map((t) => [t.name, t] as const))('%s has unique non-null keys, unique _cq_ids and no parent', (_name, table) => {
    const all = rows(table);
    expect(all.length).toBeGreaterThan(0);
    const keyColumns = primaryKeys[table.name] ?? [];
    for (const row of all) for (const key of keyColumns) expect(row[key], `${table.name}.${key}`).toEqual(expect.any(String));
    expect(new Set(all.map((r) => JSON.stringify(keyColumns.map((k) => r[k])))).size).toBe(all.length);
    expect(new Set(all.map((r) => r._cq_id)).size).toBe(all.length);
    // None of these tables is a child, so none may point at a parent.
    expect(all.every((r) => r._cq_parent_id === null)).toBe(true);
  });

  it.each(regional.filter((r) => r.arn).map((r) => [r.table.name, r] as const))('%s builds ARNs in CloudQuery\'s format', (_name, { table, arn }) => {
    for (const row of rows(table)) {
      expect(row.arn).toMatch(arn ?? /$^/);
      expect(String(row.arn).split(':')[3]).toBe(row.region);
    }
  });

  it.each(ec2Tables.map((t) => [t.name, t] as const))('%s has CloudQuery\'s documented columns', (_name, table) => {
    const names = new Set(table.schema.columns.map((c) => c.name));
    const missing = (documented[table.name] ?? []).filter((c) => !names.has(c));
    expect(missing).toEqual([]);
  });

  it('matches what the SDK returns for instances: ids, tags as an object, transition times', async () => {
    const [account] = accounts;
    if (!account) throw new Error('no account');
    const out = await sdk(account, 'us-east-1').send(new DescribeInstancesCommand({ MaxResults: 1000 }));
    const instances = out.Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
    expect(instances.length).toBeGreaterThan(0);
    const byId = new Map(rows(ec2Instances).filter((r) => r.account_id === account && r.region === 'us-east-1').map((r) => [r.instance_id, r]));
    for (const instance of instances) {
      const row = byId.get(instance.InstanceId);
      expect(row?.arn).toBe(`arn:aws:ec2:us-east-1:${account}:instance/${String(instance.InstanceId)}`);
      expect(row?.tags).toEqual(Object.fromEntries((instance.Tags ?? []).map((t) => [t.Key, t.Value ?? ''])));
      expect(row?.instance_type).toBe(instance.InstanceType);
      expect(row?.vpc_id).toBe(instance.VpcId);
    }
    const stopped = rows(ec2Instances).filter((r) => typeof r.state_transition_reason === 'string' && r.state_transition_reason !== '');
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped.every((r) => r.state_transition_reason_time instanceof Date)).toBe(true);
    expect(rows(ec2Instances).filter((r) => r.state_transition_reason === '').every((r) => r.state_transition_reason_time === null)).toBe(true);
  });

  it('takes network interface tags from TagSet and leaves no tag_set column', async () => {
    expect(ec2NetworkInterfaces.schema.columns.map((c) => c.name)).not.toContain('tag_set');
    const [account] = accounts;
    if (!account) throw new Error('no account');
    const out = await sdk(account, 'eu-west-1').send(new DescribeNetworkInterfacesCommand({}));
    const tagged = (out.NetworkInterfaces ?? []).find((n) => (n.TagSet ?? []).length > 0);
    expect(tagged).toBeDefined();
    const row = rows(ec2NetworkInterfaces).find((r) => r.network_interface_id === tagged?.NetworkInterfaceId);
    expect(row?.tags).toEqual(Object.fromEntries((tagged?.TagSet ?? []).map((t) => [t.Key, t.Value ?? ''])));
  });

  it('reads only the account\'s own images, with the owner in the ARN', async () => {
    const [account] = accounts;
    if (!account) throw new Error('no account');
    const own = await sdk(account, 'us-east-1').send(new DescribeImagesCommand({ Owners: ['self'] }));
    const got = rows(ec2Images).filter((r) => r.account_id === account && r.region === 'us-east-1');
    expect(got.map((r) => r.image_id).sort()).toEqual((own.Images ?? []).map((i) => i.ImageId).sort());
    expect(rows(ec2Images).every((r) => r.owner_id === r.account_id && String(r.arn).includes(`:${String(r.owner_id)}:image/`))).toBe(true);
  });

  it('keys subnets by where they were read and uses the SubnetArn', () => {
    expect(rows(ec2Subnets).every((r) => r.request_account_id === r.account_id && r.request_region === r.region && r.arn === r.subnet_arn)).toBe(true);
  });

  it('reads VPC elastic IPs only, each with its allocation id', () => {
    expect(rows(ec2Eips).every((r) => r.domain === 'vpc' && typeof r.allocation_id === 'string')).toBe(true);
  });

  it('lists each account\'s regions once, all enabled here, with the partition', () => {
    for (const account of sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE')) {
      const got = rows(awsRegions).filter((r) => r.account_id === account.id);
      const expected = knownRegions.filter((r) => r.optIn || REGIONS.includes(r.name)).map((r) => r.name);
      expect(got.map((r) => r.region).sort()).toEqual(expected.sort());
      expect(got.filter((r) => r.enabled === true).map((r) => r.region).sort()).toEqual([...account.enabledRegions].sort());
      expect(got.every((r) => r.partition === 'aws' && r.region === r.region_name)).toBe(true);
    }
    expect(awsRegions.schema.columns.find((c) => c.name === 'enabled')?.type).toBe('bool');
  });
});

describe('aws_regions with an opt-in region', () => {
  it('marks regions an account has not opted in to as not enabled', async () => {
    const sandbox = await startSandbox({ accounts: 2, scale: 10, throttling: false, regions: ['us-east-1', 'af-south-1'], faults: { notOptedIn: [{ account: 1, region: 'af-south-1' }] } });
    try {
      const { destination, summary } = await syncFromSandbox(sandbox, [awsRegions]);
      expect(summary.totals.failed).toBe(0);
      const active = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE');
      const optedOut = active.filter((a) => !a.enabledRegions.includes('af-south-1'));
      expect(optedOut.length).toBeGreaterThan(0);
      for (const account of active) {
        const row = destination.rows('aws_regions').find((r) => r.account_id === account.id && r.region === 'af-south-1');
        const optedIn = account.enabledRegions.includes('af-south-1');
        expect(row).toMatchObject({ enabled: optedIn, opt_in_status: optedIn ? 'opted-in' : 'not-opted-in' });
      }
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('derives enabled and the transition time as CloudQuery does', () => {
    expect([regionEnabled('opt-in-not-required'), regionEnabled('opted-in'), regionEnabled('not-opted-in'), regionEnabled(undefined)]).toEqual([true, true, false, null]);
    expect(stateTransitionReasonTime('User initiated (2023-01-10 12:34:56 GMT)')).toEqual(new Date('2023-01-10T12:34:56Z'));
    expect(stateTransitionReasonTime('')).toBeNull();
    expect(stateTransitionReasonTime('Server.ScheduledStop')).toBeNull();
  });
});

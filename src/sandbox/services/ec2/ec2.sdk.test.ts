import {
  DescribeAddressesCommand,
  DescribeRegionsCommand,
  EC2Client,
  EC2ServiceException,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVolumes,
  paginateDescribeVpcs,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUniverse, startSandbox, type Sandbox } from '../../index.js';
import type { Universe } from '../../data/universe.js';
import { drain, expectListingMatchesTruth, sdkSandboxOptions, truthCells } from '../sdk-testing.js';
import { collectPages } from '../test-paging.js';
import { testContext } from '../testing.js';
import { ec2Service } from './index.js';

type Pager = (client: EC2Client, pageSize?: number) => AsyncIterable<object>;

interface Listing {
  operation: string;
  /** The truth kind it lists. */
  kind: string;
  /** The page member that holds the items, and the item member that identifies one. */
  items: string;
  id: string;
  pages: Pager;
  input?: Record<string, unknown>;
  /** One call answers with everything: the operation has no paginator. */
  unpaged?: true;
}

const listings: Listing[] = [
  { operation: 'DescribeInstances', kind: 'ec2.instance', items: 'Reservations', id: 'ReservationId', pages: (client, pageSize) => paginateDescribeInstances({ client, pageSize }, {}) },
  { operation: 'DescribeVpcs', kind: 'ec2.vpc', items: 'Vpcs', id: 'VpcId', pages: (client, pageSize) => paginateDescribeVpcs({ client, pageSize }, {}) },
  { operation: 'DescribeSubnets', kind: 'ec2.subnet', items: 'Subnets', id: 'SubnetId', pages: (client, pageSize) => paginateDescribeSubnets({ client, pageSize }, {}) },
  {
    operation: 'DescribeSecurityGroups',
    kind: 'ec2.security_group',
    items: 'SecurityGroups',
    id: 'GroupId',
    pages: (client, pageSize) => paginateDescribeSecurityGroups({ client, pageSize }, {}),
  },
  { operation: 'DescribeVolumes', kind: 'ec2.volume', items: 'Volumes', id: 'VolumeId', pages: (client, pageSize) => paginateDescribeVolumes({ client, pageSize }, {}) },
  {
    operation: 'DescribeNetworkInterfaces',
    kind: 'ec2.network_interface',
    items: 'NetworkInterfaces',
    id: 'NetworkInterfaceId',
    pages: (client, pageSize) => paginateDescribeNetworkInterfaces({ client, pageSize }, {}),
  },
  {
    operation: 'DescribeInternetGateways',
    kind: 'ec2.internet_gateway',
    items: 'InternetGateways',
    id: 'InternetGatewayId',
    pages: (client, pageSize) => paginateDescribeInternetGateways({ client, pageSize }, {}),
  },
  {
    operation: 'DescribeNatGateways',
    kind: 'ec2.nat_gateway',
    items: 'NatGateways',
    id: 'NatGatewayId',
    pages: (client, pageSize) => paginateDescribeNatGateways({ client, pageSize }, {}),
  },
  {
    operation: 'DescribeRouteTables',
    kind: 'ec2.route_table',
    items: 'RouteTables',
    id: 'RouteTableId',
    pages: (client, pageSize) => paginateDescribeRouteTables({ client, pageSize }, {}),
  },
  {
    operation: 'DescribeImages',
    kind: 'ec2.image',
    items: 'Images',
    id: 'ImageId',
    input: { Owners: ['self'] },
    pages: (client, pageSize) => paginateDescribeImages({ client, pageSize }, { Owners: ['self'] }),
  },
  {
    operation: 'DescribeAddresses',
    kind: 'ec2.eip',
    items: 'Addresses',
    id: 'AllocationId',
    // DescribeAddresses has no pagination: one call answers with everything.
    pages: (client) => (async function* () { yield await client.send(new DescribeAddressesCommand({})); })(),
    unpaged: true,
  },
];

/** A member of a page or item the listing names by string. */
const member = (value: unknown, name: string): unknown => (value as Record<string, unknown>)[name];

/** Plain data for comparison: Dates as ISO strings, undefined members dropped. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

describe('EC2 through the AWS SDK', () => {
  let sb: Sandbox;
  let universe: Universe;
  const clients = new Map<string, EC2Client>();
  const client = (accountId: string, region: string): EC2Client => {
    const key = `${accountId}/${region}`;
    let found = clients.get(key);
    if (!found) {
      found = new EC2Client({ endpoint: sb.endpoint, region, credentials: sb.credentialsFor(accountId), maxAttempts: 1 });
      clients.set(key, found);
    }
    return found;
  };

  beforeAll(async () => {
    sb = await startSandbox(sdkSandboxOptions);
    universe = createUniverse(sb.options);
  });
  afterAll(async () => {
    for (const c of clients.values()) c.destroy();
    await sb.close();
  });

  for (const listing of listings) {
    it(`${listing.operation} pages to exactly the truth everywhere and parses to what the handler built`, async () => {
      const cells = truthCells(sb.truth(), listing.kind);
      expect(new Set(cells.map((c) => c.accountId)).size).toBe(3);
      for (const cell of cells) {
        const { accountId, region } = cell;
        const list = (pageSize?: number) => drain(listing.pages(client(accountId, region), pageSize), (page) => member(page, listing.items) as unknown[]);
        const items = await expectListingMatchesTruth(cell, list, { key: (item) => member(item, listing.id), pageSizes: listing.unpaged ? [] : [5] });
        // What the SDK parsed is what the handler built: nothing lost or bent on the wire.
        // Handler pages are followed at the default size, which every operation's limits accept.
        const ctx = testContext(universe, 'ec2', listing.operation, { accountId, region });
        const handler = ec2Service.handlers[listing.operation];
        const expected = listing.unpaged ? (await handler?.({}, ctx))?.[listing.items] : (await collectPages(handler, ctx, listing.input)).items;
        expect(plain(items)).toEqual(plain(expected));
      }
    });
  }

  it('answers DescribeRegions for the caller', async () => {
    const ec2 = client(sb.managementAccountId, 'us-east-1');
    const out = await ec2.send(new DescribeRegionsCommand({}));
    expect(out.Regions?.map((r) => r.RegionName)).toEqual(['eu-west-1', 'us-east-1']);
    const all = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions?.filter((r) => r.OptInStatus === 'not-opted-in').length).toBeGreaterThan(5);
  });

  it('raises the typed exceptions with AWS codes', async () => {
    const ec2 = client(sb.managementAccountId, 'eu-west-1');
    const failures = [
      ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })),
      ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: ['nat-0123456789abcdef0'] })),
      ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'colour', Values: ['red'] }] })),
    ];
    const names = [];
    for (const failure of failures) {
      const error = await failure.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EC2ServiceException);
      names.push((error as EC2ServiceException).name);
    }
    expect(names).toEqual(['InvalidInstanceID.NotFound', 'NatGatewayNotFound', 'InvalidParameterValue']);
  });

  it('filters and looks up by id over the wire', async () => {
    const accountId = Object.keys(sb.truth().resources['ec2.instance'] ?? {})[1] ?? '';
    const ec2 = client(accountId, 'us-east-1');
    const { items: all } = await drain(paginateDescribeInstances({ client: ec2 }, {}), (p) => p.Reservations);
    const first = all[0]?.Instances?.[0];
    const { items: stopped } = await drain(
      paginateDescribeInstances({ client: ec2, pageSize: 5 }, { Filters: [{ Name: 'instance-state-name', Values: ['stopped'] }] }),
      (p) => p.Reservations,
    );
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped.length).toBeLessThan(all.length);
    const one = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [first?.InstanceId ?? ''] }));
    expect(one.Reservations?.[0]?.Instances?.[0]?.VpcId).toBe(first?.VpcId);
  });
});

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
import { testContext } from '../testing.js';
import { ec2Service } from './index.js';

type Client = EC2Client;
type Pager = (client: Client, pageSize: number | undefined) => AsyncIterable<object>;

const config = (pageSize: number | undefined) => (client: Client) => ({ client, ...(pageSize ? { pageSize } : {}) });

/** Each listing: its paginator, where its items sit in a page, and the truth kind it lists. */
const listings: Array<{ operation: string; kind: string; items: string; pages: Pager; input?: Record<string, unknown> }> = [
  { operation: 'DescribeInstances', kind: 'ec2.instance', items: 'Reservations', pages: (c, n) => paginateDescribeInstances(config(n)(c), {}) },
  { operation: 'DescribeVpcs', kind: 'ec2.vpc', items: 'Vpcs', pages: (c, n) => paginateDescribeVpcs(config(n)(c), {}) },
  { operation: 'DescribeSubnets', kind: 'ec2.subnet', items: 'Subnets', pages: (c, n) => paginateDescribeSubnets(config(n)(c), {}) },
  {
    operation: 'DescribeSecurityGroups',
    kind: 'ec2.security_group',
    items: 'SecurityGroups',
    pages: (c, n) => paginateDescribeSecurityGroups(config(n)(c), {}),
  },
  { operation: 'DescribeVolumes', kind: 'ec2.volume', items: 'Volumes', pages: (c, n) => paginateDescribeVolumes(config(n)(c), {}) },
  {
    operation: 'DescribeNetworkInterfaces',
    kind: 'ec2.network_interface',
    items: 'NetworkInterfaces',
    pages: (c, n) => paginateDescribeNetworkInterfaces(config(n)(c), {}),
  },
  {
    operation: 'DescribeInternetGateways',
    kind: 'ec2.internet_gateway',
    items: 'InternetGateways',
    pages: (c, n) => paginateDescribeInternetGateways(config(n)(c), {}),
  },
  { operation: 'DescribeNatGateways', kind: 'ec2.nat_gateway', items: 'NatGateways', pages: (c, n) => paginateDescribeNatGateways(config(n)(c), {}) },
  { operation: 'DescribeRouteTables', kind: 'ec2.route_table', items: 'RouteTables', pages: (c, n) => paginateDescribeRouteTables(config(n)(c), {}) },
  {
    operation: 'DescribeImages',
    kind: 'ec2.image',
    items: 'Images',
    input: { Owners: ['self'] },
    pages: (c, n) => paginateDescribeImages(config(n)(c), { Owners: ['self'] }),
  },
  {
    operation: 'DescribeAddresses',
    kind: 'ec2.eip',
    items: 'Addresses',
    // DescribeAddresses has no pagination: one call answers with everything.
    pages: (c) => (async function* () { yield await c.send(new DescribeAddressesCommand({})); })(),
  },
];

async function drain(pages: AsyncIterable<object>, key: string): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const page of pages) items.push(...(((page as Record<string, unknown>)[key] as unknown[] | undefined) ?? []));
  return items;
}

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
    sb = await startSandbox({ accounts: 3, regions: ['us-east-1', 'eu-west-1'], scale: 3000, seed: 1, throttling: false });
    universe = createUniverse(sb.options);
  });
  afterAll(async () => {
    for (const c of clients.values()) c.destroy();
    await sb.close();
  });

  for (const listing of listings) {
    it(`${listing.operation} pages to exactly the truth everywhere and parses to what the handler built`, async () => {
      const byAccount = sb.truth().resources[listing.kind] ?? {};
      expect(Object.keys(byAccount)).toHaveLength(3);
      for (const [accountId, regions] of Object.entries(byAccount)) {
        for (const [region, count] of Object.entries(regions)) {
          const ec2 = client(accountId, region);
          const items = await drain(listing.pages(ec2, undefined), listing.items);
          expect(items, `${accountId} ${region}`).toHaveLength(count);
          if (listing.operation !== 'DescribeAddresses') {
            expect(await drain(listing.pages(ec2, 5), listing.items)).toEqual(items);
          }
          // What the SDK parsed is what the handler built: nothing lost or bent on the wire.
          const ctx = testContext(universe, 'ec2', listing.operation, { accountId, region });
          const direct = await ec2Service.handlers[listing.operation]?.({ ...listing.input, MaxResults: 1000 }, ctx);
          const expected = listing.operation === 'DescribeAddresses' ? { Addresses: direct?.Addresses } : direct;
          expect(plain(items)).toEqual(plain(expected?.[listing.items]));
        }
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
    const all = await drain(paginateDescribeInstances({ client: ec2 }, {}), 'Reservations');
    const first = (all[0] as { Instances: Array<{ InstanceId: string; VpcId: string }> }).Instances[0];
    const stopped = await drain(
      paginateDescribeInstances({ client: ec2, pageSize: 5 }, { Filters: [{ Name: 'instance-state-name', Values: ['stopped'] }] }),
      'Reservations',
    );
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped.length).toBeLessThan(all.length);
    const one = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [first?.InstanceId ?? ''] }));
    expect(one.Reservations?.[0]?.Instances?.[0]?.VpcId).toBe(first?.VpcId);
  });
});

import { describe, expect, it } from 'vitest';
import { ec2Model } from '../../../models/ec2.js';
import { testUniverse } from '../testing.js';
import { ec2Service } from './index.js';
import { call, collect, listings, modelViolations, truthCount } from './testing.js';

const universe = testUniverse();
const management = universe.org.managementAccountId;
const member = universe.org.accounts[2]?.id ?? '';

describe('EC2 listings against the truth', () => {
  it('has the kinds and count rules the brief fixes', () => {
    expect(ec2Service.kinds?.map((k) => `${k.kind}:${k.scope}`).sort()).toEqual(
      [
        'ec2.eip',
        'ec2.image',
        'ec2.instance',
        'ec2.internet_gateway',
        'ec2.nat_gateway',
        'ec2.network_interface',
        'ec2.route_table',
        'ec2.security_group',
        'ec2.subnet',
        'ec2.volume',
        'ec2.vpc',
      ].map((kind) => `${kind}:regional`),
    );
    const where = { accountId: management, region: 'us-east-1' };
    const a = (kind: string) => universe.allocated(where, kind);
    const instances = a('ec2.instance');
    const vpcs = 1 + a('ec2.vpc');
    expect(instances).toBeGreaterThan(10);
    expect(truthCount(universe, 'ec2.instance', where)).toBe(instances);
    expect(truthCount(universe, 'ec2.vpc', where)).toBe(vpcs);
    expect(truthCount(universe, 'ec2.subnet', where)).toBe(3 + a('ec2.subnet'));
    expect(truthCount(universe, 'ec2.security_group', where)).toBe(vpcs + a('ec2.security_group'));
    expect(truthCount(universe, 'ec2.volume', where)).toBe(instances + a('ec2.volume'));
    expect(truthCount(universe, 'ec2.network_interface', where)).toBe(instances + a('ec2.nat_gateway') + a('ec2.network_interface'));
    expect(truthCount(universe, 'ec2.internet_gateway', where)).toBe(1 + a('ec2.internet_gateway'));
    expect(truthCount(universe, 'ec2.nat_gateway', where)).toBe(a('ec2.nat_gateway'));
    expect(truthCount(universe, 'ec2.route_table', where)).toBe(vpcs + a('ec2.route_table'));
    expect(truthCount(universe, 'ec2.eip', where)).toBe(a('ec2.eip'));
    expect(truthCount(universe, 'ec2.image', where)).toBe(a('ec2.image'));
  });

  for (const listing of listings) {
    it(`${listing.operation} lists exactly the truth in every cell, whole and in pages of 5`, async () => {
      for (const cell of universe.cells('regional')) {
        const expected = truthCount(universe, listing.kind, cell);
        const input = 'input' in listing ? listing.input : {};
        const all = await collect(universe, listing.operation, listing.resultKey, input, cell);
        expect(all.items).toHaveLength(expected);
        expect(all.pages).toBe(1);
        if (listing.operation === 'DescribeAddresses') continue;
        const paged = await collect(universe, listing.operation, listing.resultKey, { ...input, MaxResults: 5 }, cell);
        expect(paged.items).toEqual(all.items);
        expect(paged.pages).toBe(Math.max(1, Math.ceil(expected / 5)));
      }
    });
  }

  it('gives a suspended account, and a region the sandbox does not serve, nothing', async () => {
    const suspended = testUniverse({ suspendedAccounts: 1 });
    const gone = suspended.org.accounts.find((a) => a.status === 'SUSPENDED');
    expect(gone).toBeDefined();
    for (const listing of listings) {
      const input = 'input' in listing ? listing.input : {};
      const result = await collect(suspended, listing.operation, listing.resultKey, input, { accountId: gone?.id ?? '' });
      expect(result.items).toEqual([]);
      const elsewhere = await collect(universe, listing.operation, listing.resultKey, input, { region: 'ap-south-1' });
      expect(elsewhere.items).toEqual([]);
    }
  });

  it('returns at most 1000 items a page and honours larger MaxResults up to 1000', async () => {
    const big = testUniverse({ accounts: 1, regions: ['us-east-1'], scale: 20_000 });
    const where = { accountId: big.org.managementAccountId, region: 'us-east-1' };
    const total = truthCount(big, 'ec2.instance', where);
    expect(total).toBeGreaterThan(1000);
    const first = await call(big, 'DescribeInstances', {}, where);
    expect(first.Reservations).toHaveLength(1000);
    expect(typeof first.NextToken).toBe('string');
    const clamped = await call(big, 'DescribeInstances', { MaxResults: 5000 }, where);
    expect(clamped.Reservations).toHaveLength(1000);
    const all = await collect(big, 'DescribeInstances', 'Reservations', { MaxResults: 700 }, where);
    expect(all.items).toHaveLength(total);
  });

  it('rejects page sizes under 5 and foreign tokens as EC2 does', async () => {
    await expect(call(universe, 'DescribeVpcs', { MaxResults: 4 })).rejects.toMatchObject({ code: 'InvalidParameterValue' });
    const page = await call(universe, 'DescribeSubnets', { MaxResults: 5 });
    const token = page.NextToken as string;
    await expect(call(universe, 'DescribeSubnets', { NextToken: token }, { accountId: member })).rejects.toMatchObject({
      code: 'InvalidNextToken',
    });
  });

  it('answers only with members of the model output shapes, with the right value kinds', async () => {
    const operations: Array<{ operation: string; input: Record<string, unknown> }> = listings.map((l) => ({
      operation: l.operation,
      input: 'input' in l ? l.input : {},
    }));
    operations.push({ operation: 'DescribeImages', input: {} }, { operation: 'DescribeRegions', input: { AllRegions: true } });
    for (const { operation, input } of operations) {
      const output = await call(universe, operation, input);
      const ref = ec2Model.operations[operation]?.output;
      expect(ref, operation).toBeDefined();
      if (ref) expect(modelViolations(output, ref, ec2Model.shapes), operation).toEqual([]);
    }
  });

  it('notices members the model does not declare', () => {
    const ref = ec2Model.operations.DescribeVpcs?.output;
    if (!ref) throw new Error('no DescribeVpcs output');
    expect(modelViolations({ Vpcs: [{ VpcId: 'vpc-1', Colour: 'red', IsDefault: 'yes' }] }, ref, ec2Model.shapes)).toEqual([
      '$.Vpcs[0].Colour: not in the model',
      '$.Vpcs[0].IsDefault: expected a boolean',
    ]);
  });

  it('is a pure function of the seed', async () => {
    const again = testUniverse();
    const other = testUniverse({ seed: 8 });
    for (const listing of listings) {
      const input = { ...('input' in listing ? listing.input : {}), MaxResults: 5 };
      const a = await call(universe, listing.operation, input);
      expect(await call(again, listing.operation, input)).toEqual(a);
      const b = await call(other, listing.operation, input);
      expect(JSON.stringify(b)).not.toEqual(JSON.stringify(a));
    }
    const ids = async (u: typeof universe) =>
      (await collect<{ Instances: Array<{ InstanceId: string }> }>(u, 'DescribeInstances', 'Reservations')).items.map(
        (r) => r.Instances[0]?.InstanceId,
      );
    const mine = new Set(await ids(universe));
    expect((await ids(other)).filter((id) => mine.has(id))).toEqual([]);
  });
});

import type { Image, Region } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { knownRegions } from '../../data/regions.js';
import { testUniverse } from '../testing.js';
import { publicImages } from './amis.js';
import { call, collect, truthCount } from './testing.js';

const universe = testUniverse();
const management = universe.org.managementAccountId;
const where = { accountId: management, region: 'us-east-1' };

async function images(input: Record<string, unknown>): Promise<Image[]> {
  return (await collect<Image>(universe, 'DescribeImages', 'Images', input)).items;
}

describe('DescribeImages', () => {
  it("lists the account's own AMIs for Owners=['self'] and adds the public ones otherwise", async () => {
    const own = await images({ Owners: ['self'] });
    expect(own).toHaveLength(truthCount(universe, 'ec2.image', where));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((i) => i.OwnerId === management && i.Public === false && i.State === 'available')).toBe(true);
    expect(await images({ Owners: [management] })).toEqual(own);

    const everything = await images({});
    expect(everything).toHaveLength(own.length + publicImages.length);
    expect(everything.slice(0, own.length)).toEqual(own);

    const amazon = await images({ Owners: ['amazon'] });
    expect(amazon.map((i) => i.Name)).toEqual(publicImages.filter((p) => p.ownerAlias === 'amazon').map((p) => p.name));
    expect(amazon.every((i) => i.ImageOwnerAlias === 'amazon' && i.Public === true)).toBe(true);
    expect(await images({ Owners: ['self', 'amazon'] })).toEqual([...own, ...amazon]);
    expect(await images({ Owners: ['self'], MaxResults: 5 })).toEqual(own);
  });

  it('names the same public images in every account of a region, and other ones elsewhere', async () => {
    const member = universe.org.accounts[1]?.id ?? '';
    const mine = await images({ Owners: ['amazon'] });
    const theirs = (await collect<Image>(universe, 'DescribeImages', 'Images', { Owners: ['amazon'] }, { accountId: member })).items;
    expect(theirs).toEqual(mine);
    const ireland = (await collect<Image>(universe, 'DescribeImages', 'Images', { Owners: ['amazon'] }, { region: 'eu-west-1' })).items;
    expect(ireland.map((i) => i.ImageId)).not.toEqual(mine.map((i) => i.ImageId));
  });

  it('looks up public images by id and filters by platform and architecture', async () => {
    const amazon = await images({ Owners: ['amazon'] });
    const ids = amazon.slice(0, 2).map((i) => i.ImageId);
    expect((await call(universe, 'DescribeImages', { ImageIds: ids })).Images).toEqual(amazon.slice(0, 2));
    const windows = await images({ Filters: [{ Name: 'platform', Values: ['windows'] }] });
    expect(windows.length).toBeGreaterThanOrEqual(2);
    expect(windows.every((i) => i.PlatformDetails === 'Windows')).toBe(true);
    const arm = await images({ Owners: ['amazon'], Filters: [{ Name: 'architecture', Values: ['arm64'] }] });
    expect(arm.map((i) => i.Name)).toEqual(['al2023-ami-2023.4.20240528.0-kernel-6.1-arm64']);
  });
});

describe('DescribeRegions', () => {
  const optIn = 'af-south-1';
  const member = () => regional.org.accounts[1]?.id ?? '';
  const regional = testUniverse({ regions: ['us-east-1', 'eu-west-1', optIn] });
  const optedOut = testUniverse({ regions: ['us-east-1', 'eu-west-1', optIn], notOptedIn: [{ accountId: member(), region: optIn }] });
  const regions = async (u: typeof regional, input: Record<string, unknown>, accountId: string): Promise<Region[]> =>
    (await call(u, 'DescribeRegions', input, { accountId })).Regions as Region[];

  it('lists the regions an account can use, with AWS endpoints', async () => {
    expect(await regions(regional, {}, member())).toEqual([
      { RegionName: optIn, Endpoint: `ec2.${optIn}.amazonaws.com`, OptInStatus: 'opted-in' },
      { RegionName: 'eu-west-1', Endpoint: 'ec2.eu-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
      { RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
    ]);
    const names = (await regions(optedOut, {}, member())).map((r) => r.RegionName);
    expect(names).toEqual(['eu-west-1', 'us-east-1']);
    const managementNames = (await regions(optedOut, {}, optedOut.org.managementAccountId)).map((r) => r.RegionName);
    expect(managementNames).toEqual([optIn, 'eu-west-1', 'us-east-1']);
  });

  it('adds the regions not opted in with AllRegions, and filters by status and name', async () => {
    const all = await regions(optedOut, { AllRegions: true }, member());
    const notOptedIn = all.filter((r) => r.OptInStatus === 'not-opted-in').map((r) => r.RegionName);
    expect(notOptedIn).toContain(optIn);
    expect(notOptedIn).toEqual(knownRegions.filter((r) => r.optIn).map((r) => r.name));
    expect(all).toHaveLength(notOptedIn.length + 2);

    const filtered = await regions(optedOut, { AllRegions: true, Filters: [{ Name: 'opt-in-status', Values: ['not-opted-in'] }] }, member());
    expect(filtered.map((r) => r.RegionName)).toEqual(notOptedIn);
    const named = await regions(optedOut, { Filters: [{ Name: 'region-name', Values: ['eu-*'] }] }, member());
    expect(named.map((r) => r.RegionName)).toEqual(['eu-west-1']);
    const asked = await regions(optedOut, { RegionNames: ['us-east-1', optIn] }, member());
    expect(asked.map((r) => [r.RegionName, r.OptInStatus])).toEqual([
      [optIn, 'not-opted-in'],
      ['us-east-1', 'opt-in-not-required'],
    ]);
    await expect(call(optedOut, 'DescribeRegions', { RegionNames: ['xx-nowhere-1'] })).rejects.toMatchObject({
      code: 'InvalidParameterValue',
    });
  });
});

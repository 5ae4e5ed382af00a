import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  paginateListTags,
  ResourceNotFoundException,
  TrailNotFoundException,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.js';
import { clientConfig, drain, sdkSandboxOptions, truthCells, type TruthCell } from './sdk-testing.js';

describe('cloudtrail through the AWS SDK', () => {
  let sandbox: Sandbox;
  let cells: TruthCell[];
  const client = (cell: TruthCell) => new CloudTrailClient(clientConfig(sandbox, cell));

  async function trails(cell: TruthCell, includeShadowTrails?: boolean): Promise<Trail[]> {
    return (await client(cell).send(new DescribeTrailsCommand({ includeShadowTrails }))).trailList ?? [];
  }

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    cells = truthCells(sandbox.truth(), 'cloudtrail.trail');
  });
  afterAll(() => sandbox.close());

  it('describes the ground truth of trails in their home regions, and shadows elsewhere', async () => {
    expect(cells.length).toBe(6);
    let shadows = 0;
    const uniqueByAccount = new Map<string, Set<string>>();
    for (const cell of cells) {
      const own = await trails(cell, false);
      expect(own).toHaveLength(cell.count);
      for (const trail of own) expect(trail.HomeRegion).toBe(cell.region);
      const all = await trails(cell);
      const foreign = all.filter((t) => t.HomeRegion !== cell.region);
      expect(all.length - foreign.length).toBe(cell.count);
      for (const trail of foreign) expect(trail.IsMultiRegionTrail).toBe(true);
      shadows += foreign.length;
      const unique = uniqueByAccount.get(cell.accountId) ?? new Set<string>();
      for (const trail of all) unique.add(trail.TrailARN ?? '');
      uniqueByAccount.set(cell.accountId, unique);
    }
    expect(shadows).toBeGreaterThan(0);
    for (const [accountId, unique] of uniqueByAccount) {
      const truth = cells.filter((c) => c.accountId === accountId).reduce((sum, c) => sum + c.count, 0);
      expect(unique.size).toBe(truth);
    }
  });

  it('reads status, event selectors and tags of every trail, shadows by ARN', async () => {
    for (const cell of cells) {
      const cloudtrail = client(cell);
      const all = await trails(cell);
      for (const trail of all) {
        const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: trail.TrailARN }));
        expect(typeof status.IsLogging).toBe('boolean');
        expect(status.LatestDeliveryTime).toBeInstanceOf(Date);
        const selectors = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: trail.TrailARN }));
        expect(selectors.TrailARN).toBe(trail.TrailARN);
        expect((selectors.EventSelectors ?? selectors.AdvancedEventSelectors ?? []).length).toBeGreaterThan(0);
      }
      const arns = all.map((t) => t.TrailARN ?? '').slice(0, 20);
      if (arns.length === 0) continue;
      const tagged = await drain(paginateListTags({ client: cloudtrail }, { ResourceIdList: arns }), (p) => p.ResourceTagList);
      expect(tagged.items.map((r) => r.ResourceId)).toEqual(arns);
    }
  });

  it('fails with the typed CloudTrail exceptions', async () => {
    const cell = cells[0] as TruthCell;
    const cloudtrail = client(cell);
    await expect(cloudtrail.send(new GetTrailStatusCommand({ Name: 'no-such-trail' }))).rejects.toBeInstanceOf(TrailNotFoundException);
    await expect(cloudtrail.send(new GetEventSelectorsCommand({ TrailName: 'no-such-trail' }))).rejects.toBeInstanceOf(
      TrailNotFoundException,
    );
    const missing = `arn:aws:cloudtrail:${cell.region}:${cell.accountId}:trail/no-such-trail`;
    const listing = drain(paginateListTags({ client: cloudtrail }, { ResourceIdList: [missing] }), (p) => p.ResourceTagList);
    await expect(listing).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

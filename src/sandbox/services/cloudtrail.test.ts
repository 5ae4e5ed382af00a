import { describe, expect, it } from 'vitest';
import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import { cloudtrailService, kinds } from './cloudtrail.js';
import { findRole, roleAt } from './iam/roles.js';
import { resolveKey } from './kms/keys.js';
import type { Input } from './service.js';
import { snsService } from './sns.js';
import { collectPages, failureOf } from './test-paging.js';
import { testContext, testUniverse } from './testing.js';

const handlers = cloudtrailService.handlers;
interface Trail {
  Name: string;
  TrailARN: string;
  HomeRegion: string;
  IsMultiRegionTrail: boolean;
  HasCustomEventSelectors: boolean;
  S3BucketName: string;
  SnsTopicARN?: string;
  KmsKeyId?: string;
  LogFileValidationEnabled: boolean;
  CloudWatchLogsRoleArn?: string;
}

const count = (universe: Universe, cell: Cell) => kinds[0]?.count(universe, cell) ?? -1;

async function call(universe: Universe, cell: Cell, operation: string, input: Input): Promise<Record<string, unknown>> {
  const handler = handlers[operation];
  if (!handler) throw new Error(`no ${operation}`);
  return handler(input, testContext(universe, 'cloudtrail', operation, cell));
}

async function describeTrails(universe: Universe, cell: Cell, input: Input = {}): Promise<Trail[]> {
  return (await call(universe, cell, 'DescribeTrails', input)).trailList as Trail[];
}

describe('cloudtrail', () => {
  const universe = testUniverse({ scale: 20_000 });
  const cells = universe.cells('regional');
  const cell = cells[0] as Cell;

  it('describes the home trails of a cell, exactly cloudtrail.trail of them, without shadows', async () => {
    expect(kinds.map((k) => k.kind)).toEqual(['cloudtrail.trail']);
    for (const c of cells) {
      const own = await describeTrails(universe, c, { includeShadowTrails: false });
      expect(own).toHaveLength(count(universe, c));
      for (const trail of own) {
        expect(trail.HomeRegion).toBe(c.region);
        expect(trail.TrailARN).toBe(`arn:aws:cloudtrail:${c.region}:${c.accountId}:trail/${trail.Name}`);
      }
    }
  });

  it('adds multi-region trails of the other regions as shadows, and the truth counts each trail once', async () => {
    let shadows = 0;
    for (const account of universe.activeAccounts()) {
      const unique = new Set<string>();
      let truth = 0;
      for (const region of universe.enabledRegions(account.id)) {
        const c = { accountId: account.id, region };
        truth += count(universe, c);
        const all = await describeTrails(universe, c);
        const foreign = all.filter((t) => t.HomeRegion !== region);
        expect(all.length - foreign.length).toBe(count(universe, c));
        for (const trail of foreign) expect(trail.IsMultiRegionTrail).toBe(true);
        shadows += foreign.length;
        for (const trail of all) unique.add(trail.TrailARN);
      }
      expect(unique.size).toBe(truth);
    }
    expect(shadows).toBeGreaterThan(0);
  });

  it('describes named trails: names in the region, ARNs of shadows, and leaves out unknown ones', async () => {
    const all = await describeTrails(universe, cell);
    const own = all.find((t) => t.HomeRegion === cell.region) as Trail;
    const shadow = all.find((t) => t.HomeRegion !== cell.region) as Trail;
    expect(own && shadow).toBeTruthy();
    const named = await describeTrails(universe, cell, { trailNameList: [own.Name, shadow.TrailARN, shadow.Name, 'no-such-trail'] });
    expect(named).toEqual([own, shadow]);
  });

  it('gives status and event selectors by name or ARN, shadows by ARN only', async () => {
    const all = await describeTrails(universe, cell);
    for (const trail of all) {
      const references = trail.HomeRegion === cell.region ? [trail.Name, trail.TrailARN] : [trail.TrailARN];
      for (const reference of references) {
        const status = await call(universe, cell, 'GetTrailStatus', { Name: reference });
        expect(typeof status.IsLogging).toBe('boolean');
        expect(status.LatestDeliveryTime).toBeInstanceOf(Date);
        expect(status.StopLoggingTime !== undefined).toBe(status.IsLogging === false);
        expect(status.LatestDigestDeliveryTime !== undefined).toBe(trail.LogFileValidationEnabled);
        const selectors = await call(universe, cell, 'GetEventSelectors', { TrailName: reference });
        expect(selectors.TrailARN).toBe(trail.TrailARN);
        const basic = selectors.EventSelectors as Array<{ DataResources: unknown[] }> | undefined;
        const custom = selectors.AdvancedEventSelectors !== undefined || (basic?.[0]?.DataResources.length ?? 0) > 0;
        expect(custom).toBe(trail.HasCustomEventSelectors);
      }
      if (trail.HomeRegion !== cell.region) {
        const error = await failureOf(() => call(universe, cell, 'GetTrailStatus', { Name: trail.Name }));
        expect(error.code).toBe('TrailNotFoundException');
      }
    }
  });

  it('points at SNS topics and KMS keys that exist in the home cell', async () => {
    let topics = 0;
    let keys = 0;
    for (const c of cells) {
      for (const trail of await describeTrails(universe, c, { includeShadowTrails: false })) {
        if (trail.SnsTopicARN) {
          const ctx = testContext(universe, 'sns', 'GetTopicAttributes', c);
          await snsService.handlers.GetTopicAttributes?.({ TopicArn: trail.SnsTopicARN }, ctx);
          topics += 1;
        }
        if (trail.KmsKeyId) {
          expect(resolveKey(universe, c, trail.KmsKeyId)).toBeDefined();
          keys += 1;
        }
        if (trail.CloudWatchLogsRoleArn) {
          const global = { accountId: c.accountId, region: 'global' };
          const name = trail.CloudWatchLogsRoleArn.split('/').pop() ?? '';
          expect(roleAt(universe, global, findRole(universe, global, name)).Arn).toBe(trail.CloudWatchLogsRoleArn);
        }
        expect(trail.S3BucketName).toMatch(/^aws-cloudtrail-logs-\d{12}-[0-9a-f]{8}$/);
      }
    }
    expect(topics).toBeGreaterThan(0);
    expect(keys).toBeGreaterThan(0);
  });

  it('lists tags of the given trails and fails for trails that are not visible here', async () => {
    const all = await describeTrails(universe, cell);
    const arns = all.slice(0, 20).map((t) => t.TrailARN);
    const ctx = testContext(universe, 'cloudtrail', 'ListTags', cell);
    const { items } = await collectPages(handlers.ListTags, ctx, { ResourceIdList: arns });
    expect((items as Array<{ ResourceId: string }>).map((e) => e.ResourceId)).toEqual(arns);
    const other = cells.find((c) => c.accountId !== cell.accountId) as Cell;
    const foreign = (await describeTrails(universe, other))[0]?.TrailARN ?? '';
    for (const [ids, code] of [
      [[`arn:aws:cloudtrail:${cell.region}:${cell.accountId}:trail/no-such-trail-0000`], 'ResourceNotFoundException'],
      [[foreign], 'ResourceNotFoundException'],
      [['not-an-arn'], 'CloudTrailARNInvalidException'],
      [[], 'InvalidParameterException'],
    ] as const) {
      expect((await failureOf(() => call(universe, cell, 'ListTags', { ResourceIdList: ids }))).code).toBe(code);
    }
  });

  it('answers TrailNotFoundException (400) for unknown trails', async () => {
    const own = (await describeTrails(universe, cell, { includeShadowTrails: false }))[0] as Trail;
    for (const name of ['no-such-trail', own.Name.replace(/-(\d{4})$/, '-9999'), own.TrailARN.replace(cell.accountId, '000000000000')]) {
      for (const [operation, member] of [['GetTrailStatus', 'Name'], ['GetEventSelectors', 'TrailName']] as const) {
        const error = await failureOf(() => call(universe, cell, operation, { [member]: name }));
        expect([error.code, error.status]).toEqual(['TrailNotFoundException', 400]);
      }
    }
  });

  it('is deterministic per seed', async () => {
    const again = await describeTrails(testUniverse({ scale: 20_000 }), cell);
    expect(again).toEqual(await describeTrails(universe, cell));
    const other = testUniverse({ scale: 20_000, seed: 11 });
    expect(await describeTrails(other, other.cells('regional')[0] as Cell)).not.toEqual(again);
  });
});

import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  InvalidEventCategoryException,
  InvalidLookupAttributesException,
  InvalidMaxResultsException,
  InvalidNextTokenException,
  InvalidTimeRangeException,
  LookupEventsCommand,
  paginateListTags,
  paginateLookupEvents,
  ResourceNotFoundException,
  TrailNotFoundException,
  type Event,
  type LookupAttributeKey,
  type LookupEventsCommandInput,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetRoleCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetBucketLocationCommand, S3Client } from '@aws-sdk/client-s3';
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

describe('cloudtrail LookupEvents through the AWS SDK', () => {
  // A fixed clock: only advanceClock() moves it, so every count below is exact.
  const START = Date.UTC(2025, 4, 20, 15, 30, 0);
  let sandbox: Sandbox;
  let cells: Array<{ accountId: string; region: string }>;
  let home: { accountId: string; region: string };
  let history: Event[];
  const client = (cell: { accountId: string; region: string }) => new CloudTrailClient({ ...clientConfig(sandbox, cell), maxAttempts: 1 });
  const time = (e: Event) => e.EventTime?.getTime() ?? Number.NaN;
  const ids = (events: Event[]) => events.map((e) => e.EventId);
  const lookup = async (cell: { accountId: string; region: string }, input: LookupEventsCommandInput = {}, pageSize?: number) =>
    drain(paginateLookupEvents({ client: client(cell), pageSize }, input), (p) => p.Events);

  beforeAll(async () => {
    sandbox = await startSandbox({ ...sdkSandboxOptions, now: () => new Date(START) });
    cells = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').flatMap((a) => a.enabledRegions.map((region) => ({ accountId: a.id, region })));
    home = { accountId: sandbox.managementAccountId, region: 'us-east-1' };
    history = (await lookup(home)).items;
  });
  afterAll(() => sandbox.close());

  it('lists every event of the last 24 hours newest first, as many as the truth counts, in pages of any size', async () => {
    for (const cell of cells) {
      const { items } = await lookup(cell);
      const count = sandbox.truth().events.count(cell.accountId, cell.region);
      expect(items.length).toBe(count);
      // 6 an hour for 24 hours, and the next hour's first one if it falls on this very second.
      expect(count).toBeGreaterThanOrEqual(144);
      expect(count).toBeLessThanOrEqual(145);
      expect(new Set(ids(items)).size).toBe(count);
      for (let i = 1; i < items.length; i++) expect(time(items[i - 1] as Event)).toBeGreaterThanOrEqual(time(items[i] as Event));
      expect(time(items[0] as Event)).toBeLessThanOrEqual(START);
      expect(time(items[items.length - 1] as Event)).toBeGreaterThanOrEqual(START - 24 * 3_600_000);
    }
    for (const size of [7, 50]) {
      const paged = await lookup(home, {}, size);
      expect(ids(paged.items)).toEqual(ids(history));
      expect(paged.pageSizes.slice(0, -1).every((n) => n === size)).toBe(true);
    }
    expect((await client(home).send(new LookupEventsCommand({}))).Events).toHaveLength(50);
  });

  it('keeps to StartTime and EndTime, both inclusive', async () => {
    const newer = history[20] as Event;
    const older = history[100] as Event;
    const within = history.filter((e) => time(e) >= time(older) && time(e) <= time(newer));
    const { items } = await lookup(home, { StartTime: older.EventTime, EndTime: newer.EventTime }, 9);
    expect(ids(items)).toEqual(ids(within));
    expect(items.length).toBe(sandbox.truth().events.count(home.accountId, home.region, older.EventTime, newer.EventTime));
    const same = await lookup(home, { StartTime: older.EventTime, EndTime: older.EventTime });
    expect(ids(same.items)).toEqual(ids(history.filter((e) => time(e) === time(older))));
    const since = await lookup(home, { StartTime: newer.EventTime });
    expect(ids(since.items)).toEqual(ids(history.filter((e) => time(e) >= time(newer))));
    const until = await lookup(home, { EndTime: older.EventTime });
    expect(ids(until.items)).toEqual(ids(history.filter((e) => time(e) <= time(older))));
  });

  it('filters by each lookup attribute exactly as reading the whole history does', async () => {
    const sample = history.find((e) => (e.Resources ?? []).length > 0 && e.AccessKeyId) as Event;
    const resource = sample.Resources?.[0];
    const attributes: Array<[LookupAttributeKey, string, (e: Event) => boolean]> = [
      ['EventId', sample.EventId ?? '', (e) => e.EventId === sample.EventId],
      ['EventName', sample.EventName ?? '', (e) => e.EventName === sample.EventName],
      ['EventSource', 'ec2.amazonaws.com', (e) => e.EventSource === 'ec2.amazonaws.com'],
      ['ReadOnly', 'false', (e) => e.ReadOnly === 'false'],
      ['Username', 'canopy-sync', (e) => e.Username === 'canopy-sync'],
      ['AccessKeyId', sample.AccessKeyId ?? '', (e) => e.AccessKeyId === sample.AccessKeyId],
      ['ResourceType', resource?.ResourceType ?? '', (e) => (e.Resources ?? []).some((r) => r.ResourceType === resource?.ResourceType)],
      ['ResourceName', resource?.ResourceName ?? '', (e) => (e.Resources ?? []).some((r) => r.ResourceName === resource?.ResourceName)],
    ];
    for (const [key, value, keep] of attributes) {
      const expected = history.filter(keep);
      expect(expected.length, key).toBeGreaterThan(0);
      const { items } = await lookup(home, { LookupAttributes: [{ AttributeKey: key, AttributeValue: value }] }, 5);
      expect(ids(items), `${key}=${value}`).toEqual(ids(expected));
    }
    const none = await lookup(home, { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'nobody' }] });
    expect(none.items).toEqual([]);
  });

  it('describes each event in a CloudTrail record that agrees with it, naming callers and resources that exist', async () => {
    const ec2 = new EC2Client(clientConfig(sandbox, home));
    const iam = new IAMClient(clientConfig(sandbox, home));
    const s3 = new S3Client({ ...clientConfig(sandbox, home), forcePathStyle: true });
    const checked = new Set<string>();
    for (const event of history) {
      const record = JSON.parse(event.CloudTrailEvent ?? '{}') as Record<string, unknown>;
      const identity = record.userIdentity as { type: string; accountId: string; accessKeyId?: string; userName?: string; sessionContext?: { sessionIssuer?: { userName: string } } };
      expect(record).toMatchObject({ eventID: event.EventId, eventName: event.EventName, eventSource: event.EventSource, awsRegion: 'us-east-1' });
      expect(record).toMatchObject({ recipientAccountId: home.accountId, readOnly: event.ReadOnly === 'true', eventCategory: 'Management' });
      expect(new Date(String(record.eventTime)).getTime()).toBe(time(event));
      expect(typeof record.eventVersion).toBe('string');
      expect(identity.accountId).toBe(home.accountId);
      expect(identity.accessKeyId).toBe(event.AccessKeyId);
      if (identity.type === 'IAMUser') await iam.send(new GetUserCommand({ UserName: identity.userName }));
      else await iam.send(new GetRoleCommand({ RoleName: identity.sessionContext?.sessionIssuer?.userName }));
      for (const { ResourceType: type, ResourceName: name = '' } of event.Resources ?? []) {
        checked.add(type ?? '');
        if (type === 'AWS::EC2::Instance') expect((await ec2.send(new DescribeInstancesCommand({ InstanceIds: [name] }))).Reservations).toHaveLength(1);
        if (type === 'AWS::IAM::User') await iam.send(new GetUserCommand({ UserName: name }));
        if (type === 'AWS::IAM::Role') await iam.send(new GetRoleCommand({ RoleName: name }));
        if (type === 'AWS::S3::Bucket') await s3.send(new GetBucketLocationCommand({ Bucket: name }));
      }
    }
    expect(checked.size).toBeGreaterThan(3);
  });

  it("records global services' events in us-east-1 only, as AWS does", async () => {
    const isGlobal = (e: Event) => e.EventSource === 'iam.amazonaws.com' || e.EventSource === 'signin.amazonaws.com';
    expect(history.some(isGlobal)).toBe(true);
    const { items } = await lookup({ ...home, region: 'eu-west-1' });
    expect(items.length).toBeGreaterThan(0);
    expect(items.some(isGlobal)).toBe(false);
  });

  it("rejects bad page sizes, attributes, ranges, tokens and categories with CloudTrail's exceptions", async () => {
    const cloudtrail = client(home);
    const send = (input: LookupEventsCommandInput) => cloudtrail.send(new LookupEventsCommand(input));
    await expect(send({ MaxResults: 51 })).rejects.toBeInstanceOf(InvalidMaxResultsException);
    await expect(send({ MaxResults: 0 })).rejects.toBeInstanceOf(InvalidMaxResultsException);
    const two = [
      { AttributeKey: 'EventName' as const, AttributeValue: 'ListBuckets' },
      { AttributeKey: 'ReadOnly' as const, AttributeValue: 'true' },
    ];
    await expect(send({ LookupAttributes: two })).rejects.toBeInstanceOf(InvalidLookupAttributesException);
    await expect(send({ LookupAttributes: [{ AttributeKey: 'Color' as LookupAttributeKey, AttributeValue: 'x' }] })).rejects.toBeInstanceOf(
      InvalidLookupAttributesException,
    );
    await expect(send({ LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'yes' }] })).rejects.toBeInstanceOf(InvalidLookupAttributesException);
    await expect(send({ StartTime: new Date(START), EndTime: new Date(START - 1000) })).rejects.toBeInstanceOf(InvalidTimeRangeException);
    const first = await send({ MaxResults: 5 });
    expect(first.NextToken).toBeDefined();
    // A token continues only the query it came from: not another attribute, range or cell.
    await expect(send({ NextToken: first.NextToken, LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }] })).rejects.toBeInstanceOf(
      InvalidNextTokenException,
    );
    await expect(send({ NextToken: first.NextToken, StartTime: new Date(START - 3_600_000) })).rejects.toBeInstanceOf(InvalidNextTokenException);
    await expect(client({ ...home, region: 'eu-west-1' }).send(new LookupEventsCommand({ NextToken: first.NextToken }))).rejects.toBeInstanceOf(
      InvalidNextTokenException,
    );
    await expect(send({ NextToken: `${first.NextToken ?? ''}x` })).rejects.toBeInstanceOf(InvalidNextTokenException);
    // The page size may change between pages, as with AWS.
    expect(ids((await send({ NextToken: first.NextToken, MaxResults: 3 })).Events ?? [])).toEqual(ids(history.slice(5, 8)));
    await expect(send({ EventCategory: 'other' as 'insight' })).rejects.toBeInstanceOf(InvalidEventCategoryException);
    expect((await send({ EventCategory: 'insight' })).Events).toEqual([]);
  });

  // Last: it moves this sandbox's clock.
  it('shows the events of the time that passes above the ones an earlier call saw, which stay as they were', async () => {
    const cloudtrail = client(home);
    const first = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 10 }));
    const newest = time(first.Events?.[0] as Event);
    const before = sandbox.truth().events.count(home.accountId, home.region);
    expect(sandbox.advanceClock(2 * 3_600_000).getTime()).toBe(START + 2 * 3_600_000);
    // The earlier paging goes on below where it stopped, unaffected by the new events.
    const next = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 10, NextToken: first.NextToken }));
    expect(ids(next.Events ?? [])).toEqual(ids(history.slice(10, 20)));
    const after = (await lookup(home)).items;
    const count = sandbox.truth().events.count(home.accountId, home.region);
    expect(after.length).toBe(count);
    expect(count - before).toBeGreaterThanOrEqual(11);
    expect(count - before).toBeLessThanOrEqual(13);
    const fresh = after.filter((e) => time(e) > newest);
    expect(fresh.length).toBe(count - before);
    expect(time(after[0] as Event)).toBeGreaterThan(START + 3_600_000);
    expect(after.slice(fresh.length)).toEqual(history);
  });
});

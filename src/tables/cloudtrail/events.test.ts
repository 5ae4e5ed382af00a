import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncFromSandbox } from '../../../test/table-testing.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { memoryStateStore } from '../../state/state-store.js';
import { cloudtrailEvents, lookupQueries } from './events.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

describe('aws_cloudtrail_events against the sandbox', () => {
  let sandbox: Sandbox;
  let accounts: string[];

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 300, throttling: false, regions: REGIONS });
    accounts = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
  }, 60_000);
  afterAll(async () => {
    await sandbox.close();
  });

  it('reads every event of every account and region once, with the record parsed', async () => {
    const { destination, summary } = await syncFromSandbox(sandbox, [cloudtrailEvents]);
    expect(summary.totals.failed).toBe(0);
    const rows = destination.rows('aws_cloudtrail_events');
    for (const account of accounts) {
      for (const region of REGIONS) {
        const here = rows.filter((r) => r.account_id === account && r.region === region);
        expect(here.length, `${account} ${region}`).toBe(sandbox.truth().events.count(account, region));
      }
    }
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
    const [sample] = rows;
    expect(sample?.cloudtrail_event).toMatchObject({ eventID: sample?.event_id, eventName: sample?.event_name });
    expect(sample?.event_time).toBeInstanceOf(Date);
  });

  it('matches LookupEvents for one account and region, field by field', async () => {
    const account = accounts[0] ?? '';
    const client = new CloudTrailClient({ endpoint: sandbox.endpoint, region: 'eu-west-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    try {
      const page = await client.send(new LookupEventsCommand({ MaxResults: 5 }));
      const { destination } = await syncFromSandbox(sandbox, [cloudtrailEvents]);
      for (const event of page.Events ?? []) {
        const row = destination.rows('aws_cloudtrail_events').find((r) => r.event_id === event.EventId);
        expect(row).toMatchObject({ account_id: account, region: 'eu-west-1', event_name: event.EventName, event_source: event.EventSource, username: event.Username ?? null });
        expect(row?.cloudtrail_event).toEqual(JSON.parse(event.CloudTrailEvent ?? 'null'));
      }
    } finally {
      client.destroy();
    }
  });

  it('follows table_options: one cursor per lookup_events entry, each filtered as asked', async () => {
    const options = { lookup_events: [{ lookup_attributes: [{ attribute_key: 'ReadOnly', attribute_value: 'false' }] }, { lookup_attributes: [{ attribute_key: 'ReadOnly', attribute_value: 'true' }] }] };
    const state = memoryStateStore();
    const { destination } = await syncFromSandbox(sandbox, [cloudtrailEvents], { tableOptions: { aws_cloudtrail_events: options }, state });
    const rows = destination.rows('aws_cloudtrail_events');
    // ReadOnly false and true split the stream: together they are every event, each read under its own cursor.
    const total = accounts.flatMap((a) => REGIONS.map((r) => sandbox.truth().events.count(a, r))).reduce((x, y) => x + y, 0);
    expect(rows.length).toBe(total);
    expect(Object.keys(state.entries())).toHaveLength(accounts.length * REGIONS.length * 2);
  });

  it('maps CloudQuery lookup_events options onto LookupEvents inputs, and refuses what LookupEvents cannot do', () => {
    expect(lookupQueries(undefined)).toEqual([{}]);
    expect(
      lookupQueries({ lookup_events: [{ start_time: '2026-11-01T00:00:00Z', lookup_attributes: [{ attribute_key: 'EventName', attribute_value: 'RunInstances' }], max_results: 20 }] }),
    ).toEqual([{ StartTime: '2026-11-01T00:00:00.000Z', LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'RunInstances' }], MaxResults: 20 }]);
    const two = [{ attribute_key: 'EventName', attribute_value: 'a' }, { attribute_key: 'Username', attribute_value: 'b' }];
    expect(cloudtrailEvents.options?.safeParse({ lookup_events: [{ lookup_attributes: two }] }).success).toBe(false);
    expect(cloudtrailEvents.options?.safeParse({ lookup_events: [{ max_results: 51 }] }).success).toBe(false);
  });

  it('starts from the later of the configured start_time and the stored cursor', () => {
    const input = cloudtrailEvents.incremental?.input;
    const ctx = { accountId: '1', region: 'us-east-1', partition: 'aws' };
    const query = { StartTime: '2026-11-01T00:00:00.000Z' };
    expect(input?.(undefined, ctx, query)).toEqual({ StartTime: new Date('2026-11-01T00:00:00.000Z') });
    expect(input?.('2026-11-05T00:00:00.000Z', ctx, query)).toEqual({ StartTime: new Date('2026-11-05T00:00:00.000Z') });
    expect(input?.('2026-10-05T00:00:00.000Z', ctx, query)).toEqual({ StartTime: new Date('2026-11-01T00:00:00.000Z') });
  });
});

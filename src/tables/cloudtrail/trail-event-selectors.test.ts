import { CloudTrailClient, GetEventSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { cloudtrailTrailEventSelectors } from './trail-event-selectors.js';
import { cloudtrailTrails } from './trails.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudQuery's documented columns (docs/tables/aws_cloudtrail_trail_event_selectors.md, current version). */
const documented = ['account_id', 'region', 'trail_arn', 'event_selectors', 'advanced_event_selectors'];

describe('aws_cloudtrail_trail_event_selectors against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  const clients: CloudTrailClient[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: REGIONS });
    ({ destination, summary } = await syncFromSandbox(sandbox, [cloudtrailTrails, cloudtrailTrailEventSelectors]));
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await sandbox.close();
  });

  const selectors = () => destination.rows('aws_cloudtrail_trail_event_selectors');
  const accounts = () => sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);

  it('has one row per trail in every account and home region, as the truth counts trails', () => {
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
    expect(truthCount(sandbox, 'cloudtrail.trail')).toBeGreaterThan(0);
    for (const account of accounts()) {
      for (const region of REGIONS) {
        const rows = selectors().filter((r) => r.account_id === account && r.region === region);
        expect(rows.length, `${account} ${region}`).toBe(truthCount(sandbox, 'cloudtrail.trail', account, region));
      }
    }
  });

  it('points every row at its trail row', () => {
    const trails = new Map(destination.rows('aws_cloudtrail_trails').map((t) => [t._cq_id, t]));
    for (const row of selectors()) {
      const trail = trails.get(row._cq_parent_id);
      expect(trail).toBeDefined();
      expect([row.trail_arn, row.account_id, row.region]).toEqual([trail?.arn, trail?.account_id, trail?.home_region]);
    }
    const ids = selectors().map((r) => r._cq_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('holds what GetEventSelectors returns, basic and advanced selectors alike', async () => {
    for (const account of accounts()) {
      for (const region of REGIONS) {
        const client = new CloudTrailClient({ endpoint: sandbox.endpoint, region, credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
        clients.push(client);
        for (const row of selectors().filter((r) => r.account_id === account && r.region === region)) {
          const out = await client.send(new GetEventSelectorsCommand({ TrailName: String(row.trail_arn) }));
          expect(row.trail_arn).toBe(out.TrailARN);
          expect(row.event_selectors).toEqual(out.EventSelectors ? JSON.parse(JSON.stringify(out.EventSelectors)) : null);
          expect(row.advanced_event_selectors).toEqual(out.AdvancedEventSelectors ? JSON.parse(JSON.stringify(out.AdvancedEventSelectors)) : null);
        }
      }
    }
    expect(selectors().some((r) => r.event_selectors !== null)).toBe(true);
    expect(selectors().some((r) => r.advanced_event_selectors !== null)).toBe(true);
  });

  it('has CloudQuery\'s documented columns, keyed by trail_arn', () => {
    const names = new Set(cloudtrailTrailEventSelectors.schema.columns.map((c) => c.name));
    expect(documented.filter((c) => !names.has(c))).toEqual([]);
    expect(cloudtrailTrailEventSelectors.primaryKey).toEqual(['trail_arn']);
    expect(cloudtrailTrailEventSelectors.parent?.table).toBe('aws_cloudtrail_trails');
  });
});

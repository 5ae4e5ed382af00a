import { describe, expect, it } from 'vitest';
import { SandboxClock } from '../data/clock.js';
import type { EventStreamOptions } from '../data/event-timeline.js';
import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import { removeResources } from '../remove-resources.js';
import { eventTruth } from '../truth.js';
import { lookupEvents } from './cloudtrail-lookup.js';
import type { Input, Output } from './service.js';
import { testContext, testUniverse } from './testing.js';

const START = Date.UTC(2025, 6, 1, 9, 0, 0);
const DAY = 86_400_000;

interface LookedUp {
  EventId: string;
  EventName: string;
  EventTime: Date;
  Username: string;
  Resources: Array<{ ResourceType: string; ResourceName: string }>;
}

function setup(events: EventStreamOptions, scale = 2000): { universe: Universe; cell: Cell } {
  const universe = testUniverse({ scale, clock: new SandboxClock(() => new Date(START)), events });
  return { universe, cell: { accountId: universe.org.managementAccountId, region: 'us-east-1' } };
}

function call(universe: Universe, cell: Cell, input: Input): Output {
  const ctx = { ...testContext(universe, 'cloudtrail', 'LookupEvents', cell), now: () => universe.clock.now() };
  return lookupEvents(input, ctx) as Output;
}

/** Every page of a query, with the number of events on each. */
function pages(universe: Universe, cell: Cell, input: Input = {}): { events: LookedUp[]; sizes: number[] } {
  const events: LookedUp[] = [];
  const sizes: number[] = [];
  let token: string | undefined;
  do {
    const page = call(universe, cell, { ...input, ...(token ? { NextToken: token } : {}) });
    const found = page.Events as LookedUp[];
    events.push(...found);
    sizes.push(found.length);
    token = page.NextToken as string | undefined;
  } while (token);
  return { events, sizes };
}

describe('LookupEvents', () => {
  it('returns only the last 90 days although the history reaches further back', () => {
    const { universe, cell } = setup({ perHour: 1, historyHours: 100 * 24 });
    const { events } = pages(universe, cell);
    const oldest = events[events.length - 1]?.EventTime.getTime() ?? 0;
    expect(oldest).toBeGreaterThanOrEqual(START - 90 * DAY);
    expect(oldest).toBeLessThan(START - 90 * DAY + 3_600_000);
    const truth = eventTruth(universe);
    expect(events.length).toBe(truth.count(cell.accountId, cell.region, new Date(START - 90 * DAY)));
    expect(truth.count(cell.accountId, cell.region)).toBeGreaterThan(events.length + 9 * 24);
  });

  it('ends a filtered page early rather than scanning without bound, and still finds every match', () => {
    const { universe, cell } = setup({ perHour: 20_000, historyHours: 1 });
    const { events, sizes } = pages(universe, cell, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ListKeys' }] });
    // 20,000 events and a scan budget of 5,000 per call: at least four calls, some of them short.
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.EventName === 'ListKeys')).toBe(true);
    expect(new Set(events.map((e) => e.EventId)).size).toBe(events.length);
  });

  it('places removal events by their time among the generated ones, and finds them by EventId', () => {
    const { universe, cell } = setup({ perHour: 60, historyHours: 2 });
    let now = START;
    const clock = new SandboxClock(() => new Date(now));
    const moving = testUniverse({ clock, events: { perHour: 60, historyHours: 2 } });
    now += 30 * 60_000 + 400;
    const result = removeResources(moving, { kind: 'iam.user', account: 0, count: 3 });
    now += 30 * 60_000;
    const { events } = pages(moving, cell);
    const removalIds = new Set(result.eventIds);
    const positions = events.flatMap((e, i) => (removalIds.has(e.EventId) ? [i] : []));
    expect(positions).toHaveLength(3);
    expect(events.length).toBe(eventTruth(moving).count(cell.accountId, cell.region));
    for (const i of positions) {
      const event = events[i] as LookedUp;
      expect(event.EventName).toBe('DeleteUser');
      expect(event.Username).toBe('sandbox-admin');
      expect(event.EventTime.getTime()).toBe(Math.floor((START + 30 * 60_000 + 400) / 1000) * 1000);
      expect(events[i - 1]?.EventTime.getTime() ?? Infinity).toBeGreaterThanOrEqual(event.EventTime.getTime());
      expect(events[i + 1]?.EventTime.getTime() ?? 0).toBeLessThanOrEqual(event.EventTime.getTime());
    }
    expect(events.slice(positions[0], (positions[2] ?? 0) + 1).flatMap((e) => e.Resources.map((r) => r.ResourceName))).toEqual([...result.removed].reverse());
    for (const id of result.eventIds) {
      const found = call(moving, cell, { LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: id }] }).Events as LookedUp[];
      expect(found.map((e) => e.EventId)).toEqual([id]);
    }
    // The same ids mean nothing in another cell or universe.
    const elsewhere = call(universe, cell, { LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: result.eventIds[0] ?? '' }] });
    expect(elsewhere.Events).toEqual([]);
  });

  it('never changes an event once it exists, whatever is removed afterwards', () => {
    const { universe, cell } = setup({ perHour: 120, historyHours: 6 });
    const before = JSON.stringify(pages(universe, cell).events);
    const removed = [
      removeResources(universe, { kind: 'ec2.instance', account: 0, region: 'us-east-1', count: 5 }),
      removeResources(universe, { kind: 'iam.user', account: 0, count: 3 }),
      removeResources(universe, { kind: 'iam.role', account: 0, count: 3 }),
      removeResources(universe, { kind: 's3.bucket', account: 0, region: 'us-east-1', count: 2 }),
    ];
    const ids = new Set(removed.flatMap((r) => r.eventIds));
    const after = pages(universe, cell).events.filter((e) => !ids.has(e.EventId));
    expect(JSON.stringify(after)).toBe(before);
  });

  it('answers the same query with the same bytes for the same seed and removals', () => {
    const run = () => {
      const { universe, cell } = setup({ perHour: 12, historyHours: 6 });
      removeResources(universe, { kind: 'ec2.instance', account: 0, region: 'us-east-1', count: 2 });
      return JSON.stringify(pages(universe, cell, { MaxResults: 17 }));
    };
    expect(run()).toBe(run());
  });

  it('has no events when the stream is disabled, but still records removals', () => {
    const { universe, cell } = setup({ perHour: 0, historyHours: 24 });
    expect(pages(universe, cell).events).toEqual([]);
    removeResources(universe, { kind: 's3.bucket', account: 0, region: 'us-east-1', count: 1 });
    expect(pages(universe, cell).events.map((e) => e.EventName)).toEqual(['DeleteBucket']);
  });
});

import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import { MemoryDestination } from '../../test/memory-destination.js';
import { memoryStateStore, type StateStore } from '../state/state-store.js';
import { cursorKey } from './cursor.js';
import type { Caller } from './pages.js';
import { runSync, type ErrorVerdict } from './sync.js';
import { defineTable, type Item } from './table.js';

const events = defineTable({
  name: 'test_events',
  service: 'cloudtrail',
  scope: 'regional',
  list: { call: { client: CloudTrailClient, command: LookupEventsCommand }, operation: 'LookupEvents', items: 'Events[]' },
  incremental: {
    cursor: (e) => (e.EventTime instanceof Date ? e.EventTime.toISOString() : undefined),
    input: (cursor, _ctx, query) => ({ ...query, ...(cursor ? { StartTime: new Date(cursor) } : {}) }),
    queries: (options) => (Array.isArray(options) ? (options as Item[]) : [{}]),
  },
  primaryKey: ['event_id'],
  iam: ['cloudtrail:LookupEvents'],
});

const ctx = { accountId: '111111111111', region: 'us-east-1', partition: 'aws' };
const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 0, minute));

/** A LookupEvents stand-in: the events at or after StartTime, newest first, and every input it was sent. */
function trail(initial: number[]) {
  const times = [...initial];
  const inputs: Item[] = [];
  const caller: Caller = {
    async send(_ctx, _call, input) {
      inputs.push(input);
      const start = input.StartTime instanceof Date ? input.StartTime.getTime() : -Infinity;
      const name = typeof input.EventName === 'string' ? input.EventName : undefined;
      const found = times
        .filter((m) => at(m).getTime() >= start)
        .map((m) => ({ EventId: `e-${m}`, EventTime: at(m), EventName: m % 2 ? 'RunInstances' : 'DeleteBucket' }))
        .filter((e) => !name || e.EventName === name);
      return { Events: found.reverse() };
    },
  };
  return { times, inputs, caller };
}

const classify = (err: unknown): ErrorVerdict => ({ action: 'fail', code: 'Error', reason: String(err) });

function sync(caller: Caller, destination: MemoryDestination, state: StateStore | undefined, tableOptions?: Record<string, unknown>) {
  return runSync({
    partitions: [{ table: events, ctx }],
    tables: [events],
    caller,
    classify,
    destinations: [destination],
    sync: { sourceName: 'aws', syncTime: new Date() },
    state,
    tableOptions,
  });
}

describe('incremental tables', () => {
  it('read from the stored cursor, store the newest position, and keep older rows (no delete-stale)', async () => {
    const { times, inputs, caller } = trail([1, 2, 3]);
    const destination = new MemoryDestination();
    const state = memoryStateStore();
    await sync(caller, destination, state);
    expect(inputs).toEqual([{}]);
    expect(state.entries()).toEqual({ [cursorKey('test_events', ctx, {})]: at(3).toISOString() });
    times.push(4, 5);
    const second = await sync(caller, destination, state);
    expect(inputs[1]).toEqual({ StartTime: at(3) });
    expect(second.totals.rows).toBe(3);
    // Event 3 was read twice (StartTime is inclusive) and upserted, not duplicated; 1 and 2 were not re-read and stay.
    expect(destination.rows('test_events').map((r) => r.event_id).sort()).toEqual(['e-1', 'e-2', 'e-3', 'e-4', 'e-5']);
    expect(Object.values(state.entries())).toEqual([at(5).toISOString()]);
  });

  it('stores no cursor when the rows could not be written, so the next sync reads them again', async () => {
    const { caller } = trail([1, 2]);
    const failing = new MemoryDestination('flaky');
    failing.failWritesAfter = 0;
    const state = memoryStateStore();
    const failed = await sync(caller, failing, state);
    expect(failed.destinationErrors.map((e) => e.destination)).toEqual(['flaky']);
    expect(state.entries()).toEqual({});
  });

  it('a sync that dies between writing rows and storing the cursor re-reads them without duplicates', async () => {
    const { times, inputs, caller } = trail([1, 2]);
    const destination = new MemoryDestination();
    const state = memoryStateStore();
    const dying: StateStore = { get: (k) => state.get(k), set: async () => Promise.reject(new Error('killed')), close: async () => undefined };
    const first = await sync(caller, destination, dying);
    expect(first.destinationErrors).toEqual([{ destination: 'state backend', message: 'killed' }]);
    expect(destination.rows('test_events')).toHaveLength(2);
    times.push(3);
    await sync(caller, destination, state);
    expect(inputs[1]).toEqual({});
    expect(destination.rows('test_events').map((r) => r.event_id).sort()).toEqual(['e-1', 'e-2', 'e-3']);
    expect(Object.values(state.entries())).toEqual([at(3).toISOString()]);
  });

  it('keeps one cursor per query of the table options', async () => {
    const { times, inputs, caller } = trail([1, 2, 3, 4]);
    const destination = new MemoryDestination();
    const state = memoryStateStore();
    const queries = [{ EventName: 'RunInstances' }, { EventName: 'DeleteBucket' }];
    await sync(caller, destination, state, { test_events: queries });
    expect(state.entries()).toEqual({
      [cursorKey('test_events', ctx, queries[0] ?? {})]: at(3).toISOString(),
      [cursorKey('test_events', ctx, queries[1] ?? {})]: at(4).toISOString(),
    });
    times.push(5);
    await sync(caller, destination, state, { test_events: queries });
    expect(inputs.slice(2)).toEqual([
      { EventName: 'RunInstances', StartTime: at(3) },
      { EventName: 'DeleteBucket', StartTime: at(4) },
    ]);
    expect(cursorKey('test_events', ctx, { a: 1, b: 2 })).toBe(cursorKey('test_events', ctx, { b: 2, a: 1 }));
  });

  it('without a state backend, reads from the default start every sync', async () => {
    const { inputs, caller } = trail([1]);
    await sync(caller, new MemoryDestination(), undefined);
    await sync(caller, new MemoryDestination(), undefined);
    expect(inputs).toEqual([{}, {}]);
  });
});

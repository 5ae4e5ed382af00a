import { describe, expect, it } from 'vitest';
import { countEvents, EventTimeline } from './event-timeline.js';
import { RemovalLog } from './removals.js';

const START = Date.UTC(2025, 2, 1, 12, 0, 0, 250);
const cell = { accountId: '111111111111', region: 'eu-west-1' };

function bruteCount(timeline: EventTimeline, sec: number): number {
  let n = 0;
  while (timeline.timeOf(cell, n) <= sec) n += 1;
  return n;
}

describe('EventTimeline', () => {
  it('places perHour events in every hour of the history, at times that never decrease', () => {
    const timeline = new EventTimeline(5, START, { perHour: 6, historyHours: 24 });
    expect(timeline.originSec).toBe(Math.floor(START / 1000) - 24 * 3600);
    let previous = -Infinity;
    for (let n = 0; n < 6 * 48; n++) {
      const t = timeline.timeOf(cell, n);
      expect(t).toBeGreaterThanOrEqual(previous);
      expect(Math.floor((t - timeline.originSec) / 3600)).toBe(Math.floor(n / 6));
      previous = t;
    }
  });

  it('counts events up to a second by binary search, as counting one by one does', () => {
    for (const perHour of [1, 6, 7, 500, 5000]) {
      const timeline = new EventTimeline(9, START, { perHour, historyHours: 2 });
      for (const offset of [-5, 0, 1, 599, 3600, 7199, 7200, 7201]) {
        const sec = timeline.originSec + offset;
        expect(timeline.countThrough(cell, sec), `${perHour}/h at +${offset}s`).toBe(bruteCount(timeline, sec));
      }
    }
  });

  it('differs between cells and seeds but repeats for the same ones', () => {
    const a = new EventTimeline(1, START, { perHour: 60, historyHours: 1 });
    const b = new EventTimeline(2, START, { perHour: 60, historyHours: 1 });
    const times = (t: EventTimeline, c = cell) => Array.from({ length: 60 }, (_, n) => t.timeOf(c, n));
    expect(times(a)).toEqual(times(new EventTimeline(1, START, { perHour: 60, historyHours: 1 })));
    expect(times(a)).not.toEqual(times(b));
    expect(times(a)).not.toEqual(times(a, { ...cell, region: 'us-east-1' }));
  });

  it('has nothing when disabled, and nothing after now', () => {
    const off = new EventTimeline(1, START, { perHour: 0, historyHours: 24 });
    expect(off.countThrough(cell, Math.floor(START / 1000))).toBe(0);
    const on = new EventTimeline(1, START, { perHour: 6, historyHours: 24 });
    const nowSec = Math.floor(START / 1000);
    const { lo, hi } = on.range(cell, on.originSec, nowSec + 7200, START);
    expect(lo).toBe(0);
    expect(hi).toBe(on.countThrough(cell, nowSec));
    expect(on.timeOf(cell, hi)).toBeGreaterThan(nowSec);
    // Two more hours of clock bring exactly the events of those two hours.
    expect(on.range(cell, on.originSec, nowSec + 7200, START + 7_200_000).hi - hi).toBe(on.countThrough(cell, nowSec + 7200) - hi);
  });

  it('counts removal events of a cell at their second, once the clock has reached them', () => {
    const timeline = new EventTimeline(1, START, { perHour: 0, historyHours: 1 });
    const removals = new RemovalLog();
    const base = { kind: 'iam.user', cell: { accountId: cell.accountId, region: 'global' }, from: 0, batch: 1, nameOf: () => 'x' };
    removals.add({ ...base, count: 3, events: 3, atMs: START + 1500, eventCell: cell });
    removals.add({ ...base, count: 1, events: 1, atMs: START + 1500, eventCell: { ...cell, region: 'us-east-1' } });
    const sec = Math.floor((START + 1500) / 1000);
    expect(countEvents(timeline, removals, cell, sec, sec, START + 2000)).toBe(3);
    expect(countEvents(timeline, removals, cell, sec + 1, sec + 5, START + 9000)).toBe(0);
    expect(countEvents(timeline, removals, cell, sec, sec, START)).toBe(0);
  });
});

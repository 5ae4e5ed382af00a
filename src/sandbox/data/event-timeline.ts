import type { Cell } from './ids.js';
import { hash32 } from './random.js';
import type { RemovalLog } from './removals.js';

export interface EventStreamOptions {
  /** Generated CloudTrail events per hour in each (account, region); 0 disables them. */
  perHour: number;
  /** How far before the sandbox's start the history reaches. */
  historyHours: number;
}

export const defaultEventStream: EventStreamOptions = { perHour: 6, historyHours: 24 };

const HOUR = 3600;

/** floor(a / b) for non-negative integers, exact where doubles would round a near-integer quotient up. */
function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q -= 1;
  else if ((q + 1) * b <= a) q += 1;
  return q;
}

/**
 * When each generated CloudTrail event of a cell happens. Events are numbered from the start of
 * the history (the sandbox's start minus historyHours); event n falls in its own slot of
 * 3600/perHour seconds at a per-cell jittered second. Times never decrease with n, so "how many
 * events up to t" is a binary search and no event is ever stored; an event exists once the clock
 * reaches its time, so the stream grows as time passes.
 */
export class EventTimeline {
  /** The first second of the history (epoch seconds). */
  readonly originSec: number;

  constructor(
    private readonly seed: number,
    startMs: number,
    readonly options: EventStreamOptions,
  ) {
    this.originSec = Math.floor(startMs / 1000) - Math.round(options.historyHours * HOUR);
  }

  get perHour(): number {
    return this.options.perHour;
  }

  /** The time of generated event n of a cell, in epoch seconds. */
  timeOf(cell: Cell, n: number): number {
    const perHour = this.options.perHour;
    const base = floorDiv(n * HOUR, perHour);
    const width = floorDiv((n + 1) * HOUR, perHour) - base;
    const jitter = width > 0 ? hash32(this.seed, cell.accountId, cell.region, 'event-time', n) % width : 0;
    return this.originSec + base + jitter;
  }

  /** How many generated events of a cell happen at or before `sec`: they are events 0..result-1. */
  countThrough(cell: Cell, sec: number): number {
    const perHour = this.options.perHour;
    if (perHour <= 0 || sec < this.originSec) return 0;
    let lo = 0;
    // timeOf(n) >= originSec + floor(n * 3600 / perHour), so this n lies past `sec`.
    let hi = Math.ceil(((sec - this.originSec + 1) * perHour) / HOUR) + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.timeOf(cell, mid) > sec) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Generated events [lo, hi) of a cell with times in [fromSec, toSec] that exist at nowMs. */
  range(cell: Cell, fromSec: number, toSec: number, nowMs: number): { lo: number; hi: number } {
    const hi = this.countThrough(cell, Math.min(toSec, Math.floor(nowMs / 1000)));
    const lo = Math.min(hi, this.countThrough(cell, fromSec - 1));
    return { lo, hi };
  }
}

/** The second a removal's events show (CloudTrail times have whole seconds). */
export function removalSecond(atMs: number): number {
  return Math.floor(atMs / 1000);
}

/** Events of a cell between two times (inclusive, whole seconds) that exist at nowMs: generated ones and removals'. */
export function countEvents(timeline: EventTimeline, removals: RemovalLog, cell: Cell, fromSec: number, toSec: number, nowMs: number): number {
  const { lo, hi } = timeline.range(cell, fromSec, toSec, nowMs);
  let total = hi - lo;
  for (const r of removals.inEventCell(cell)) {
    const sec = removalSecond(r.atMs);
    if (r.atMs <= nowMs && sec >= fromSec && sec <= toSec) total += r.events;
  }
  return total;
}

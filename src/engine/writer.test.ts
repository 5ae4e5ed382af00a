import { describe, expect, it } from 'vitest';
import type { Destination, StaleScope } from '../destinations/destination.js';
import type { Row, TableSchema } from './schema.js';
import type { Table } from './table.js';
import { DestinationFailure, SyncWriter } from './writer.js';

const table = (name: string) => ({ name, schema: { name, columns: [] } }) as unknown as Table;
const a = table('a');
const b = table('b');

/** Records every write; a write can be held open until released, and can be made to fail. */
class Recording implements Destination {
  readonly name = 'rec';
  readonly writeMode = 'overwrite-delete-stale' as const;
  readonly writes: Array<{ table: string; ids: unknown[] }> = [];
  inFlight = new Map<string, number>();
  maxInFlight = 0;
  hold: Promise<void> | undefined;
  /** Holds open the writes of one table only. */
  holds = new Map<string, Promise<void>>();
  started: string[] = [];
  failWith: Error | undefined;

  async migrate(): Promise<void> {}
  async write(t: TableSchema, rows: readonly Row[]): Promise<void> {
    const now = (this.inFlight.get(t.name) ?? 0) + 1;
    this.inFlight.set(t.name, now);
    this.maxInFlight = Math.max(this.maxInFlight, now);
    this.started.push(t.name);
    try {
      await this.hold;
      await this.holds.get(t.name);
      if (this.failWith) throw this.failWith;
      this.writes.push({ table: t.name, ids: rows.map((r) => r.id) });
    } finally {
      this.inFlight.set(t.name, now - 1);
    }
  }
  async deleteStale(_t: TableSchema, _s: StaleScope): Promise<number> {
    return 0;
  }
  async close(): Promise<void> {}
}

const row = (id: string): Row => ({ id });

describe('SyncWriter', () => {
  it('fills batches with the rows of many partitions, one write of a table at a time', async () => {
    const destination = new Recording();
    const writer = new SyncWriter({ destinations: [destination], batchSize: 5, flushIntervalMs: 60_000 });
    // Three partitions of four rows each, added concurrently.
    await Promise.all(['p', 'q', 'r'].map(async (p) => {
      for (let i = 0; i < 4; i++) await writer.add(a, row(`${p}${i}`));
    }));
    await writer.close();
    expect(destination.writes.map((w) => w.ids.length)).toEqual([5, 5, 2]);
    expect(destination.writes.flatMap((w) => w.ids).sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'q0', 'q1', 'q2', 'q3', 'r0', 'r1', 'r2', 'r3']);
    expect(destination.maxInFlight).toBe(1);
  });

  it('writes rows below a mark at once when asked, and only resolves once they are written', async () => {
    const destination = new Recording();
    const writer = new SyncWriter({ destinations: [destination], batchSize: 100, flushIntervalMs: 60_000 });
    await writer.add(a, row('1'));
    const mark = await writer.add(a, row('2'));
    await writer.add(b, row('x'));
    expect(writer.isWritten(new Map([[a, mark]]))).toBe(false);
    await writer.written(new Map([[a, mark]]));
    expect(destination.writes).toEqual([{ table: 'a', ids: ['1', '2'] }]);
    expect(writer.isWritten(new Map([[a, mark]]))).toBe(true);
    expect(writer.isWritten(new Map([[b, 1]]))).toBe(false);
    await writer.close();
    expect(destination.writes).toContainEqual({ table: 'b', ids: ['x'] });
  });

  it('holds the adder of a full batch until the destination has taken it (backpressure)', async () => {
    const destination = new Recording();
    let release = () => {};
    destination.hold = new Promise<void>((resolve) => (release = resolve));
    const writer = new SyncWriter({ destinations: [destination], batchSize: 2, flushIntervalMs: 60_000 });
    await writer.add(a, row('1'));
    let returned = false;
    const second = writer.add(a, row('2')).then(() => (returned = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(returned).toBe(false);
    release();
    await second;
    expect(destination.writes).toEqual([{ table: 'a', ids: ['1', '2'] }]);
  });

  it('writes the largest table when too many rows wait across tables', async () => {
    const destination = new Recording();
    const writer = new SyncWriter({ destinations: [destination], batchSize: 100, maxBufferedRows: 4, flushIntervalMs: 60_000 });
    for (const id of ['1', '2', '3']) await writer.add(a, row(id));
    await writer.add(b, row('x'));
    expect(destination.writes).toEqual([]);
    await writer.add(b, row('y'));
    expect(destination.writes).toEqual([{ table: 'a', ids: ['1', '2', '3'] }]);
  });

  it('over the cap, waits for a queued write of the largest table rather than queue a smaller one behind it', async () => {
    const destination = new Recording();
    let release = (): void => undefined;
    destination.holds.set('a', new Promise<void>((resolve) => (release = resolve)));
    const writer = new SyncWriter({ destinations: [destination], batchSize: 10, maxBufferedRows: 25, flushIntervalMs: 60_000 });
    // Table a: one batch in flight (held) and a second full batch queued behind it.
    const adders = Array.from({ length: 20 }, (_, i) => writer.add(a, row(`a${i}`)));
    await new Promise((resolve) => setImmediate(resolve));
    // Over the cap, with a's queued write claiming all its rows: these adders wait for it.
    adders.push(...Array.from({ length: 6 }, (_, i) => writer.add(b, row(`b${i}`))));
    adders.push(...Array.from({ length: 4 }, (_, i) => writer.add(a, row(`a${20 + i}`))));
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await Promise.all(adders);
    for (let i = 24; i < 30; i++) await writer.add(a, row(`a${i}`));
    await writer.close();
    // The four rows added while a's writes were held joined the next full batch, not a write of their own.
    expect(destination.writes.filter((w) => w.table === 'a').map((w) => w.ids.length)).toEqual([10, 10, 10]);
    expect(destination.writes.filter((w) => w.table === 'b').map((w) => w.ids.length)).toEqual([6]);
  });

  it('holds at most four batches over all tables by default', async () => {
    const destination = new Recording();
    const writer = new SyncWriter({ destinations: [destination], batchSize: 10, flushIntervalMs: 60_000 });
    // Nine rows in each of five tables: no batch is full, but 45 rows pass four batches (40).
    const tables = ['a', 'b', 'c', 'd', 'e'].map(table);
    for (const [i, t] of tables.entries()) for (let n = 0; n < 9; n++) await writer.add(t, row(`${i}-${n}`));
    expect(destination.writes.length).toBeGreaterThan(0);
    expect(destination.writes.every((w) => w.ids.length === 9)).toBe(true);
  });

  it('writes rows that wait longer than the flush interval without being asked', async () => {
    const destination = new Recording();
    const writer = new SyncWriter({ destinations: [destination], batchSize: 100, flushIntervalMs: 10 });
    await writer.add(a, row('1'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(destination.writes).toEqual([{ table: 'a', ids: ['1'] }]);
  });

  it('waits for a full batch when the interval is beyond what setTimeout can hold (no destination timeout)', async () => {
    const destination = new Recording();
    const writer = new SyncWriter({ destinations: [destination], batchSize: 100, flushIntervalMs: Number.POSITIVE_INFINITY });
    await writer.add(a, row('1'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(destination.writes).toEqual([]);
    await writer.close();
    expect(destination.writes).toEqual([{ table: 'a', ids: ['1'] }]);
  });

  it('after a destination failure: adds throw, waiting rows are never reported written, close throws', async () => {
    const destination = new Recording();
    destination.failWith = new Error('disk full');
    const writer = new SyncWriter({ destinations: [destination], batchSize: 2, flushIntervalMs: 60_000 });
    const first = await writer.add(b, row('x'));
    await writer.add(a, row('1'));
    await expect(writer.add(a, row('2'))).rejects.toBeInstanceOf(DestinationFailure);
    await expect(writer.add(a, row('3'))).rejects.toMatchObject({ destination: 'rec', message: 'disk full' });
    await expect(writer.written(new Map([[b, first]]))).rejects.toBeInstanceOf(DestinationFailure);
    await expect(writer.close()).rejects.toBeInstanceOf(DestinationFailure);
    expect(writer.isWritten(new Map([[b, first]]))).toBe(false);
  });
});

import type { Destination } from '../destinations/destination.js';
import type { Row } from './schema.js';
import type { Table } from './table.js';

/** A destination failed: it stops the whole sync, unlike an AWS error, which stays in its partition. */
export class DestinationFailure extends Error {
  constructor(
    readonly destination: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

export interface WriterOptions {
  destinations: readonly Destination[];
  /** Rows per write to each destination. */
  batchSize: number;
  /** Rows buffered across all tables before the adder waits for the largest table's write (4 batches by default). */
  maxBufferedRows?: number;
  /** A table's rows wait at most this long for their batch to fill (10 s by default; CloudQuery's batch_timeout). */
  flushIntervalMs?: number;
}

/** How far a partition's rows reach in each table's stream: they are written once every table has written up to its mark. */
export type Marks = Map<Table, number>;

interface Buffer {
  table: Table;
  rows: Row[];
  /** Rows ever added, and ever written (in order: writes of one table are serial). */
  added: number;
  written: number;
  /** The tail of this table's write chain: a destination never sees two writes of one table at once. */
  chain: Promise<void>;
  /** Writes queued on the chain and not started: each will take up to a batch of the buffered rows. */
  queued: number;
  waiters: Array<{ upTo: number; resolve: () => void; reject: (err: unknown) => void }>;
}

/**
 * Rows of every partition in flight, buffered per table and written in batches shared across
 * partitions: a sync of many small partitions writes full batches instead of one small batch per
 * partition and table. Adding waits (backpressure) while a table's batch is full or too many rows
 * are buffered, so the slowest destination paces reading and memory stays bounded.
 */
export class SyncWriter {
  private readonly buffers = new Map<Table, Buffer>();
  private buffered = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failure: DestinationFailure | undefined;
  private readonly maxBuffered: number;

  constructor(private readonly options: WriterOptions) {
    // Room for full batches of a few tables at once: a PostgreSQL sync fed faster than it writes
    // reached 0.69 of raw COPY with 10,000 rows here and 1.1 with 40,000 (docs/BENCHMARKS.md §4).
    // No more: with SQLite's 1,000-row batches, 10,000 rows cost 20 MiB more peak RSS than 4,000
    // for no CPU saved (§3). A sync paced by AWS rarely fills it: the flush interval writes rows first.
    this.maxBuffered = options.maxBufferedRows ?? options.batchSize * 4;
  }

  /** The first destination failure, once one happened: every later add throws it. */
  get failed(): DestinationFailure | undefined {
    return this.failure;
  }

  /** Buffers one row; resolves to the row's mark in its table once there is room for the next. */
  async add(table: Table, row: Row): Promise<number> {
    if (this.failure) throw this.failure;
    const buffer = this.bufferOf(table);
    buffer.rows.push(row);
    buffer.added += 1;
    this.buffered += 1;
    const mark = buffer.added;
    // A full batch not yet claimed by a queued write: queue one and wait for it.
    if (buffer.rows.length - buffer.queued * this.options.batchSize >= this.options.batchSize) await this.flush(buffer);
    else if (this.buffered > this.maxBuffered) await this.relieve();
    else this.schedule();
    return mark;
  }

  /** The current end of a table's stream: a partition that added rows waits for this mark. */
  mark(table: Table): number {
    return this.buffers.get(table)?.added ?? 0;
  }

  /** Resolves once every table has written up to its mark, writing now what is still buffered below them (an incremental cursor waits for this). */
  async written(marks: Marks): Promise<void> {
    await Promise.all([...marks].map(([table, upTo]) => this.writtenUpTo(this.bufferOf(table), upTo)));
  }

  /** Whether every row up to these marks is written. */
  isWritten(marks: Marks): boolean {
    return [...marks].every(([table, upTo]) => (this.buffers.get(table)?.written ?? 0) >= upTo);
  }

  /** Writes everything still buffered; throws the destination failure if there was one. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.all([...this.buffers.values()].map((b) => this.writtenUpTo(b, b.added).catch(() => undefined)));
    if (this.failure) throw this.failure;
  }

  private bufferOf(table: Table): Buffer {
    let buffer = this.buffers.get(table);
    if (!buffer) {
      buffer = { table, rows: [], added: 0, written: 0, chain: Promise.resolve(), queued: 0, waiters: [] };
      this.buffers.set(table, buffer);
    }
    return buffer;
  }

  /**
   * Over the cap: the largest table's rows are written. When a write of it is already queued, the
   * adder waits for that one: a second write queued behind it would find only the rows added
   * meanwhile, and small batches cost more per row than the wait (PostgreSQL: half-size batches
   * took a fifth off its rate; docs/BENCHMARKS.md, section 4).
   */
  private relieve(): Promise<void> {
    let largest: Buffer | undefined;
    for (const b of this.buffers.values()) if (!largest || b.rows.length > largest.rows.length) largest = b;
    const buffer = largest as Buffer;
    return buffer.queued > 0 ? buffer.chain : this.flush(buffer);
  }

  private async writtenUpTo(buffer: Buffer, upTo: number): Promise<void> {
    if (buffer.written >= upTo) return;
    if (this.failure) throw this.failure;
    const done = new Promise<void>((resolve, reject) => buffer.waiters.push({ upTo, resolve, reject }));
    void this.flush(buffer).catch(() => undefined);
    await done;
  }

  /** Queues one write of up to a batch of this table's rows behind its previous write. */
  private flush(buffer: Buffer): Promise<void> {
    buffer.queued += 1;
    buffer.chain = buffer.chain.then(() => {
      buffer.queued -= 1;
      return this.writeBatch(buffer);
    });
    return buffer.chain;
  }

  private async writeBatch(buffer: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (buffer.rows.length === 0) return;
    const rows = buffer.rows.splice(0, this.options.batchSize);
    const table = buffer.table;
    try {
      await Promise.all(
        this.options.destinations.map((d) =>
          d.write(table.schema, rows).catch((err: unknown) => {
            throw new DestinationFailure(d.name, err);
          }),
        ),
      );
    } catch (err) {
      this.fail(err instanceof DestinationFailure ? err : new DestinationFailure('destination', err));
      throw this.failure;
    } finally {
      this.buffered -= rows.length;
    }
    buffer.written += rows.length;
    buffer.waiters = buffer.waiters.filter((w) => (buffer.written >= w.upTo ? (w.resolve(), false) : true));
    // Rows added while this batch was written wait for the next one: keep the chain going while a batch remains.
    if (buffer.waiters.length > 0 && buffer.rows.length > 0) void this.flush(buffer).catch(() => undefined);
  }

  private fail(failure: DestinationFailure): void {
    if (this.failure) return;
    this.failure = failure;
    if (this.timer) clearTimeout(this.timer);
    for (const buffer of this.buffers.values()) {
      for (const w of buffer.waiters) w.reject(failure);
      buffer.waiters = [];
    }
  }

  /** Rows that wait too long for a full batch are written anyway, so partitions' results and cursors settle. */
  private schedule(): void {
    if (this.timer || this.failure) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const buffer of this.buffers.values()) if (buffer.rows.length > 0) void this.flush(buffer).catch(() => undefined);
      // setTimeout takes at most 2^31-1 ms (a longer delay fires at once).
    }, Math.min(this.options.flushIntervalMs ?? 10_000, 2_147_483_647));
    // Never the reason the process stays up: whoever waits for rows asks for their write.
    this.timer.unref?.();
  }
}

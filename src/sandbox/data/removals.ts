import type { Cell } from './ids.js';

/**
 * Resources removed at runtime. A removal drops the last items of a kind's scale-driven share in
 * one cell; Universe.allocated() subtracts it, so every count rule, list and lookup built on that
 * share (and on children counted from it) stops seeing those items. Only these records are kept,
 * never the items, so removals keep the sandbox lazy; replaying the same removals on the same seed
 * gives the same data.
 */
export interface RemovalRecord {
  /** Position in the log; also salts the ids of the removal's CloudTrail events. */
  seq: number;
  kind: string;
  /** The cell whose count drops: (account, region) or (account, 'global'). */
  cell: Cell;
  /** Share indexes [from, from + count) are gone. */
  from: number;
  count: number;
  /** Sandbox time of the removal, in ms. */
  atMs: number;
  /** Where the removal's CloudTrail events are recorded (global kinds: us-east-1), and how many there are. */
  eventCell: Cell;
  events: number;
  /** The resources per event: event k covers share indexes [from + k*batch, from + (k+1)*batch). */
  batch: number;
  /** The name or id of removed share item `index`, as the services listed it before the removal. */
  nameOf(index: number): string;
}

function key(kind: string, cell: Cell): string {
  return `${kind}/${cell.accountId}/${cell.region}`;
}

function cellKey(cell: Cell): string {
  return `${cell.accountId}/${cell.region}`;
}

export class RemovalLog {
  private readonly records: RemovalRecord[] = [];
  private readonly byKindCell = new Map<string, RemovalRecord[]>();
  private readonly byEventCell = new Map<string, RemovalRecord[]>();

  /** Changes with every removal, so cached views (the truth) know when to rebuild. */
  get version(): number {
    return this.records.length;
  }

  add(record: Omit<RemovalRecord, 'seq'>): RemovalRecord {
    const full = { ...record, seq: this.records.length };
    this.records.push(full);
    const byKind = this.byKindCell.get(key(full.kind, full.cell)) ?? [];
    byKind.push(full);
    this.byKindCell.set(key(full.kind, full.cell), byKind);
    const byEvent = this.byEventCell.get(cellKey(full.eventCell)) ?? [];
    byEvent.push(full);
    this.byEventCell.set(cellKey(full.eventCell), byEvent);
    return full;
  }

  /** How many items of a kind's share were removed from a cell so far. */
  removed(kind: string, cell: Cell): number {
    if (this.records.length === 0) return 0;
    let total = 0;
    for (const r of this.byKindCell.get(key(kind, cell)) ?? []) total += r.count;
    return total;
  }

  /** How many were removed strictly before a time: what existed at that moment. */
  removedBefore(kind: string, cell: Cell, ms: number): number {
    if (this.records.length === 0) return 0;
    let total = 0;
    for (const r of this.byKindCell.get(key(kind, cell)) ?? []) if (r.atMs < ms) total += r.count;
    return total;
  }

  /** The removals whose events a cell records, oldest first. */
  inEventCell(cell: Cell): readonly RemovalRecord[] {
    return this.byEventCell.get(cellKey(cell)) ?? [];
  }

  bySeq(seq: number): RemovalRecord | undefined {
    return this.records[seq];
  }
}

import type { Destination, StaleScope, WriteMode } from '../src/destinations/destination.js';
import { primaryKeyOf, type Row, type TableSchema } from '../src/engine/schema.js';

/**
 * An in-memory destination for engine tests, with the interface's semantics (upsert by key,
 * append, delete-stale inside a scope). Real destinations prove themselves in the conformance suite.
 */
export class MemoryDestination implements Destination {
  readonly tables = new Map<string, Map<string, Row>>();
  writes = 0;
  failWritesAfter = Infinity;

  constructor(
    readonly name = 'memory',
    readonly writeMode: WriteMode = 'overwrite-delete-stale',
  ) {}

  async migrate(tables: readonly TableSchema[]): Promise<void> {
    for (const t of tables) if (!this.tables.has(t.name)) this.tables.set(t.name, new Map());
  }

  async write(table: TableSchema, rows: readonly Row[]): Promise<void> {
    this.writes += 1;
    if (this.writes > this.failWritesAfter) throw new Error(`${this.name} is unreachable`);
    const store = this.tables.get(table.name) ?? new Map<string, Row>();
    const key = primaryKeyOf(table);
    rows.forEach((row, i) => {
      const id = this.writeMode === 'append' ? `${this.writes}:${i}` : JSON.stringify(key.map((k) => row[k]));
      store.set(id, { ...row });
    });
    this.tables.set(table.name, store);
  }

  async deleteStale(table: TableSchema, scope: StaleScope): Promise<number> {
    const store = this.tables.get(table.name);
    let removed = 0;
    for (const [id, row] of store ?? []) {
      const inScope = scope.partitions.some((where) => Object.entries(where).every(([k, v]) => row[k] === v));
      const stale = row._cq_source_name === scope.sourceName && (row._cq_sync_time as Date) < scope.syncTime;
      if (inScope && stale) {
        store?.delete(id);
        removed += 1;
      }
    }
    return removed;
  }

  rows(table: string): Row[] {
    return [...(this.tables.get(table)?.values() ?? [])];
  }

  async close(): Promise<void> {}
}

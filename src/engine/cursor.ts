import { createHash } from 'node:crypto';
import type { StateStore } from '../state/state-store.js';
import type { Item, PartitionContext } from './table.js';

/** JSON with object keys sorted, so the same query always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Item)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The state key of one incremental read: table, account, region and a hash of the query, so two
 * filters of the same table (two lookup_events entries) keep separate cursors, and a changed
 * filter starts afresh instead of resuming another's position.
 */
export function cursorKey(table: string, ctx: PartitionContext, query: Item): string {
  const filter = createHash('sha256').update(stableJson(query)).digest('hex').slice(0, 16);
  return `${table}|${ctx.accountId}|${ctx.region}|${filter}`;
}

/** The cursor of one read: it starts at the stored value and only moves forward. */
export class Cursor {
  constructor(
    readonly key: string,
    readonly stored: string | undefined,
  ) {
    this.value = stored;
  }

  value: string | undefined;

  advance(position: string | undefined): void {
    if (position !== undefined && (this.value === undefined || position > this.value)) this.value = position;
  }

  get moved(): boolean {
    return this.value !== undefined && this.value !== this.stored;
  }

  static async load(state: StateStore | undefined, key: string): Promise<Cursor> {
    return new Cursor(key, await state?.get(key));
  }
}

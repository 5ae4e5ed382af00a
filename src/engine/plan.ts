import type { Partition } from './scheduler.js';
import type { Table } from './table.js';

/** CloudQuery's table selection: names or globs (`*` any run, `?` one character). */
function matches(pattern: string, name: string): boolean {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`).test(name);
}

export interface Selection {
  tables: readonly string[];
  skipTables?: readonly string[];
  /** CloudQuery's default: children are synced only when named themselves, not through a glob. */
  skipDependentTables?: boolean;
}

/**
 * The tables a source syncs. A selected child brings its parent along (it is read under it); with
 * skip_dependent_tables, children come only when named explicitly, never through a glob or parent.
 */
export function selectTables(all: readonly Table[], selection: Selection): Table[] {
  const byName = new Map(all.map((t) => [t.name, t]));
  const skipped = (t: Table) => (selection.skipTables ?? []).some((p) => matches(p, t.name));
  const chosen = new Set<Table>();
  for (const table of all) {
    if (skipped(table)) continue;
    const named = selection.tables.includes(table.name);
    const globbed = selection.tables.some((p) => p !== table.name && matches(p, table.name));
    if (!named && !globbed) continue;
    if (table.parent && !named && (selection.skipDependentTables ?? true)) continue;
    chosen.add(table);
  }
  for (const table of [...chosen]) {
    for (let parent = table.parent ? byName.get(table.parent.table) : undefined; parent; parent = parent.parent ? byName.get(parent.parent.table) : undefined) {
      chosen.add(parent);
    }
  }
  return all.filter((t) => chosen.has(t));
}

/** Child tables by their parent's name, in table order: a child is read under each parent item. */
export function childrenByParent(tables: readonly Table[]): Map<string, Table[]> {
  const children = new Map<string, Table[]>();
  for (const table of tables) {
    if (table.parent) children.set(table.parent.table, [...(children.get(table.parent.table) ?? []), table]);
  }
  return children;
}

export interface PlannedAccount {
  id: string;
  partition: string;
  /** Enabled regions to read, in order; the first is where global tables are read. */
  regions: readonly string[];
  /** Where account-wide (global) tables are read: the account's default region when it is enabled. */
  homeRegion?: string;
}

/** One partition per regional table x account x region, and per global table x account. Children have none. */
export function planPartitions(tables: readonly Table[], accounts: readonly PlannedAccount[]): Partition[] {
  const partitions: Partition[] = [];
  for (const table of tables) {
    if (table.parent) continue;
    for (const account of accounts) {
      const home = account.homeRegion && account.regions.includes(account.homeRegion) ? account.homeRegion : account.regions[0];
      const regions = table.scope === 'global' ? (home ? [home] : []) : account.regions;
      for (const region of regions) partitions.push({ table, ctx: { accountId: account.id, region, partition: account.partition } });
    }
  }
  return partitions;
}

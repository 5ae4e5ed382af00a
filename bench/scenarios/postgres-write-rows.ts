import type { Row } from '../../src/engine/schema.js';
import { primaryKeyOf } from '../../src/engine/schema.js';
import type { Table } from '../../src/engine/table.js';
import { startSandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { tables as registry } from '../../src/tables/index.js';
import { syncFromSandbox } from '../../test/table-testing.js';

/**
 * Rows for the postgres-write scenario: a sample captured from a real sync of the sandbox (so the
 * rows are exactly what the engine hands a destination: Dates, nested objects, nulls), replicated
 * with new keys up to the requested count. Syncing a 1,000,000-row sandbox just to get rows would
 * cost minutes and gigabytes before anything is measured; replicating a sample costs neither and
 * keeps the table mix, the value shapes and the per-partition batch sizes of a real estate.
 */

/** The rows one partition of the sample wrote to one table. */
export interface SampleGroup {
  table: Table;
  accountId: string;
  /** The partition's region; undefined for global tables, whose rows have no region column. */
  region: string | undefined;
  rows: Row[];
}

/** One partition of the engine: a top-level table in one (account, region), with its child tables' rows. */
export interface SamplePartition {
  key: string;
  groups: SampleGroup[];
}

export interface Sample {
  partitions: SamplePartition[];
  rows: number;
  tables: readonly Table[];
}

/** How the sample grows: copies as new accounts (more partitions) and copies inside each cell (bigger partitions). */
export interface ReplicaPlan {
  accountCopies: number;
  cellCopies: number;
  /** Exactly this many rows are produced; the last partition is cut short. */
  rows: number;
}

/** One account copy of one sample partition, with the rows each of its groups contributes. */
export interface Unit {
  copy: number;
  partition: SamplePartition;
  /** Rows per group (index as partition.groups), after the cut at `plan.rows`. */
  counts: number[];
}

const rootOf = (table: Table, byName: ReadonlyMap<string, Table>): Table => {
  let current = table;
  while (current.parent) current = byName.get(current.parent.table) ?? current;
  return current;
};

/** Syncs an in-process sandbox into memory with every table and groups the rows as the engine's partitions wrote them. */
export async function captureSample(options: SandboxOptions): Promise<Sample> {
  const sandbox = await startSandbox({ ...options, throttling: false });
  try {
    const { destination } = await syncFromSandbox(sandbox, registry);
    const byName = new Map(registry.map((t) => [t.name, t]));
    const partitions = new Map<string, SamplePartition>();
    let rows = 0;
    for (const table of registry) {
      const groups = new Map<string, SampleGroup>();
      for (const row of destination.rows(table.name)) {
        const accountId = String(row.account_id);
        const region = table.scope === 'regional' ? String(row.region) : undefined;
        const key = `${accountId}|${region ?? ''}`;
        let group = groups.get(key);
        if (!group) {
          group = { table, accountId, region, rows: [] };
          groups.set(key, group);
          const partitionKey = `${rootOf(table, byName).name}|${key}`;
          const partition = partitions.get(partitionKey) ?? { key: partitionKey, groups: [] };
          partition.groups.push(group);
          partitions.set(partitionKey, partition);
        }
        group.rows.push(row);
        rows += 1;
      }
    }
    checkCqIdPrefixes(registry, destination.rows.bind(destination));
    // Parents before children, as a partition writes them.
    const list = [...partitions.values()].sort((a, b) => a.key.localeCompare(b.key));
    for (const p of list) p.groups.sort((a, b) => Number(Boolean(a.table.parent)) - Number(Boolean(b.table.parent)));
    return { partitions: list, rows, tables: registry };
  } finally {
    await sandbox.close();
  }
}

/** Copies keep the first 20 hex digits of _cq_id; those must tell the sample's rows apart. */
function checkCqIdPrefixes(tables: readonly Table[], rowsOf: (table: string) => Row[]): void {
  for (const table of tables) {
    const seen = new Set<string>();
    for (const row of rowsOf(table.name)) {
      const prefix = String(row._cq_id).slice(0, 23);
      if (seen.has(prefix)) throw new Error(`postgres-write: two sample rows of ${table.name} share a _cq_id prefix`);
      seen.add(prefix);
    }
  }
}

/** Cuts the replicated sample at exactly `plan.rows` rows, account copy by account copy. */
export function planUnits(sample: Sample, plan: ReplicaPlan): Unit[] {
  const units: Unit[] = [];
  let left = plan.rows;
  for (let copy = 0; copy < plan.accountCopies && left > 0; copy++) {
    for (const partition of sample.partitions) {
      if (left <= 0) break;
      const counts = partition.groups.map((g) => {
        const n = Math.min(left, g.rows.length * plan.cellCopies);
        left -= n;
        return n;
      });
      units.push({ copy, partition, counts });
    }
  }
  if (left > 0) throw new Error(`postgres-write: the sample (${sample.rows} rows) times its copies is short of ${plan.rows} rows`);
  return units;
}

/** The copies needed to reach `rows` from a sample of `sampleRows` with `accountCopies` account copies. */
export function replicaPlan(sampleRows: number, rows: number, accountCopies: number): ReplicaPlan {
  return { accountCopies, cellCopies: Math.max(1, Math.ceil(rows / (sampleRows * accountCopies))), rows };
}

/** A new 12-digit account id per copy; the original's last nine digits keep the sample's accounts apart. */
export function copyAccount(accountId: string, copy: number): string {
  return `${String(copy).padStart(3, '0')}${accountId.slice(3)}`;
}

/** The copy's id in the last 12 hex digits: the 20 before them are the sample row's own. */
function copyUuid(id: unknown, copyIndex: number): unknown {
  if (typeof id !== 'string') return id;
  return `${id.slice(0, 24)}${copyIndex.toString(16).padStart(12, '0')}`;
}

/** The column whose value gets the copy's suffix: the last text key column that is not where the row was read. */
export function keyColumnOf(table: Table): string | undefined {
  const scope = new Set(['account_id', 'request_account_id', 'request_region']);
  if (table.scope === 'regional') scope.add('region');
  const keys = primaryKeyOf(table.schema);
  const text = keys.filter((k) => !scope.has(k) && table.schema.columns.find((c) => c.name === k)?.type === 'string');
  return text.at(-1);
}

const keyColumns = new Map<Table, string | undefined>();

/**
 * The rows one group of a unit contributes, made one at a time so a writer holds only its batch.
 * Every copy gets new keys (account, key column, _cq_id and _cq_parent_id), and this run's sync time.
 */
export function* unitRows(unit: Unit, groupIndex: number, plan: ReplicaPlan, syncTime: Date): Generator<Row> {
  const group = unit.partition.groups[groupIndex];
  const count = unit.counts[groupIndex] ?? 0;
  if (!group || count === 0) return;
  const { table } = group;
  if (!keyColumns.has(table)) keyColumns.set(table, keyColumnOf(table));
  const keyColumn = keyColumns.get(table);
  const account = copyAccount(group.accountId, unit.copy);
  let produced = 0;
  for (let cell = 0; cell < plan.cellCopies; cell++) {
    const copyIndex = unit.copy * plan.cellCopies + cell;
    const suffix = `#${unit.copy}.${cell}`;
    for (const source of group.rows) {
      if (produced >= count) return;
      const row: Row = { ...source, account_id: account, _cq_sync_time: syncTime };
      if ('request_account_id' in source) row.request_account_id = account;
      if (keyColumn) row[keyColumn] = `${String(source[keyColumn])}${suffix}`;
      row._cq_id = copyUuid(source._cq_id, copyIndex);
      if (source._cq_parent_id) row._cq_parent_id = copyUuid(source._cq_parent_id, copyIndex);
      produced += 1;
      yield row;
    }
  }
}

/** Rows per table over all units, to size the raw COPYs and check what each path wrote. */
export function rowsPerTable(units: readonly Unit[]): Map<Table, number> {
  const counts = new Map<Table, number>();
  for (const unit of units) {
    unit.partition.groups.forEach((g, i) => counts.set(g.table, (counts.get(g.table) ?? 0) + (unit.counts[i] ?? 0)));
  }
  return counts;
}

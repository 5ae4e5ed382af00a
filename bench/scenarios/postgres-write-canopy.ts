import type { Row } from '../../src/engine/schema.js';
import type { Table } from '../../src/engine/table.js';
import type { PostgresDestination } from '../../src/destinations/postgres/postgres-destination.js';
import { copyAccount, unitRows, type ReplicaPlan, type Unit } from './postgres-write-rows.js';


/**
 * canopy's side of the postgres-write scenario: the rows go through the PostgreSQL destination
 * exactly as the engine drives it (src/engine/sync.ts, partition.ts, src/sync/run.ts), without the
 * AWS reads, so only the destination is measured: up to 64 partitions at once, each writing its
 * tables in batches of min(1000, the destination's batch_size) rows and awaiting every write, then
 * one delete-stale per completed (table, account, region), one after another.
 */

/** src/sync/run.ts: MAX_PARTITIONS and MAX_BATCH. */
export const ENGINE_PARTITIONS = 64;
export const ENGINE_BATCH = 1000;

export interface CanopyWriteTimes {
  migrateMs: number;
  writeMs: number;
  deleteStaleMs: number;
  writes: number;
  deletes: number;
}

async function writeUnit(destination: PostgresDestination, unit: Unit, plan: ReplicaPlan, syncTime: Date, batchSize: number): Promise<number> {
  let writes = 0;
  const groups = unit.partition.groups;
  for (let index = 0; index < groups.length; index++) {
    const table = groups[index]?.table as Table;
    let batch: Row[] = [];
    for (const row of unitRows(unit, index, plan, syncTime)) {
      batch.push(row);
      if (batch.length >= batchSize) {
        await destination.write(table.schema, batch);
        writes += 1;
        batch = [];
      }
    }
    if (batch.length > 0) {
      await destination.write(table.schema, batch);
      writes += 1;
    }
  }
  return writes;
}

/** Migrates, writes every unit and deletes stale rows, timing each step. */
export async function writeThroughCanopy(
  destination: PostgresDestination,
  tables: readonly Table[],
  units: readonly Unit[],
  plan: ReplicaPlan,
  sync: { sourceName: string; syncTime: Date },
): Promise<CanopyWriteTimes> {
  let started = performance.now();
  await destination.migrate(
    tables.map((t) => t.schema),
    'safe',
  );
  const migrateMs = performance.now() - started;

  const batchSize = Math.min(ENGINE_BATCH, destination.batchSize);
  let next = 0;
  let writes = 0;
  const worker = async (): Promise<void> => {
    for (let unit = units[next++]; unit; unit = units[next++]) {
      // Awaited first: \`writes += await ...\` would add to the value read before the await.
      const n = await writeUnit(destination, unit, plan, sync.syncTime, batchSize);
      writes += n;
    }
  };
  started = performance.now();
  await Promise.all(Array.from({ length: ENGINE_PARTITIONS }, worker));
  const writeMs = performance.now() - started;

  // The engine deletes stale rows after all reads, one partition result after another: every planned
  // partition (table x account x region, global tables once per account) and each of its child tables,
  // whether or not it had rows.
  started = performance.now();
  let deletes = 0;
  for (const scope of staleScopes(tables, units)) {
    await destination.deleteStale(scope.table.schema, { sourceName: sync.sourceName, syncTime: sync.syncTime, where: scope.where });
    deletes += 1;
  }
  const deleteStaleMs = performance.now() - started;
  return { migrateMs, writeMs, deleteStaleMs, writes, deletes };
}

/** The delete-stale calls of a sync of the replicated org, in the engine's order. */
export function staleScopes(tables: readonly Table[], units: readonly Unit[]): Array<{ table: Table; where: Record<string, string> }> {
  const accounts = new Set<string>();
  const regions = new Set<string>();
  for (const unit of units) {
    for (const group of unit.partition.groups) {
      accounts.add(copyAccount(group.accountId, unit.copy));
      if (group.region) regions.add(group.region);
    }
  }
  const children = new Map<string, Table[]>();
  for (const t of tables) if (t.parent) children.set(t.parent.table, [...(children.get(t.parent.table) ?? []), t]);
  const family = (t: Table): Table[] => [t, ...(children.get(t.name) ?? []).flatMap(family)];
  const scopes: Array<{ table: Table; where: Record<string, string> }> = [];
  for (const account of accounts) {
    for (const top of tables) {
      // Incremental tables keep their older rows: the engine never deletes them as stale.
      if (top.parent || top.incremental) continue;
      for (const region of top.scope === 'regional' ? [...regions] : [undefined]) {
        for (const table of family(top)) {
          scopes.push({ table, where: table.scope === 'regional' && region ? { account_id: account, region } : { account_id: account } });
        }
      }
    }
  }
  return scopes;
}

import type { Destination } from '../../src/destinations/destination.js';
import type { Row, TableSchema } from '../../src/engine/schema.js';
import { deleteStaleRows } from '../../src/engine/sync.js';
import { SyncWriter } from '../../src/engine/writer.js';
import type { Table } from '../../src/engine/table.js';
import type { PostgresDestination } from '../../src/destinations/postgres/postgres-destination.js';
import { copyAccount, unitRows, type ReplicaPlan, type Unit } from './postgres-write-rows.js';


/**
 * canopy's side of the postgres-write scenario: the rows go through the PostgreSQL destination
 * exactly as the engine drives it (src/engine/sync.ts, writer.ts, src/sync/run.ts), without the
 * AWS reads, so only the destination is measured: up to 64 partitions at once adding their rows to
 * the engine's SyncWriter (batches of min(1000, the destination's batch_size) rows per table,
 * shared across partitions), then the engine's delete-stale: one call per table.
 */

/** src/sync/run.ts: MAX_PARTITIONS and MAX_BATCH. */
export const ENGINE_PARTITIONS = 64;
export const ENGINE_BATCH = 10_000;

export interface CanopyWriteTimes {
  migrateMs: number;
  writeMs: number;
  deleteStaleMs: number;
  writes: number;
  deletes: number;
}

/** One partition's rows, added to the writer shared by every partition (src/engine/partition.ts). */
async function writeUnit(writer: SyncWriter, unit: Unit, plan: ReplicaPlan, syncTime: Date): Promise<void> {
  const groups = unit.partition.groups;
  for (let index = 0; index < groups.length; index++) {
    const table = groups[index]?.table as Table;
    for (const row of unitRows(unit, index, plan, syncTime)) await writer.add(table, row);
  }
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
  let writes = 0;
  // Counts the destination's writes: the engine's batches, as the writer forms them.
  const counted: Destination = {
    name: destination.name,
    writeMode: destination.writeMode,
    migrate: (t, mode) => destination.migrate(t, mode),
    write: (table: TableSchema, rows: readonly Row[]) => {
      writes += 1;
      return destination.write(table, rows);
    },
    deleteStale: (table, scope) => destination.deleteStale(table, scope),
    close: () => destination.close(),
  };
  const writer = new SyncWriter({ destinations: [counted], batchSize, flushIntervalMs: destination.batchTimeoutMs });
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let unit = units[next++]; unit; unit = units[next++]) await writeUnit(writer, unit, plan, sync.syncTime);
  };
  started = performance.now();
  await Promise.all(Array.from({ length: ENGINE_PARTITIONS }, worker));
  await writer.close();
  const writeMs = performance.now() - started;

  // The engine deletes stale rows after all reads: one call per table, covering every planned
  // partition of it (table x account x region, global tables once per account) and of its children.
  started = performance.now();
  const scopes = staleScopes(tables, units);
  const results = scopes.map((s) => ({ table: s.table.name, accountId: s.where.account_id as string, region: s.where.region ?? '', status: 'ok' as const }));
  await deleteStaleRows({ tables, destinations: [destination], sync }, results);
  const deleteStaleMs = performance.now() - started;
  return { migrateMs, writeMs, deleteStaleMs, writes, deletes: new Set(scopes.map((s) => s.table)).size };
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

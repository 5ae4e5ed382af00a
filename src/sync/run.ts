import { randomUUID } from 'node:crypto';
import { createCaller, verdictOf } from '../aws/caller.js';
import { ClientPool } from '../aws/clients.js';
import { discoverAccounts, type DiscoveryResult } from '../aws/accounts.js';
import { resolveAccountRegions, type AccountRegions } from '../aws/regions.js';
import type { AwsLog } from '../aws/types.js';
import type { CanopyConfig, LoadedSource } from '../config/load-config.js';
import type { Destination } from '../destinations/destination.js';
import type { StateStore } from '../state/state-store.js';
import { planPartitions, selectTables } from '../engine/plan.js';
import type { PartitionResult, SyncSummary } from '../engine/summary.js';
import { runSync } from '../engine/sync.js';
import type { Table } from '../engine/table.js';
import { tables as registry } from '../tables/index.js';
import { awsOptions } from './aws-options.js';
import { openDestination } from './destinations.js';
import { openStateStore } from './state.js';

export interface SourceResult {
  source: string;
  discovery: Pick<DiscoveryResult, 'skipped' | 'failed' | 'unknownOrganizationUnits'> & { accounts: string[] };
  regions: AccountRegions[];
  summary: SyncSummary;
}

export interface SyncConfigOptions {
  log?: AwsLog;
  signal?: AbortSignal;
  onPartition?: (result: PartitionResult, source: string) => void;
  /** Called once a source's plan is known, before reading: how many partitions it will read. */
  onPlan?: (partitions: number, source: string) => void;
  /** The run's id ({{SYNC_ID}} in file and S3 paths); one is made up when absent. */
  syncId?: string;
  /** Tables to choose from; the full registry by default (tests pass fewer). */
  tables?: readonly Table[];
}

/** Partitions read at once. CloudQuery's `concurrency` counts goroutines; here it bounds in-flight calls. */
const MAX_PARTITIONS = 64;
const MAX_BATCH = 1000;

async function syncSource(config: CanopyConfig, source: LoadedSource, options: SyncConfigOptions): Promise<SourceResult> {
  const spec = source.spec;
  const aws = awsOptions(spec);
  const ignoreErrorCodes = spec.ignore_error_codes;
  const log = options.log;
  // aws_debug: the SDK's own request/response log (it filters sensitive members), as debug lines.
  const sdkLine = (level: 'debug' | 'info' | 'warn') => (...parts: unknown[]) => log?.(level, parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' '));
  const sdkLogger = spec.aws_debug && log ? { debug: sdkLine('debug'), info: sdkLine('debug'), warn: sdkLine('warn'), error: sdkLine('warn') } : undefined;
  const pool = new ClientPool({ ...aws, log, sdkLogger });
  const destinations: Destination[] = [];
  let state: StateStore | undefined;
  try {
    for (const name of source.destinations) {
      const loaded = config.destinations.find((d) => d.name === name);
      if (loaded) destinations.push(await openDestination(loaded, options.syncId));
    }
    state = await openStateStore(config, source);
    const discovery = await discoverAccounts(aws, { pool, log: options.log, ignoreErrorCodes });
    const regions = await resolveAccountRegions(discovery.accounts, pool, { concurrency: spec.initialization_concurrency, ignoreErrorCodes });
    const tables = selectTables(options.tables ?? registry, {
      tables: source.tables,
      skipTables: source.skip_tables,
      skipDependentTables: source.skip_dependent_tables,
    });
    const planned = discovery.accounts.map((account) => ({
      id: account.id,
      partition: account.partition,
      regions: regions.find((r) => r.accountId === account.id)?.regions ?? [],
      homeRegion: account.defaultRegion,
    }));
    const partitions = planPartitions(tables, planned);
    options.onPlan?.(partitions.length, source.name);
    const summary = await runSync({
      partitions,
      tables,
      caller: createCaller(pool, new Map(discovery.accounts.map((a) => [a.id, a])), { ignoreErrorCodes }),
      classify: (err) => verdictOf(err, { ignoreErrorCodes }),
      destinations,
      migrateModes: new Map(config.destinations.map((d) => [d.name, d.migrate_mode])),
      state,
      tableOptions: spec.table_options,
      sync: { sourceName: source.name, syncTime: new Date() },
      scheduler: spec.scheduler,
      concurrency: Math.min(spec.concurrency, MAX_PARTITIONS),
      // Bounded too by memory: every partition in flight holds at most one batch.
      batchSize: Math.min(MAX_BATCH, ...destinations.map(batchSizeOf)),
      signal: options.signal,
      onPartition: (result) => options.onPartition?.(result, source.name),
    });
    return {
      source: source.name,
      discovery: {
        accounts: discovery.accounts.map((a) => a.id),
        skipped: discovery.skipped,
        failed: discovery.failed,
        unknownOrganizationUnits: discovery.unknownOrganizationUnits,
      },
      regions,
      summary,
    };
  } finally {
    await state?.close();
    for (const destination of destinations) await destination.close();
    pool.destroy();
  }
}

function batchSizeOf(destination: Destination): number {
  const size = (destination as { batchSize?: unknown }).batchSize;
  return typeof size === 'number' && size > 0 ? size : 1000;
}

/** Syncs every source of a loaded config into its destinations, one source after another. */
export async function syncConfig(config: CanopyConfig, options: SyncConfigOptions = {}): Promise<SourceResult[]> {
  const results: SourceResult[] = [];
  // One id for the whole run, so every source's destinations name the same sync.
  const run = { ...options, syncId: options.syncId ?? randomUUID() };
  for (const source of config.sources) results.push(await syncSource(config, source, run));
  return results;
}

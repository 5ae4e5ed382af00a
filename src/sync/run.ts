import { randomUUID } from 'node:crypto';
import { createCaller, verdictOf } from '../aws/caller.js';
import { ClientPool } from '../aws/clients.js';
import { streamAccounts, type AccountStream, type DiscoveredAccount, type DiscoveryResult } from '../aws/accounts.js';
import { resolveRegions, type AccountRegions } from '../aws/regions.js';
import type { AwsLog } from '../aws/types.js';
import type { CanopyConfig, LoadedSource } from '../config/load-config.js';
import type { Destination } from '../destinations/destination.js';
import type { StateStore } from '../state/state-store.js';
import { selectTables } from '../engine/plan.js';
import type { PartitionResult, SyncSummary } from '../engine/summary.js';
import { runSync } from '../engine/sync.js';
import type { Table } from '../engine/table.js';
import { tables as registry } from '../tables/index.js';
import { awsOptions } from './aws-options.js';
import { ClientReleases } from './client-release.js';
import { openDestination } from './destinations.js';
import { planBatches } from './plan-stream.js';
import { openStateStore } from './state.js';
import { compareText } from '../engine/compare.js';

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
  /**
   * Called as a source's plan grows, once per discovered account (reading starts with the first
   * account, while the others are still being discovered): `partitions` is the source's running
   * total, and `complete` is true on the last call, once every account is planned.
   */
  onPlan?: (partitions: number, source: string, complete: boolean) => void;
  /** The run's id ({{SYNC_ID}} in file and S3 paths); one is made up when absent. */
  syncId?: string;
  /** Tables to choose from; the full registry by default (tests pass fewer). */
  tables?: readonly Table[];
}

/** Partitions read at once. CloudQuery's `concurrency` counts goroutines; here it bounds in-flight calls. */
const MAX_PARTITIONS = 64;
/** Rows per write at most; the engine's writer holds up to four batches over all tables. */
const MAX_BATCH = 10_000;

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
  let stream: AccountStream<AccountRegions> | undefined;
  try {
    for (const name of source.destinations) {
      const loaded = config.destinations.find((d) => d.name === name);
      if (loaded) destinations.push(await openDestination(loaded, options.syncId));
    }
    state = await openStateStore(config, source);
    const tables = selectTables(options.tables ?? registry, {
      tables: source.tables,
      skipTables: source.skip_tables,
      skipDependentTables: source.skip_dependent_tables,
    });
    // Each account's regions are resolved in its discovery slot, and its partitions go to the
    // engine at once: reading starts with the first account while the others are discovered.
    stream = streamAccounts(aws, { pool, log: options.log, ignoreErrorCodes, prepare: (account) => resolveRegions(account, pool, { ignoreErrorCodes }) });
    // The organization admin's credentials fail the sync before anything is read, as before.
    await stream.started;
    const accounts = new Map<string, DiscoveredAccount>();
    const regions: AccountRegions[] = [];
    // An account's clients of a service are dropped once its partitions using them are read: an
    // organization's clients would otherwise all stay until the sync ends.
    const releases = new ClientReleases(tables, (accountId, clientClass) => pool.release(accountId, clientClass));
    const partitions = releases.track(planBatches(stream, tables, { accounts, regions, onPlan: (count, complete) => options.onPlan?.(count, source.name, complete) }));
    const summary = await runSync({
      partitions,
      tables,
      caller: createCaller(pool, accounts, { ignoreErrorCodes }),
      classify: (err) => verdictOf(err, { ignoreErrorCodes }),
      destinations,
      migrateModes: new Map(config.destinations.map((d) => [d.name, d.migrate_mode])),
      state,
      tableOptions: spec.table_options,
      sync: { sourceName: source.name, syncTime: new Date() },
      scheduler: spec.scheduler,
      concurrency: Math.min(spec.concurrency, MAX_PARTITIONS),
      batchSize: Math.min(MAX_BATCH, ...destinations.map(batchSizeOf)),
      flushIntervalMs: Math.min(...destinations.map(batchTimeoutOf)),
      signal: options.signal,
      onPartition: (result) => {
        releases.read(result);
        options.onPartition?.(result, source.name);
      },
    });
    // The engine has read everything it was given; when it stopped early (cancelled, a destination
    // failed), the accounts not yet set up are left out instead of being waited for.
    stream.stop();
    const discovery = await stream.result;
    regions.sort((a, b) => compareText(a.accountId, b.accountId));
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
    // Discovery may still be under way (cancelled, or the engine stopped): no client may outlive the pool.
    stream?.stop();
    await stream?.result.catch(() => undefined);
    await state?.close();
    for (const destination of destinations) await destination.close();
    pool.destroy();
  }
}

/** A destination's batch_size (1,000 rows when it has none). */
function batchSizeOf(destination: Destination): number {
  return destination.batchSize && destination.batchSize > 0 ? destination.batchSize : 1000;
}

/** A destination's batch_timeout: how long its rows may wait for a batch to fill (10 s when it has none). */
function batchTimeoutOf(destination: Destination): number {
  return destination.batchTimeoutMs && destination.batchTimeoutMs > 0 ? destination.batchTimeoutMs : 10_000;
}

/** Syncs every source of a loaded config into its destinations, one source after another. */
export async function syncConfig(config: CanopyConfig, options: SyncConfigOptions = {}): Promise<SourceResult[]> {
  const results: SourceResult[] = [];
  // One id for the whole run, so every source's destinations name the same sync.
  const run = { ...options, syncId: options.syncId ?? randomUUID() };
  for (const source of config.sources) results.push(await syncSource(config, source, run));
  return results;
}

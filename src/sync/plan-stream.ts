import type { DiscoveredAccount, ReadyAccount } from '../aws/accounts.js';
import type { AccountRegions } from '../aws/regions.js';
import { planPartitions } from '../engine/plan.js';
import type { Partition } from '../engine/scheduler.js';
import type { Table } from '../engine/table.js';

/** Where planBatches leaves what it saw, for the Caller (accounts) and the summary (regions). */
export interface PlanSink {
  /** Each account is added before its partitions are handed out, so the Caller finds its credentials. */
  accounts: Map<string, DiscoveredAccount>;
  /** Each account's regions, in arrival order. */
  regions: AccountRegions[];
  /** After each account: the partitions planned so far, and whether the plan is now complete. */
  onPlan?: (partitions: number, complete: boolean) => void;
}

/**
 * The partitions of each account as soon as its regions are known: one batch per account, for
 * runSync, which starts reading the first batch while later accounts are still being discovered.
 * Accounts without a region to read add no batch.
 */
export async function* planBatches(accounts: AsyncIterable<ReadyAccount<AccountRegions>>, tables: readonly Table[], sink: PlanSink): AsyncGenerator<readonly Partition[]> {
  let total = 0;
  for await (const { account, prepared: regions } of accounts) {
    sink.accounts.set(account.id, account);
    sink.regions.push(regions);
    const batch = planPartitions(tables, [{ id: account.id, partition: account.partition, regions: regions.regions, homeRegion: account.defaultRegion }]);
    total += batch.length;
    sink.onPlan?.(total, false);
    if (batch.length > 0) yield batch;
  }
  sink.onPlan?.(total, true);
}

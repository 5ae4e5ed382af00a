import { createCaller, verdictOf } from '../src/aws/caller.js';
import { ClientPool, type PoolAccount } from '../src/aws/clients.js';
import { createCredentialProvider } from '../src/aws/credentials.js';
import type { Partition } from '../src/engine/scheduler.js';
import type { SyncSummary } from '../src/engine/summary.js';
import { runSync, type SyncOptions } from '../src/engine/sync.js';
import type { Table } from '../src/engine/table.js';
import type { Sandbox } from '../src/sandbox/index.js';
import { MemoryDestination } from './memory-destination.js';
import { sandboxOrgConfig } from '../src/sandbox/org-config.js';

/**
 * Syncs tables from a sandbox through the real AWS layer (client pool, credentials, classifier)
 * into a MemoryDestination: every active account with its own keys, every enabled region, global
 * tables once per account in its first region. Child tables ride along with their parents.
 */
export async function syncFromSandbox(
  sandbox: Sandbox,
  tables: readonly Table[],
  extra: Pick<SyncOptions, 'tableOptions' | 'state'> = {},
): Promise<{ destination: MemoryDestination; summary: SyncSummary }> {
  const truth = sandbox.truth();
  const pool = new ClientPool({ customEndpointUrl: sandbox.endpoint, customEndpointHostnameImmutable: true, maxRetries: 5 });
  const active = truth.organization.accounts.filter((a) => a.status === 'ACTIVE');
  const accounts = new Map<string, PoolAccount>(
    active.map((a) => {
      const keys = sandbox.credentialsFor(a.id);
      return [a.id, { id: a.id, credentials: createCredentialProvider({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }) }];
    }),
  );
  const partitions: Partition[] = active.flatMap((a) =>
    tables
      .filter((t) => !t.parent)
      .flatMap((table) =>
        (table.scope === 'global' ? a.enabledRegions.slice(0, 1) : a.enabledRegions).map((region) => ({ table, ctx: { accountId: a.id, region, partition: 'aws' } })),
      ),
  );
  const destination = new MemoryDestination();
  try {
    const summary = await runSync({
      partitions,
      tables,
      caller: createCaller(pool, accounts),
      classify: (e) => verdictOf(e),
      destinations: [destination],
      sync: { sourceName: 'aws', syncTime: new Date() },
      ...extra,
    });
    return { destination, summary };
  } finally {
    pool.destroy();
  }
}

/** A kind's count in the sandbox's truth: per account and region, or summed. */
export function truthCount(sandbox: Sandbox, kind: string, accountId?: string, region?: string): number {
  let total = 0;
  for (const [account, regions] of Object.entries(sandbox.truth().resources[kind] ?? {})) {
    if (accountId && account !== accountId) continue;
    for (const [r, n] of Object.entries(regions)) if (!region || r === region) total += n;
  }
  return total;
}

/**
 * The sandbox organization's config (src/sandbox/org-config.ts) as the tests sync it: two retries
 * per call, so a failing call fails fast; `orgExtra` adds lines under `org:` (6-space indent).
 */
export function orgConfigText(options: {
  endpoint: string;
  keys: { accessKeyId: string; secretAccessKey: string };
  db: string;
  regions?: readonly string[];
  tables?: readonly string[];
  orgExtra?: string;
  /** Another destination instead of the sqlite file: its name and its document's `spec` lines. */
  destination?: { name: string; path: string; spec: string };
  /** Lines added under the source's top-level spec (backend_options, skip_dependent_tables). */
  sourceExtra?: string;
}): string {
  const { keys, orgExtra, ...rest } = options;
  // org's lines first: a 4-space key after them closes the org block.
  return sandboxOrgConfig({ ...rest, credentials: keys, specExtra: `${orgExtra ? `${orgExtra.trimEnd()}\n` : ''}    max_retries: 2` });
}

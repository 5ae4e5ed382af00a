import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { ClientSource, PoolAccount } from './clients.js';
import { classifyError, type ClassifiedError } from './errors.js';
import { createLimiter } from './limit.js';

/** DescribeRegions statuses of usable regions. */
const ENABLED = new Set(['opt-in-not-required', 'opted-in']);

export interface RegionAccount extends PoolAccount {
  defaultRegion: string;
  /** Undefined, empty or containing `*`: every enabled region. Entries may use `*`/`?` globs (`eu-*`). */
  regions: string[] | undefined;
}

export interface AccountRegions {
  accountId: string;
  /** What to sync, sorted. */
  regions: string[];
  /** Configured regions the account cannot use, with DescribeRegions' status (`not-opted-in`, or `unknown`). */
  notEnabled: Array<{ region: string; status: string }>;
  /** DescribeRegions failed: explicit regions are used as configured; `*` yields none. */
  error?: ClassifiedError;
}

function isWildcard(filter: readonly string[] | undefined): boolean {
  return !filter || filter.length === 0 || filter.includes('*');
}

function pattern(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/**
 * The regions to sync for one account: its enabled regions (DescribeRegions with AllRegions:
 * opt-in-not-required or opted-in) intersected with the configured filter. Configured regions the
 * account has not enabled are reported, not synced: AWS would answer every call there with an
 * auth failure.
 */
export async function resolveRegions(account: RegionAccount, clients: ClientSource, options: { ignoreErrorCodes?: readonly string[] } = {}): Promise<AccountRegions> {
  const filter = account.regions;
  let statuses: Map<string, string>;
  try {
    const ec2 = clients.client(account, account.defaultRegion, EC2Client);
    const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    statuses = new Map((out.Regions ?? []).flatMap((r) => (r.RegionName ? [[r.RegionName, r.OptInStatus ?? 'opt-in-not-required'] as const] : [])));
  } catch (err) {
    const error = classifyError(err, options);
    const explicit = isWildcard(filter) ? [] : (filter ?? []).filter((r) => !/[*?]/.test(r));
    return { accountId: account.id, regions: [...new Set(explicit)].sort(), notEnabled: [], error };
  }
  const enabled = [...statuses].filter(([, status]) => ENABLED.has(status)).map(([name]) => name);
  if (isWildcard(filter)) return { accountId: account.id, regions: enabled.sort(), notEnabled: [] };
  const patterns = (filter ?? []).map(pattern);
  const regions = enabled.filter((name) => patterns.some((p) => p.test(name))).sort();
  const notEnabled = [...new Set(filter)]
    .filter((r) => !/[*?]/.test(r) && !regions.includes(r))
    .sort()
    .map((region) => ({ region, status: statuses.get(region) ?? 'unknown' }));
  return { accountId: account.id, regions, notEnabled };
}

/** resolveRegions for many accounts, at most `concurrency` at once (initialization_concurrency). */
export async function resolveAccountRegions(accounts: readonly RegionAccount[], clients: ClientSource, options: { concurrency?: number; ignoreErrorCodes?: readonly string[] } = {}): Promise<AccountRegions[]> {
  const limit = createLimiter(options.concurrency ?? 4);
  return Promise.all(accounts.map((account) => limit(() => resolveRegions(account, clients, options))));
}

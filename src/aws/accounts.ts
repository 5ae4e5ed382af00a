import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ClientPool, type PoolAccount } from './clients.js';
import { assumeRoleProvider, createCredentialProvider, DEFAULT_REGION, type CredentialContext, type CredentialProvider } from './credentials.js';
import { partitionOfArn, partitionOfRegion } from './endpoint.js';
import { classifyError, type ClassifiedError } from './errors.js';
import { createLimiter, type Limiter } from './limit.js';
import { listOrganizationAccounts } from './organizations.js';
import type { AccountSpec, AwsLog, AwsSourceOptions } from './types.js';

export const DEFAULT_INITIALIZATION_CONCURRENCY = 4;

export interface DiscoveredAccount extends PoolAccount {
  /** The 12-digit account id. */
  id: string;
  /** The config's `id` for listed accounts, the account name for organization members. */
  alias: string;
  name: string | undefined;
  partition: string;
  /** Region for STS and account-wide calls. */
  defaultRegion: string;
  /** The configured filter (per account, member_regions, or global); undefined or `*` = every enabled region. */
  regions: string[] | undefined;
  source: 'listed' | 'organization' | 'default';
  credentials: CredentialProvider;
}

export interface SkippedAccount {
  id: string;
  name: string | undefined;
  code: 'suspended' | 'skip-member-accounts';
  reason: string;
}

export interface FailedAccount {
  /** The account id when known, else the alias. */
  id: string;
  alias: string;
  error: ClassifiedError;
}

export interface DiscoveryResult {
  accounts: DiscoveredAccount[];
  skipped: SkippedAccount[];
  /** Accounts whose credentials could not be obtained or verified: reported, the rest still sync. */
  failed: FailedAccount[];
  /** organization_units / skip_organization_units not found in the tree (or inside a skipped OU). */
  unknownOrganizationUnits: string[];
}

export interface DiscoveryOptions {
  /** Clients for STS and Organizations; a private pool (destroyed afterwards) when absent. */
  pool?: ClientPool;
  log?: AwsLog;
  /** GetCallerIdentity with every account's credentials (default true): fails early and warms the cache. */
  verify?: boolean;
  ignoreErrorCodes?: readonly string[];
  /** Passed to every credential provider (tests shorten the refresh window). */
  refreshWindowMs?: number;
}

interface Identity {
  account: string;
  arn: string;
}

class Discovery {
  readonly limit: Limiter;
  readonly context: CredentialContext;
  private readonly pool: ClientPool;
  private readonly ownsPool: boolean;

  constructor(
    readonly source: AwsSourceOptions,
    readonly options: DiscoveryOptions,
  ) {
    this.limit = createLimiter(source.initializationConcurrency ?? DEFAULT_INITIALIZATION_CONCURRENCY);
    this.context = { endpoint: source, retry: source, refreshWindowMs: options.refreshWindowMs };
    this.ownsPool = !options.pool;
    this.pool = options.pool ?? new ClientPool({ ...source, log: options.log });
  }

  close(): void {
    if (this.ownsPool) this.pool.destroy();
  }

  async identity(key: string, credentials: CredentialProvider, region: string): Promise<Identity> {
    const sts = this.pool.client({ id: `discovery:${key}`, credentials }, region, STSClient);
    const out = await this.limit(() => sts.send(new GetCallerIdentityCommand({})));
    if (!out.Account || !out.Arn) throw new Error('GetCallerIdentity returned no account');
    return { account: out.Account, arn: out.Arn };
  }

  partition(arn: string | undefined, region: string): string {
    return partitionOfArn(arn) ?? this.source.customEndpointPartitionId ?? partitionOfRegion(region);
  }

  fail(id: string, alias: string, err: unknown): FailedAccount {
    const error = classifyError(err, { ignoreErrorCodes: this.options.ignoreErrorCodes });
    this.options.log?.('warn', 'account skipped: credentials not usable', { account: alias, reason: error.reason });
    return { id, alias, error };
  }

  organizations(credentials: CredentialProvider, region: string): OrganizationsClient {
    return this.pool.client({ id: 'discovery:org-admin', credentials }, region, OrganizationsClient);
  }
}

/** Listed accounts (or the default chain): the real id and partition come from GetCallerIdentity. */
async function discoverListed(d: Discovery, specs: AccountSpec[], source: DiscoveredAccount['source']): Promise<DiscoveryResult> {
  const result: DiscoveryResult = { accounts: [], skipped: [], failed: [], unknownOrganizationUnits: [] };
  await Promise.all(
    specs.map(async (spec, index) => {
      const alias = spec.id ?? `account-${index + 1}`;
      const region = spec.defaultRegion ?? DEFAULT_REGION;
      try {
        const credentials = createCredentialProvider(spec, d.context);
        const who = await d.identity(alias, credentials, region);
        result.accounts.push({
          id: who.account,
          alias: spec.id ?? who.account,
          name: undefined,
          partition: d.partition(who.arn, region),
          defaultRegion: region,
          regions: spec.regions ?? d.source.regions,
          source,
          credentials,
        });
      } catch (err) {
        result.failed.push(d.fail(alias, alias, err));
      }
    }),
  );
  return result;
}

async function discoverOrganization(d: Discovery): Promise<DiscoveryResult> {
  const org = d.source.org;
  if (!org) throw new Error('discoverOrganization needs org');
  const adminSpec = org.adminAccount ?? {};
  const region = adminSpec.defaultRegion ?? DEFAULT_REGION;
  const admin = createCredentialProvider(adminSpec, d.context);
  const adminIdentity = await d.identity('org-admin', admin, region);
  const partition = d.partition(adminIdentity.arn, region);
  const walk = await listOrganizationAccounts(d.organizations(admin, region), org, d.limit);
  const trusted = org.memberTrustedPrincipal ? createCredentialProvider(org.memberTrustedPrincipal, d.context) : undefined;
  const skipMembers = new Set(org.skipMemberAccounts ?? []);
  const result: DiscoveryResult = { accounts: [], skipped: [], failed: [], unknownOrganizationUnits: walk.unknownUnits };
  for (const member of walk.accounts) {
    if (member.status !== undefined && member.status !== 'ACTIVE') {
      result.skipped.push({ id: member.id, name: member.name, code: 'suspended', reason: `account is ${member.status.toLowerCase()}` });
    } else if (skipMembers.has(member.id)) {
      result.skipped.push({ id: member.id, name: member.name, code: 'skip-member-accounts', reason: 'listed in skip_member_accounts' });
    } else {
      // The admin account needs no member role to read itself (the management account has no
      // OrganizationAccountAccessRole); a trusted principal still assumes the role everywhere.
      const credentials =
        member.id === adminIdentity.account && !trusted
          ? admin
          : assumeRoleProvider(
              {
                roleArn: `arn:${partition}:iam::${member.id}:role/${org.memberRoleName}`,
                sessionName: org.memberRoleSessionName,
                externalId: org.memberExternalId,
                region,
              },
              trusted ?? admin,
              d.context,
            );
      result.accounts.push({
        id: member.id,
        alias: member.name ?? member.id,
        name: member.name,
        partition,
        defaultRegion: region,
        regions: org.memberRegions ?? d.source.regions,
        source: 'organization',
        credentials,
      });
    }
  }
  if (walk.unknownUnits.length > 0) {
    d.options.log?.('warn', 'organization units not found in the organization', { units: walk.unknownUnits.join(',') });
  }
  return result;
}

/** Checks every account's keys (bounded); accounts whose keys fail move to `failed`. */
async function verifyAccounts(d: Discovery, result: DiscoveryResult): Promise<void> {
  const checked = await Promise.all(
    result.accounts.map(async (account) => {
      try {
        const who = await d.identity(`${account.source}:${account.id}`, account.credentials, account.defaultRegion);
        if (who.account !== account.id) throw new Error(`credentials for ${account.id} belong to account ${who.account}`);
        return { account, failure: undefined };
      } catch (err) {
        return { account, failure: d.fail(account.id, account.alias, err) };
      }
    }),
  );
  result.accounts = checked.filter((c) => !c.failure).map((c) => c.account);
  result.failed.push(...checked.flatMap((c) => (c.failure ? [c.failure] : [])));
}

/**
 * The accounts of one sync: the listed ones, or the organization's members seen from the admin
 * account, or the default chain's account. Runs on every sync, so new members are picked up
 * without a config change. `initializationConcurrency` bounds all its AWS calls.
 */
export async function discoverAccounts(source: AwsSourceOptions, options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const d = new Discovery(source, options);
  try {
    let result: DiscoveryResult;
    if (source.org) {
      result = await discoverOrganization(d);
      if (options.verify ?? true) await verifyAccounts(d, result);
    } else if (source.accounts && source.accounts.length > 0) {
      result = await discoverListed(d, source.accounts, 'listed');
    } else {
      result = await discoverListed(d, [{}], 'default');
    }
    result.accounts.sort((a, b) => a.id.localeCompare(b.id));
    options.log?.('info', 'accounts discovered', { accounts: result.accounts.length, skipped: result.skipped.length, failed: result.failed.length });
    return result;
  } finally {
    d.close();
  }
}

import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AsyncQueue } from './async-queue.js';
import { ClientPool, type PoolAccount } from './clients.js';
import { assumeRoleProvider, createCredentialProvider, DEFAULT_REGION, type AssumeRoleSender, type CredentialContext, type CredentialProvider } from './credentials.js';
import { partitionOfArn, partitionOfRegion } from './endpoint.js';
import { classifyError, type ClassifiedError } from './errors.js';
import { createLimiter, type PriorityLimiter } from './limit.js';
import { listOrganizationAccounts, type OrgAccount } from './organizations.js';
import type { AccountSpec, AwsLog, AwsSourceOptions } from './types.js';
import { compareText } from '../engine/compare.js';

/** CloudQuery's default `initialization_concurrency`: listed accounts set up at once. */
export const DEFAULT_INITIALIZATION_CONCURRENCY = 4;
/**
 * Organization members set up at once when `initialization_concurrency` is not set (a departure
 * from CloudQuery's 4, see docs/ARCHITECTURE.md). Each member's DescribeRegions counts against the
 * member's own EC2 limit, so only latency bounds those; every AssumeRole counts against the
 * calling (admin) account's STS limit, and goes through one pooled STS client whose adaptive rate
 * limiter follows it. More than this mostly buys throttled AssumeRole calls waiting in backoff.
 */
export const DEFAULT_ORGANIZATION_INITIALIZATION_CONCURRENCY = 16;

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
  /**
   * Checks every account's credentials before it is handed over (default true): listed accounts
   * with GetCallerIdentity (which also tells their id), organization members by assuming their
   * role (a successful AssumeRole proves it, so no GetCallerIdentity follows). An account whose
   * check fails is reported in `failed`; the others still sync.
   */
  verify?: boolean;
  ignoreErrorCodes?: readonly string[];
  /** Passed to every credential provider (tests shorten the refresh window). */
  refreshWindowMs?: number;
}

export interface StreamOptions<R> extends DiscoveryOptions {
  /**
   * Runs for each account once its credentials work, inside the account's initialization slot
   * (DescribeRegions, say); its result is handed over with the account. A throw reports the
   * account in `failed`.
   */
  prepare: (account: DiscoveredAccount) => Promise<R>;
}

export interface ReadyAccount<R> {
  account: DiscoveredAccount;
  prepared: R;
}

/**
 * The accounts of one sync as each is set up, in the order they become ready: reading can start
 * with the first while the others are still being discovered. Iterate it once.
 */
export interface AccountStream<R> extends AsyncIterable<ReadyAccount<R>> {
  /**
   * Resolves once discovery itself is under way (the organization admin's credentials work), and
   * rejects with its error otherwise: what makes a sync fail before reading anything.
   */
  readonly started: Promise<void>;
  /**
   * The whole discovery once the last account is set up (accounts sorted by id, skipped, failed,
   * unknown OUs); rejects when discovery itself fails, and the iteration then throws the same error.
   */
  readonly result: Promise<DiscoveryResult>;
  /** Sets up no further accounts (the sync stopped): those in flight finish, the rest are left out. */
  stop(): void;
}

interface Identity {
  account: string;
  arn: string;
}

class Discovery {
  readonly limit: PriorityLimiter;
  readonly context: CredentialContext;
  readonly result: DiscoveryResult = { accounts: [], skipped: [], failed: [], unknownOrganizationUnits: [] };
  private readonly pool: ClientPool;
  private readonly ownsPool: boolean;
  private readonly tasks: Array<Promise<void>> = [];
  private readonly parents = new Map<CredentialProvider, string>();
  private readonly stopping = new AbortController();

  constructor(
    readonly source: AwsSourceOptions,
    readonly options: DiscoveryOptions,
    private readonly ready: (account: DiscoveredAccount) => Promise<void>,
  ) {
    const fallback = source.org ? DEFAULT_ORGANIZATION_INITIALIZATION_CONCURRENCY : DEFAULT_INITIALIZATION_CONCURRENCY;
    this.limit = createLimiter(source.initializationConcurrency ?? fallback);
    this.ownsPool = !options.pool;
    this.pool = options.pool ?? new ClientPool({ ...source, log: options.log });
    this.context = { endpoint: source, retry: source, refreshWindowMs: options.refreshWindowMs };
    // Providers outlive discovery (they refresh during the sync): only a pool that outlives it too may serve them.
    if (options.pool) this.context.assumeRoleClient = (parent, region) => this.assumeRoleClient(parent, region);
  }

  close(): void {
    if (this.ownsPool) this.pool.destroy();
  }

  stop(): void {
    this.stopping.abort();
  }

  get stopSignal(): AbortSignal {
    return this.stopping.signal;
  }

  async identity(key: string, credentials: CredentialProvider, region: string): Promise<Identity> {
    const sts = this.pool.client({ id: `discovery:${key}`, credentials }, region, STSClient);
    const out = await sts.send(new GetCallerIdentityCommand({}));
    if (!out.Account || !out.Arn) throw new Error('GetCallerIdentity returned no account');
    return { account: out.Account, arn: out.Arn };
  }

  /** One pooled STS client per parent and region: every member assumed from that parent shares it. */
  private assumeRoleClient(parent: CredentialProvider, region: string): AssumeRoleSender {
    let key = this.parents.get(parent);
    if (key === undefined) {
      key = `discovery:assume-role:${this.parents.size + 1}`;
      this.parents.set(parent, key);
    }
    const id = key;
    return (input) => this.pool.client({ id, credentials: parent }, region, STSClient).send(new AssumeRoleCommand(input));
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

  /**
   * Sets one account up in its own initialization slot: `check` proves its credentials and gives
   * the account, then it is prepared and handed over. Never rejects: failures land in `failed`.
   */
  admit(id: string, alias: string, check: () => Promise<DiscoveredAccount>): void {
    const task = this.limit(async () => {
      if (this.stopping.signal.aborted) return;
      let account: DiscoveredAccount;
      try {
        account = await check();
      } catch (err) {
        this.result.failed.push(this.fail(id, alias, err));
        return;
      }
      try {
        await this.ready(account);
        this.result.accounts.push(account);
      } catch (err) {
        this.result.failed.push(this.fail(account.id, account.alias, err));
      }
    });
    this.tasks.push(task);
  }

  /** Waits for every admitted account (all are admitted by the time discovery's listing is done). */
  async settled(): Promise<void> {
    await Promise.all(this.tasks);
  }
}

/** Listed accounts (or the default chain): the real id and partition come from GetCallerIdentity. */
function discoverListed(d: Discovery, specs: AccountSpec[], source: DiscoveredAccount['source']): void {
  specs.forEach((spec, index) => {
    const alias = spec.id ?? `account-${index + 1}`;
    const region = spec.defaultRegion ?? DEFAULT_REGION;
    d.admit(alias, alias, async () => {
      const credentials = createCredentialProvider(spec, d.context);
      const who = await d.identity(alias, credentials, region);
      return {
        id: who.account,
        alias: spec.id ?? who.account,
        name: undefined,
        partition: d.partition(who.arn, region),
        defaultRegion: region,
        regions: spec.regions ?? d.source.regions,
        source,
        credentials,
      };
    });
  });
}

/** The admin account's identity, then the members as the organization is listed (see `started`). */
async function discoverOrganization(d: Discovery, started: () => void): Promise<void> {
  const org = d.source.org;
  if (!org) throw new Error('discoverOrganization needs org');
  const adminSpec = org.adminAccount ?? {};
  const region = adminSpec.defaultRegion ?? DEFAULT_REGION;
  const admin = createCredentialProvider(adminSpec, d.context);
  const adminIdentity = await d.limit.first(() => d.identity('org-admin', admin, region));
  started();
  const partition = d.partition(adminIdentity.arn, region);
  const trusted = org.memberTrustedPrincipal ? createCredentialProvider(org.memberTrustedPrincipal, d.context) : undefined;
  const skipMembers = new Set(org.skipMemberAccounts ?? []);
  const verify = d.options.verify ?? true;
  const member = (m: OrgAccount): void => {
    if (m.status !== undefined && m.status !== 'ACTIVE') {
      d.result.skipped.push({ id: m.id, name: m.name, code: 'suspended', reason: `account is ${m.status.toLowerCase()}` });
      return;
    }
    if (skipMembers.has(m.id)) {
      d.result.skipped.push({ id: m.id, name: m.name, code: 'skip-member-accounts', reason: 'listed in skip_member_accounts' });
      return;
    }
    // The admin account needs no member role to read itself (the management account has no
    // OrganizationAccountAccessRole); a trusted principal still assumes the role everywhere.
    const own = m.id === adminIdentity.account && !trusted;
    const credentials = own
      ? admin
      : assumeRoleProvider(
          { roleArn: `arn:${partition}:iam::${m.id}:role/${org.memberRoleName}`, sessionName: org.memberRoleSessionName, externalId: org.memberExternalId, region },
          trusted ?? admin,
          d.context,
        );
    const account: DiscoveredAccount = {
      id: m.id,
      alias: m.name ?? m.id,
      name: m.name,
      partition,
      defaultRegion: region,
      regions: org.memberRegions ?? d.source.regions,
      source: 'organization',
      credentials,
    };
    d.admit(m.id, account.alias, async () => {
      // AssumeRole is the check: its keys are cached for every client of the account. The admin's
      // own keys were checked by GetCallerIdentity above.
      if (verify && !own) await credentials();
      return account;
    });
  };
  // The listing goes ahead of the members waiting for a slot, so every page is read as soon as possible.
  const walk = await listOrganizationAccounts(d.organizations(admin, region), org, d.limit.first, {
    onAccounts: (members) => members.forEach(member),
    signal: d.stopSignal,
  });
  // A stopped walk has not seen the whole tree: what it missed is not unknown.
  if (d.stopSignal.aborted) return;
  d.result.unknownOrganizationUnits = walk.unknownUnits;
  if (walk.unknownUnits.length > 0) {
    d.options.log?.('warn', 'organization units not found in the organization', { units: walk.unknownUnits.join(',') });
  }
}

/**
 * The accounts of one sync, streamed: the listed ones, or the organization's members seen from the
 * admin account, or the default chain's account. Each account is handed over as soon as its
 * credentials work and `prepare` is done, while the others are still being discovered. Runs on
 * every sync, so new members are picked up without a config change. `initializationConcurrency`
 * bounds how many accounts are set up at once (each holds its slot for its calls, so it also
 * bounds discovery's calls in flight).
 */
export function streamAccounts<R>(source: AwsSourceOptions, options: StreamOptions<R>): AccountStream<R> {
  const queue = new AsyncQueue<ReadyAccount<R>>();
  const d = new Discovery(source, options, async (account) => {
    const prepared = await options.prepare(account);
    queue.push({ account, prepared });
  });
  let markStarted = (): void => undefined;
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const result = (async (): Promise<DiscoveryResult> => {
    try {
      if (source.org) {
        await discoverOrganization(d, markStarted);
      } else {
        markStarted();
        const listed = source.accounts ?? [];
        if (listed.length > 0) discoverListed(d, listed, 'listed');
        else discoverListed(d, [{}], 'default');
      }
      await d.settled();
      d.result.accounts.sort((a, b) => compareText(a.id, b.id));
      options.log?.('info', 'accounts discovered', { accounts: d.result.accounts.length, skipped: d.result.skipped.length, failed: d.result.failed.length });
      queue.end();
      return d.result;
    } catch (err) {
      d.stop();
      await d.settled();
      queue.fail(err);
      throw err;
    } finally {
      d.close();
    }
  })();
  // Either settles `started`: a failure before it is reported there (and by `result`).
  const startedOrFailed = Promise.race([started, result.then(() => undefined)]);
  result.catch(() => undefined);
  startedOrFailed.catch(() => undefined);
  return {
    [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
    started: startedOrFailed,
    result,
    stop: () => d.stop(),
  };
}

/** Every account of one sync at once (streamAccounts without the streaming). */
export async function discoverAccounts(source: AwsSourceOptions, options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  return streamAccounts(source, { ...options, prepare: async () => undefined }).result;
}

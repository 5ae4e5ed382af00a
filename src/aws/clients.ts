import { loadConfig, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS } from '@smithy/core/config';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Logger, Provider, RetryStrategyV2 } from '@smithy/types';
import type { CredentialProvider } from './credentials.js';
import { endpointClientConfig, safeUrl } from './endpoint.js';
import { installCallMeter } from './call-meter.js';
import { createRetryStrategy, resolveRetryOptions } from './retry.js';
import type { AwsLog, EndpointOptions, RetryOptions } from './types.js';

/** What the pool needs of an account: a stable key and the account's one credential provider. */
export interface PoolAccount {
  id: string;
  credentials: CredentialProvider;
}

/** Any SDK v3 client: the pool only constructs and destroys them. */
export interface SdkClient {
  destroy(): void;
}

/** The config every pooled client is built with; every SDK v3 client constructor accepts it. */
export interface PooledClientConfig {
  region: string;
  credentials: CredentialProvider;
  endpoint?: string;
  forcePathStyle?: boolean;
  disableHostPrefix?: boolean;
  maxAttempts: number;
  retryStrategy: RetryStrategyV2;
  /** Each command's resolved middleware stack is kept and reused (calls are sent without per-call options). */
  cacheMiddleware: true;
  requestHandler: NodeHttpHandler;
  logger?: Logger;
  /** SharedSdkConfig: resolved once by the pool's first client, then handed to every later one. */
  useFipsEndpoint?: Provider<boolean>;
  useDualstackEndpoint?: Provider<boolean>;
  userAgentAppId?: Provider<string | undefined>;
  authSchemePreference?: Provider<string[]>;
}

/**
 * Client settings canopy has no key for, which the SDK resolves per client from the environment
 * and the shared config files (AWS_USE_FIPS_ENDPOINT / use_fips_endpoint, AWS_USE_DUALSTACK_ENDPOINT
 * / use_dualstack_endpoint, AWS_SDK_UA_APP_ID / sdk_ua_app_id, AWS_AUTH_SCHEME_PREFERENCE /
 * auth_scheme_preference): on the first call of every new client, each walks the env/ini provider
 * chain (a ProviderError thrown and caught per source, the shared files read again). Every client
 * resolves them alike (same environment, same profile), so the pool resolves them once and passes
 * the memoised providers to every client: users' settings still apply, the chain runs once per pool.
 */
type SharedSdkConfig = Pick<PooledClientConfig, 'useFipsEndpoint' | 'useDualstackEndpoint' | 'userAgentAppId' | 'authSchemePreference'>;

/**
 * The app id and auth scheme preference as the first client resolved them: their selectors live in
 * @aws-sdk/core, which canopy does not depend on, and the client keeps their memoised loaders (the
 * app id behind a check of its length). The FIPS and dual-stack settings are taken from the SDK's
 * own loaders instead: a client wraps its FIPS provider with a check of its own region.
 */
function loadersOf(client: SdkClient): Pick<SharedSdkConfig, 'userAgentAppId' | 'authSchemePreference'> {
  const config = (client as { config?: Record<string, unknown> }).config ?? {};
  const loaders: Record<string, unknown> = {};
  for (const key of ['userAgentAppId', 'authSchemePreference']) {
    if (typeof config[key] === 'function') loaders[key] = config[key];
  }
  return loaders;
}

export type ClientConstructor<C extends SdkClient> = new (config: PooledClientConfig) => C;

/**
 * The engine's view of the pool: it passes the client class a table names and gets a client,
 * without importing the SDK itself.
 */
export interface ClientSource {
  client<C extends SdkClient>(account: PoolAccount, region: string, clientClass: ClientConstructor<C>): C;
}

export interface ClientPoolOptions extends EndpointOptions, RetryOptions {
  /** SDK request/response logging (CloudQuery `aws_debug`); the SDK filters sensitive members. */
  sdkLogger?: Logger;
  log?: AwsLog;
  /** Sockets per host on the shared keep-alive agent. */
  maxSockets?: number;
}

interface AccountEntry {
  credentials: CredentialProvider;
  clients: Map<string, SdkClient>;
}

/**
 * SDK clients per (account, region, client class), created on first use and reused. All clients
 * share one keep-alive HTTP handler (thousands of account x region x service clients would
 * otherwise each open their own sockets) and each has its own retry strategy, so retry quota and
 * adaptive rate limiting are per (account, region, service), as AWS's limits are.
 */
export class ClientPool implements ClientSource {
  private readonly accounts = new Map<string, AccountEntry>();
  /** Aborted by destroy(): ends every retry wait of the pool's clients. */
  private readonly closed = new AbortController();
  private readonly classIds = new WeakMap<object, number>();
  private handler: NodeHttpHandler | undefined;
  private shared: SharedSdkConfig;
  private sharedFromClient = false;
  private created = 0;
  private classes = 0;

  constructor(private readonly options: ClientPoolOptions = {}) {
    // As each client would load them (no profile of its own: AWS_PROFILE or default), once.
    const loader = { logger: options.sdkLogger };
    this.shared = {
      useFipsEndpoint: loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loader),
      useDualstackEndpoint: loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loader),
    };
  }

  client<C extends SdkClient>(account: PoolAccount, region: string, clientClass: ClientConstructor<C>): C {
    let entry = this.accounts.get(account.id);
    if (!entry || entry.credentials !== account.credentials) {
      // Discovery runs on every sync and builds new providers: the account's clients are rebuilt
      // around the new one. The old clients are dropped, not destroyed: destroy() would close the
      // shared handler's sockets under every other client.
      if (entry) this.options.log?.('debug', 'AWS clients replaced: new credentials for the account', { account: account.id });
      entry = { credentials: account.credentials, clients: new Map() };
      this.accounts.set(account.id, entry);
    }
    const key = `${region}\u0000${this.classId(clientClass)}`;
    const existing = entry.clients.get(key);
    if (existing) return existing as C;
    const client = new clientClass(this.configFor(account.credentials, region));
    if (!this.sharedFromClient) {
      this.sharedFromClient = true;
      this.shared = { ...this.shared, ...loadersOf(client) };
    }
    // Without aws_debug the SDK's logger is a no-op, but its middleware still copies every input and
    // output through the sensitive-data filter (the whole response, per call) to hand it over.
    if (!this.options.sdkLogger) (client as { middlewareStack?: { remove(name: string): boolean } }).middlewareStack?.remove('loggerMiddleware');
    installCallMeter(client);
    entry.clients.set(key, client);
    this.created += 1;
    this.options.log?.('debug', 'created AWS client', {
      client: clientClass.name,
      account: account.id,
      region,
      endpoint: safeUrl(this.options.customEndpointUrl) ?? 'default',
      credentials: account.credentials.description,
    });
    return client;
  }

  /**
   * Forgets an account's clients of one class, in every region: the sync calls this once the
   * account's partitions that use the class are read, so an organization's clients do not all
   * stay in memory until the sync ends (~17 KiB each, plus the middleware each command cached).
   * They are dropped, not destroyed (destroy() would close the shared sockets); a later call
   * creates a new one.
   */
  release(accountId: string, clientClass: object): void {
    const entry = this.accounts.get(accountId);
    const id = this.classIds.get(clientClass);
    if (!entry || id === undefined) return;
    const suffix = `\u0000${id}`;
    for (const key of [...entry.clients.keys()]) if (key.endsWith(suffix)) entry.clients.delete(key);
  }

  /** How many clients exist now. */
  get size(): number {
    let n = 0;
    for (const entry of this.accounts.values()) n += entry.clients.size;
    return n;
  }

  /** How many clients were ever created (reuse means this stays at account x region x service). */
  get createdCount(): number {
    return this.created;
  }

  /** Closes every client and the shared sockets. */
  destroy(): void {
    // Each client's destroy() also destroys the shared handler; doing it twice is harmless.
    for (const entry of this.accounts.values()) for (const client of entry.clients.values()) client.destroy();
    this.accounts.clear();
    this.closed.abort();
    this.handler?.destroy();
    this.handler = undefined;
  }

  private classId(clientClass: object): number {
    let id = this.classIds.get(clientClass);
    if (id === undefined) {
      id = ++this.classes;
      this.classIds.set(clientClass, id);
    }
    return id;
  }

  private configFor(credentials: CredentialProvider, region: string): PooledClientConfig {
    this.handler ??= new NodeHttpHandler({
      httpAgent: { keepAlive: true, maxSockets: this.options.maxSockets ?? 50 },
      httpsAgent: { keepAlive: true, maxSockets: this.options.maxSockets ?? 50 },
    });
    const config: PooledClientConfig = {
      ...this.shared,
      ...endpointClientConfig(this.options, region),
      credentials,
      maxAttempts: resolveRetryOptions(this.options).maxAttempts,
      retryStrategy: createRetryStrategy(this.options, this.closed.signal),
      requestHandler: this.handler,
      // The cached handler of a command shares one context between its concurrent calls. Safe for a
      // pooled client: its calls share account, region and credentials, and each call's endpoint is
      // read into its request before the call first awaits.
      cacheMiddleware: true,
    };
    if (this.options.sdkLogger) config.logger = this.options.sdkLogger;
    return config;
  }
}

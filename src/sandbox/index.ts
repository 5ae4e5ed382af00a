import { Universe } from './data/universe.js';
import { IdentityStore, type Credentials } from './identity.js';
import { defaultBuckets, TokenBuckets } from './limits/token-buckets.js';
import { resolveOptions, type AccountRef, type ResolvedOptions, type SandboxOptions } from './options.js';
import { SandboxServer } from './server.js';
import { services } from './services/index.js';
import { StatsRecorder, type CallStats } from './stats.js';
import { computeTruth, type SandboxTruth } from './truth.js';

export type { SandboxOptions } from './options.js';
export type { SandboxTruth } from './truth.js';
export type { Credentials } from './identity.js';
export type { CallStats } from './stats.js';

export interface Sandbox {
  /** Base URL for every service: pass it as the SDK clients' `endpoint`. */
  endpoint: string;
  managementAccountId: string;
  /** The management account's static credentials. */
  credentials: Credentials;
  /** Static credentials of any account (its `sandbox-admin` user). */
  credentialsFor(accountId: string): Credentials;
  truth(): SandboxTruth;
  stats(): { rows: CallStats[]; totals: { calls: number; throttles: number; errors: number } };
  resetStats(): void;
  readonly options: ResolvedOptions;
  close(): Promise<void>;
}

function accountId(universe: Universe, ref: AccountRef): string {
  if (typeof ref === 'string') {
    if (!universe.account(ref)) throw new Error(`sandbox scenario names account ${ref}, which the organization does not have`);
    return ref;
  }
  const account = universe.org.accounts[ref];
  if (!account) throw new Error(`sandbox scenario names account #${ref}, but the organization has ${universe.org.accounts.length}`);
  return account.id;
}

/** Builds the organization; throws on options that do not fit together. */
export function createUniverse(options: ResolvedOptions): Universe {
  const probe = new Universe({ ...options, notOptedIn: [] });
  const notOptedIn = options.faults.notOptedIn.map((p) => ({ accountId: accountId(probe, p.account), region: p.region }));
  return new Universe({ ...options, notOptedIn });
}

/** Starts a sandbox on a free port (by default) and resolves once it listens. */
export async function startSandbox(input: SandboxOptions = {}): Promise<Sandbox> {
  const options = resolveOptions(input);
  const universe = createUniverse(options);
  const identity = new IdentityStore(universe, { expireCredentialsAfterSeconds: options.faults.expireCredentialsAfterSeconds });
  const stats = new StatsRecorder();
  const accessDenied = new Set(options.faults.accessDenied.map((f) => `${accountId(universe, f.account)}/${f.service}`));
  let truth: SandboxTruth | undefined;
  const getTruth = () => (truth ??= computeTruth(universe, Object.values(services)));
  const server = new SandboxServer({
    options,
    universe,
    identity,
    services,
    stats,
    accessDenied,
    buckets: new TokenBuckets({ ...defaultBuckets, ...options.throttling.buckets }),
    admin: (path, method) => {
      if (path === '/_sandbox/truth' && method === 'GET') return getTruth();
      if (path === '/_sandbox/stats' && method === 'GET') return stats.snapshot();
      if (path === '/_sandbox/stats/reset' && method === 'POST') return (stats.reset(), { reset: true });
      if (path === '/_sandbox/health') return { ok: true };
      return undefined;
    },
  });
  const endpoint = await server.listen();
  return {
    endpoint,
    managementAccountId: universe.org.managementAccountId,
    credentials: identity.staticCredentials(universe.org.managementAccountId),
    credentialsFor: (id) => identity.staticCredentials(id),
    truth: getTruth,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    options,
    close: () => server.close(),
  };
}

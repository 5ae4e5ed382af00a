import { adminRoutes } from './admin.js';
import { SandboxClock } from './data/clock.js';
import { Universe } from './data/universe.js';
import { IdentityStore, type Credentials } from './identity.js';
import { computeLowerBound, lowerBoundRoutes, type LowerBound } from './limits/lower-bound.js';
import { PageChains } from './limits/page-chains.js';
import { defaultBuckets, TokenBuckets } from './limits/token-buckets.js';
import { resolveOptions, type AccountRef, type ResolvedOptions, type SandboxOptions } from './options.js';
import { removeResources, type RemovalRequest, type RemovalResult } from './remove-resources.js';
import { SandboxServer } from './server.js';
import { services } from './services/index.js';
import { InFlightMeter, StatsRecorder, type CallStats } from './stats.js';
import { computeTruth, type SandboxTruth } from './truth.js';

export type { SandboxOptions } from './options.js';
export type { SandboxTruth } from './truth.js';
export type { Credentials } from './identity.js';
export type { CallStats } from './stats.js';
export type { RemovalRequest, RemovalResult } from './remove-resources.js';
export type { EventTruth } from './truth.js';
export type { LowerBound } from './limits/lower-bound.js';
export { sandboxOrgConfig, type SandboxOrgConfigOptions } from './org-config.js';

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
  /**
   * The shortest wall time in which the calls admitted since the last resetLowerBound() could
   * have been made, from the token buckets and the page chains (model in limits/lower-bound.ts).
   */
  lowerBound(): LowerBound;
  /** Starts a new lower-bound measurement: forgets the calls and refills every token bucket. */
  resetLowerBound(): void;
  /** The sandbox's current time (the `now` option's source plus every advanceClock()). */
  now(): Date;
  /** Moves the sandbox's time forward: credentials age, CloudTrail events of that span appear. Returns the new time. */
  advanceClock(ms: number): Date;
  /**
   * Removes the last `count` generated items of a kind in one cell at the sandbox's time: every
   * API and truth() stop showing them (and what is counted from them) and CloudTrail records the
   * deletion calls. Throws a SandboxError with code InvalidRemoval on a request that cannot apply.
   */
  removeResources(request: RemovalRequest): RemovalResult;
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
  const events = { perHour: options.eventsPerHour, historyHours: options.eventHistoryHours };
  return new Universe({ ...options, notOptedIn, clock: new SandboxClock(options.now), events });
}

/** Starts a sandbox on a free port (by default) and resolves once it listens. */
export async function startSandbox(input: SandboxOptions = {}): Promise<Sandbox> {
  const options = resolveOptions(input);
  const universe = createUniverse(options);
  const identity = new IdentityStore(universe, { expireCredentialsAfterSeconds: options.faults.expireCredentialsAfterSeconds });
  const stats = new StatsRecorder();
  const accessDenied = new Set(options.faults.accessDenied.map((f) => `${accountId(universe, f.account)}/${f.service}`));
  let truth: { value: SandboxTruth; version: number } | undefined;
  // Counts change only with removals, so the truth is rebuilt only after one.
  const getTruth = () => {
    if (truth?.version !== universe.removals.version) {
      truth = { value: computeTruth(universe, Object.values(services)), version: universe.removals.version };
    }
    return truth.value;
  };
  const buckets = new TokenBuckets({ ...defaultBuckets, ...options.throttling.buckets });
  const chains = new PageChains();
  const inFlight = new InFlightMeter();
  const lowerBound = () =>
    computeLowerBound({
      buckets: buckets.usage(),
      longestChain: chains.longest(),
      answeredCalls: chains.answered(),
      latencyMs: options.latency.fixedMs,
      throttling: options.throttling.enabled,
      inFlight: inFlight.snapshot(),
    });
  const resetLowerBound = () => (buckets.reset(), chains.reset(), inFlight.reset());
  const admin = adminRoutes({ universe, stats, truth: getTruth });
  const lowerBoundAdmin = lowerBoundRoutes({ lowerBound, reset: resetLowerBound });
  const server = new SandboxServer({
    options,
    universe,
    identity,
    services,
    stats,
    accessDenied,
    buckets,
    chains,
    inFlight,
    admin: (request) => lowerBoundAdmin(request) ?? admin(request),
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
    lowerBound,
    resetLowerBound,
    now: () => universe.clock.now(),
    advanceClock: (ms) => (universe.clock.advance(ms), universe.clock.now()),
    removeResources: (request) => removeResources(universe, request),
    options,
    close: () => server.close(),
  };
}

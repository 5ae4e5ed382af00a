import { weightedKinds, splitScale } from './catalog.js';
import { SandboxClock } from './clock.js';
import { defaultEventStream, EventTimeline, type EventStreamOptions } from './event-timeline.js';
import type { Cell } from './ids.js';
import { generateOrganization, type Account, type Organization } from './org.js';
import { hash32 } from './random.js';
import { accountWeight, countOf, kindJitter, regionWeight, shareOf, type KindShare } from './spread.js';
import { isOptInRegion, knownRegions } from './regions.js';
import { RemovalLog } from './removals.js';

export type RegionStatus = 'opt-in-not-required' | 'opted-in' | 'not-opted-in';

export interface UniverseOptions {
  seed: number;
  accounts: number;
  suspendedAccounts: number;
  regions: string[];
  scale: number;
  /** (account id, region) pairs that are not opted in although the region is configured. */
  notOptedIn: ReadonlyArray<{ accountId: string; region: string }>;
  readOnlyRoleName: string;
  /** The sandbox's time; real time by default. */
  clock?: SandboxClock;
  /** The generated CloudTrail event stream (defaults: 6 events an hour per cell, 24 hours of history). */
  events?: EventStreamOptions;
}

/**
 * Everything the sandbox's data is generated from. It holds only the organization and a few
 * numbers; resources are built on demand from (seed, account, region, kind, index).
 */
export class Universe {
  readonly seed: number;
  readonly org: Organization;
  readonly regions: readonly string[];
  readonly readOnlyRoleName: string;
  readonly partition = 'aws';
  readonly clock: SandboxClock;
  /** Resources removed at runtime; allocated() subtracts them. */
  readonly removals = new RemovalLog();
  /** When generated CloudTrail events happen, anchored at the moment the universe was built. */
  readonly timeline: EventTimeline;
  private readonly accountsById: Map<string, Account>;
  /** Per weighted kind: its scope and how its total splits over the cells of that scope. */
  private readonly shares = new Map<string, { scope: 'regional' | 'global'; share: KindShare }>();
  private readonly active: Account[];
  private readonly notOptedIn: Set<string>;
  private readonly cellCache = new Map<string, { cells: Cell[]; positions: Map<string, number> }>();

  constructor(readonly options: UniverseOptions) {
    this.seed = options.seed;
    this.org = generateOrganization(options);
    this.regions = [...options.regions];
    this.readOnlyRoleName = options.readOnlyRoleName;
    this.clock = options.clock ?? new SandboxClock();
    this.timeline = new EventTimeline(options.seed, this.clock.nowMs(), options.events ?? defaultEventStream);
    this.accountsById = new Map(this.org.accounts.map((a) => [a.id, a]));
    this.notOptedIn = new Set(options.notOptedIn.map((p) => `${p.accountId}/${p.region}`));
    this.active = this.org.accounts.filter((a) => a.status === 'ACTIVE');
    const totals = splitScale(options.scale);
    for (const { kind, scope } of weightedKinds) {
      const weights = this.cells(scope).map((cell) => this.weight(cell, kind));
      this.shares.set(kind, { scope, share: shareOf(totals.get(kind) ?? 0, weights, hash32(options.seed, kind, 'offset')) });
    }
  }

  account(id: string): Account | undefined {
    return this.accountsById.get(id);
  }

  activeAccounts(): readonly Account[] {
    return this.active;
  }

  /** How an account sees a region, as DescribeRegions reports it; undefined for unknown regions. */
  regionStatus(accountId: string, region: string): RegionStatus | undefined {
    if (!knownRegions.some((r) => r.name === region)) return undefined;
    if (!this.regions.includes(region) || this.notOptedIn.has(`${accountId}/${region}`)) {
      return isOptInRegion(region) ? 'not-opted-in' : undefined;
    }
    return isOptInRegion(region) ? 'opted-in' : 'opt-in-not-required';
  }

  /** Whether an account can use a region: configured, and not opted out for that account. */
  isEnabled(accountId: string, region: string): boolean {
    return this.regions.includes(region) && !this.notOptedIn.has(`${accountId}/${region}`);
  }

  enabledRegions(accountId: string): string[] {
    return this.regions.filter((r) => this.isEnabled(accountId, r));
  }

  /** The cells a kind is spread over: active accounts × their enabled regions, or × 'global'. */
  cells(scope: 'regional' | 'global'): Cell[] {
    return this.cellIndex(scope).cells;
  }

  private cellIndex(scope: 'regional' | 'global'): { cells: Cell[]; positions: Map<string, number> } {
    const cached = this.cellCache.get(scope);
    if (cached) return cached;
    const cells: Cell[] = [];
    for (const account of this.activeAccounts()) {
      if (scope === 'global') cells.push({ accountId: account.id, region: 'global' });
      else for (const region of this.enabledRegions(account.id)) cells.push({ accountId: account.id, region });
    }
    const index = { cells, positions: new Map(cells.map((c, i) => [`${c.accountId}/${c.region}`, i])) };
    this.cellCache.set(scope, index);
    return index;
  }

  /** Whether a cell holds generated resources at all (an active account, an enabled region). */
  isLive(cell: Cell): boolean {
    if (this.account(cell.accountId)?.status !== 'ACTIVE') return false;
    return cell.region === 'global' || this.isEnabled(cell.accountId, cell.region);
  }

  /**
   * The scale-driven number of items of a weighted kind in a cell (0 for unknown kinds), less the
   * ones removed at runtime. Every count rule starts here, so a removal reaches every list, lookup
   * and child kind counted from it.
   */
  allocated(cell: Cell, kind: string): number {
    return this.generated(cell, kind) - this.removals.removed(kind, cell);
  }

  /** allocated() as it was at a moment (ms): removals made at or after it do not count yet. */
  allocatedAt(cell: Cell, kind: string, ms: number): number {
    return this.generated(cell, kind) - this.removals.removedBefore(kind, cell, ms);
  }

  /** The scope of a kind with a scale-driven share (the only items removals can take away); undefined for others. */
  scopeOf(kind: string): 'regional' | 'global' | undefined {
    return this.shares.get(kind)?.scope;
  }

  /** The scale-driven share before any removal. */
  generated(cell: Cell, kind: string): number {
    const entry = this.shares.get(kind);
    if (!entry || entry.share.total === 0) return 0;
    const { cells, positions } = this.cellIndex(entry.scope);
    // Only live cells are indexed, so a missing position also covers suspended accounts and disabled regions.
    const position = positions.get(`${cell.accountId}/${cell.region}`);
    if (position === undefined) return 0;
    return countOf(entry.share, this.weight(cell, kind), position, cells.length);
  }

  private weight(cell: Cell, kind: string): number {
    const isManagement = cell.accountId === this.org.managementAccountId;
    return (
      accountWeight(this.seed, cell.accountId, isManagement) *
      regionWeight(this.seed, this.regions, cell.region) *
      kindJitter(this.seed, kind, cell)
    );
  }
}

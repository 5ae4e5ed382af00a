import { countEvents } from './data/event-timeline.js';
import type { Universe } from './data/universe.js';
import type { ServiceDefinition } from './services/service.js';

/** What the sandbox holds: the organization and the count of every resource kind per cell. */
export interface SandboxTruth {
  seed: number;
  regions: string[];
  organization: {
    id: string;
    managementAccountId: string;
    rootId: string;
    units: Array<{ id: string; name: string; parentId: string }>;
    accounts: Array<{ id: string; name: string; status: string; parentId: string; enabledRegions: string[] }>;
  };
  /** kind -> account id -> region ('global' for account-wide kinds) -> count. Every live cell is listed, zeros included. */
  resources: Record<string, Record<string, Record<string, number>>>;
  events: EventTruth;
}

/** The CloudTrail event stream of every (account, region): generated history plus removals. */
export interface EventTruth {
  perHour: number;
  /** When the generated history starts (ISO 8601). */
  historyStart: string;
  /**
   * How many events (account, region) holds with times in [start, end] (inclusive, whole seconds;
   * defaults: the history's start and now) that exist at the sandbox clock's now, removal events
   * included; 0 for cells that are not live. Reads the clock on each call. A function, so
   * /_sandbox/truth leaves it out: GET /_sandbox/events answers it over HTTP.
   */
  count(accountId: string, region: string, start?: Date, end?: Date): number;
}

export function eventTruth(universe: Universe): EventTruth {
  const { timeline } = universe;
  return {
    perHour: timeline.perHour,
    historyStart: new Date(timeline.originSec * 1000).toISOString(),
    count(accountId, region, start, end) {
      const cell = { accountId, region };
      if (region === 'global' || !universe.isLive(cell)) return 0;
      const nowMs = universe.clock.nowMs();
      const fromSec = start ? Math.ceil(start.getTime() / 1000) : timeline.originSec;
      const toSec = end ? Math.floor(end.getTime() / 1000) : Math.floor(nowMs / 1000);
      return countEvents(timeline, universe.removals, cell, fromSec, toSec, nowMs);
    },
  };
}

export function computeTruth(universe: Universe, services: Iterable<ServiceDefinition>): SandboxTruth {
  const resources: SandboxTruth['resources'] = {};
  for (const service of services) {
    for (const kind of service.kinds ?? []) {
      const byAccount: Record<string, Record<string, number>> = {};
      for (const cell of universe.cells(kind.scope)) {
        (byAccount[cell.accountId] ??= {})[cell.region] = kind.count(universe, cell);
      }
      resources[kind.kind] = byAccount;
    }
  }
  const { org } = universe;
  return {
    seed: universe.seed,
    regions: [...universe.regions],
    organization: {
      id: org.id,
      managementAccountId: org.managementAccountId,
      rootId: org.root.id,
      units: org.units.map((u) => ({ id: u.id, name: u.name, parentId: u.parentId })),
      accounts: org.accounts.map((a) => ({
        id: a.id,
        name: a.name,
        status: a.status,
        parentId: a.parentId,
        enabledRegions: a.status === 'ACTIVE' ? universe.enabledRegions(a.id) : [],
      })),
    },
    resources: Object.fromEntries(Object.entries(resources).sort(([a], [b]) => a.localeCompare(b))),
    events: eventTruth(universe),
  };
}

/** The total of one kind over the whole organization. */
export function totalOf(truth: SandboxTruth, kind: string): number {
  let total = 0;
  for (const regions of Object.values(truth.resources[kind] ?? {})) for (const n of Object.values(regions)) total += n;
  return total;
}

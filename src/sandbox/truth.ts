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
  };
}

/** The total of one kind over the whole organization. */
export function totalOf(truth: SandboxTruth, kind: string): number {
  let total = 0;
  for (const regions of Object.values(truth.resources[kind] ?? {})) for (const n of Object.values(regions)) total += n;
  return total;
}

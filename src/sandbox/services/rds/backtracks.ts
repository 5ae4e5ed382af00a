import { createdAt } from '../../data/common.js';
import type { Cell } from '../../data/ids.js';
import { EPOCH } from '../../data/org.js';
import { hash32, pick, uuidOf } from '../../data/random.js';
import type { Universe } from '../../data/universe.js';
import type { Output } from '../service.js';
import { clusterIdentifier, clusterInstanceClass, engineAt, engineVersionAt } from './data.js';
import { CLUSTER_KIND, rdsLayout } from './layout.js';

export const BACKTRACK_KIND = 'rds.db_cluster_backtrack';

/**
 * Backtracking rewinds an Aurora MySQL cluster in place. Only provisioned Aurora MySQL clusters
 * support it (not Serverless), and only when it was turned on at creation: about half of them here.
 */
export function supportsBacktrack(universe: Universe, cell: Cell, cluster: number): boolean {
  return engineAt(universe, cell, CLUSTER_KIND, cluster).engine === 'aurora-mysql' && clusterInstanceClass(universe, cell, cluster) !== 'db.serverless';
}

/** The backtrack window in seconds (at most 72 hours, as RDS allows), or undefined when backtracking is off. */
export function backtrackWindowOf(universe: Universe, cell: Cell, cluster: number): number | undefined {
  if (!supportsBacktrack(universe, cell, cluster)) return undefined;
  if (hash32(universe.seed, cell.accountId, cell.region, BACKTRACK_KIND, cluster, 'on') % 2 !== 0) return undefined;
  return pick([43_200, 86_400, 259_200], universe.seed, cell.accountId, cell.region, BACKTRACK_KIND, cluster, 'window');
}

/** The members DescribeDBClusters adds for a cluster with backtracking on. */
export function backtrackFields(universe: Universe, cell: Cell, cluster: number): Output {
  const window = backtrackWindowOf(universe, cell, cluster);
  if (window === undefined) return {};
  const created = createdAt(universe.seed, cell, CLUSTER_KIND, cluster).getTime();
  return {
    BacktrackWindow: window,
    EarliestBacktrackTime: new Date(Math.max(created, EPOCH - window * 1000)),
    BacktrackConsumedChangeRecords: hash32(universe.seed, cell.accountId, cell.region, BACKTRACK_KIND, cluster, 'records') % 50_000_000,
  };
}

/** Past backtracks of a cluster: 0 to 4 when backtracking is on, none otherwise. */
export function backtrackCount(universe: Universe, cell: Cell, cluster: number): number {
  if (backtrackWindowOf(universe, cell, cluster) === undefined) return 0;
  return hash32(universe.seed, cell.accountId, cell.region, BACKTRACK_KIND, cluster, 'count') % 5;
}

/** Backtracks of every cluster of a cell: O(clusters). */
export function totalBacktracks(universe: Universe, cell: Cell): number {
  let total = 0;
  const clusters = rdsLayout(universe, cell).clusters;
  for (let c = 0; c < clusters; c++) total += backtrackCount(universe, cell, c);
  return total;
}

/**
 * Backtrack `i` of a cluster, newest first, as RDS lists them. Requests are spread between the
 * cluster's creation and now; each rewound the cluster by 5 minutes to 2 hours, within its window.
 */
export function backtrackAt(universe: Universe, cell: Cell, cluster: number, i: number): Output {
  const count = backtrackCount(universe, cell, cluster);
  const window = backtrackWindowOf(universe, cell, cluster) ?? 0;
  const created = createdAt(universe.seed, cell, CLUSTER_KIND, cluster).getTime();
  const requested = EPOCH - Math.floor(((i + 1) * (EPOCH - created)) / (count + 1));
  const roll = hash32(universe.seed, cell.accountId, cell.region, BACKTRACK_KIND, cluster, i);
  const rewind = Math.min(window, 300 + (roll % 6900)) * 1000;
  return {
    DBClusterIdentifier: clusterIdentifier(universe, cell, cluster),
    BacktrackIdentifier: uuidOf(universe.seed, cell.accountId, cell.region, BACKTRACK_KIND, cluster, i),
    BacktrackTo: new Date(Math.max(created, requested - rewind)),
    BacktrackedFrom: new Date(requested),
    BacktrackRequestCreationTime: new Date(requested),
    Status: (roll >>> 16) % 10 === 0 ? 'FAILED' : 'COMPLETED',
  };
}

/** Why RDS refuses DescribeDBClusterBacktracks for a cluster, or undefined when it answers. */
export function backtrackRefusal(universe: Universe, cell: Cell, cluster: number): string | undefined {
  if (backtrackWindowOf(universe, cell, cluster) !== undefined) return undefined;
  const engine = engineAt(universe, cell, CLUSTER_KIND, cluster).engine;
  if (engine !== 'aurora-mysql') return `Backtrack is not supported for the ${engine} engine.`;
  if (!supportsBacktrack(universe, cell, cluster)) {
    return `Aurora MySQL Engine Version ${engineVersionAt(universe, cell, CLUSTER_KIND, cluster)} with mode: SERVERLESS does not support Backtrack.`;
  }
  return `Backtrack is not enabled for the DB cluster ${clusterIdentifier(universe, cell, cluster)}.`;
}

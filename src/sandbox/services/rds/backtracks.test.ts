import { describe, expect, it } from 'vitest';
import type { Cell } from '../../data/ids.js';
import type { Universe } from '../../data/universe.js';
import type { Input, Output } from '../service.js';
import { collectPages, failureOf } from '../test-paging.js';
import { testContext, testUniverse } from '../testing.js';
import { kinds, rdsService } from './index.js';

const universe = testUniverse({ scale: 40_000 });
const cells = universe.cells('regional');

interface Cluster {
  DBClusterIdentifier: string;
  Engine: string;
  EngineVersion: string;
  ClusterCreateTime: Date;
  BacktrackWindow?: number;
  EarliestBacktrackTime?: Date;
  DBClusterMembers: Array<{ DBInstanceIdentifier: string }>;
}

interface Backtrack {
  DBClusterIdentifier: string;
  BacktrackIdentifier: string;
  BacktrackTo: Date;
  BacktrackedFrom: Date;
  BacktrackRequestCreationTime: Date;
  Status: string;
}

async function pages<T>(op: string, cell: Cell, input: Input = {}, u: Universe = universe): Promise<T[]> {
  const { items } = await collectPages(rdsService.handlers[op], testContext(u, 'rds', op, cell), input);
  return items as T[];
}

function call(op: string, input: Input, cell: Cell, u: Universe = universe): Output {
  const handler = rdsService.handlers[op];
  if (!handler) throw new Error(`no ${op}`);
  return handler(input, testContext(u, 'rds', op, cell)) as Output;
}

const truth = (cell: Cell, u: Universe = universe) => kinds.find((k) => k.kind === 'rds.db_cluster_backtrack')?.count(u, cell) ?? -1;

describe('rds DescribeDBClusterBacktracks', () => {
  it('lists as many backtracks per cell as the truth counts, only for provisioned Aurora MySQL clusters with a window', async () => {
    let withWindow = 0;
    let total = 0;
    for (const cell of cells) {
      let listed = 0;
      for (const cluster of await pages<Cluster>('DescribeDBClusters', cell)) {
        if (cluster.BacktrackWindow === undefined) continue;
        withWindow += 1;
        expect(cluster.Engine).toBe('aurora-mysql');
        expect(cluster.BacktrackWindow).toBeGreaterThan(0);
        expect(cluster.BacktrackWindow).toBeLessThanOrEqual(259_200);
        expect(cluster.EarliestBacktrackTime?.getTime()).toBeGreaterThanOrEqual(cluster.ClusterCreateTime.getTime());
        const backtracks = await pages<Backtrack>('DescribeDBClusterBacktracks', cell, { DBClusterIdentifier: cluster.DBClusterIdentifier, MaxRecords: 20 });
        for (const b of backtracks) {
          expect(b.DBClusterIdentifier).toBe(cluster.DBClusterIdentifier);
          expect(b.BacktrackIdentifier).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
          expect(['COMPLETED', 'FAILED']).toContain(b.Status);
          expect(b.BacktrackTo.getTime()).toBeLessThanOrEqual(b.BacktrackedFrom.getTime());
          expect(b.BacktrackedFrom.getTime() - b.BacktrackTo.getTime()).toBeLessThanOrEqual((cluster.BacktrackWindow ?? 0) * 1000);
          expect(b.BacktrackTo.getTime()).toBeGreaterThanOrEqual(cluster.ClusterCreateTime.getTime());
        }
        // Newest first, as RDS lists them.
        const times = backtracks.map((b) => b.BacktrackRequestCreationTime.getTime());
        expect(times).toEqual([...times].sort((a, b) => b - a));
        expect(new Set(backtracks.map((b) => b.BacktrackIdentifier)).size).toBe(backtracks.length);
        listed += backtracks.length;
      }
      expect(listed, `${cell.accountId} ${cell.region}`).toBe(truth(cell));
      total += listed;
    }
    expect(withWindow).toBeGreaterThan(3);
    expect(total).toBeGreaterThan(3);
  });

  it('refuses clusters that cannot or do not backtrack with InvalidParameterCombination, unknown ones with 404', async () => {
    const refused = new Set<string>();
    for (const cell of cells.slice(0, 4)) {
      for (const cluster of await pages<Cluster>('DescribeDBClusters', cell)) {
        if (cluster.BacktrackWindow !== undefined) continue;
        const error = await failureOf(() => call('DescribeDBClusterBacktracks', { DBClusterIdentifier: cluster.DBClusterIdentifier }, cell));
        expect([error.code, error.status]).toEqual(['InvalidParameterCombination', 400]);
        refused.add(cluster.Engine);
      }
    }
    expect(refused).toEqual(new Set(['aurora-mysql', 'aurora-postgresql']));
    const cell = cells[0] as Cell;
    const missing = await failureOf(() => call('DescribeDBClusterBacktracks', { DBClusterIdentifier: 'no-such-cluster' }, cell));
    expect([missing.code, missing.status, missing.message]).toEqual(['DBClusterNotFoundFault', 404, 'DBCluster no-such-cluster not found.']);
    const unnamed = await failureOf(() => call('DescribeDBClusterBacktracks', {}, cell));
    expect(unnamed.code).toBe('InvalidParameterValue');
  });

  it('finds one backtrack by identifier and filters by id and status', async () => {
    let checked = 0;
    for (const cell of cells) {
      for (const cluster of await pages<Cluster>('DescribeDBClusters', cell)) {
        if (cluster.BacktrackWindow === undefined) continue;
        const DBClusterIdentifier = cluster.DBClusterIdentifier.toUpperCase();
        const all = await pages<Backtrack>('DescribeDBClusterBacktracks', cell, { DBClusterIdentifier });
        const [first] = all;
        if (!first) continue;
        checked += 1;
        expect(call('DescribeDBClusterBacktracks', { DBClusterIdentifier, BacktrackIdentifier: first.BacktrackIdentifier }, cell).DBClusterBacktracks).toEqual([first]);
        const byId = await pages<Backtrack>('DescribeDBClusterBacktracks', cell, { DBClusterIdentifier, Filters: [{ Name: 'db-cluster-backtrack-id', Values: [first.BacktrackIdentifier] }] });
        expect(byId).toEqual([first]);
        const completed = await pages<Backtrack>('DescribeDBClusterBacktracks', cell, { DBClusterIdentifier, Filters: [{ Name: 'db-cluster-backtrack-status', Values: ['completed'] }] });
        expect(completed).toEqual(all.filter((b) => b.Status === 'COMPLETED'));
        const missing = await failureOf(() => call('DescribeDBClusterBacktracks', { DBClusterIdentifier, BacktrackIdentifier: '00000000-0000-4000-8000-000000000000' }, cell));
        expect([missing.code, missing.status]).toEqual(['DBClusterBacktrackNotFoundFault', 404]);
        const badFilter = await failureOf(() => call('DescribeDBClusterBacktracks', { DBClusterIdentifier, Filters: [{ Name: 'engine', Values: ['x'] }] }, cell));
        expect(badFilter.code).toBe('InvalidParameterValue');
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('gives the same backtracks for the same seed', async () => {
    const again = testUniverse({ scale: 40_000 });
    for (const cell of cells) {
      const clusters = (await pages<Cluster>('DescribeDBClusters', cell)).filter((c) => c.BacktrackWindow !== undefined);
      for (const cluster of clusters.slice(0, 3)) {
        const input = { DBClusterIdentifier: cluster.DBClusterIdentifier };
        expect(await pages('DescribeDBClusterBacktracks', cell, input, again)).toEqual(await pages('DescribeDBClusterBacktracks', cell, input));
      }
      expect(truth(cell, again)).toBe(truth(cell));
    }
  });
});

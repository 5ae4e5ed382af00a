import { describe, expect, it } from 'vitest';
import type { Cell } from '../../data/ids.js';
import type { Universe } from '../../data/universe.js';
import type { Input, Output } from '../service.js';
import { collectPages, failureOf } from '../test-paging.js';
import { kmsKeyProblem, vpcProblem } from '../test-references.js';
import { testContext, testUniverse } from '../testing.js';
import { kinds, rdsService } from './index.js';
import { memberCount, memberIndex, rdsLayout, slotOf } from './layout.js';

/** Big enough for several pages of 20 per cell. */
const universe = testUniverse({ scale: 40_000 });
const count = (kind: string, u: Universe, cell: Cell) => kinds.find((k) => k.kind === kind)?.count(u, cell) ?? -1;

interface Instance {
  DBInstanceIdentifier: string;
  DBInstanceArn: string;
  DBClusterIdentifier?: string;
  Engine: string;
  KmsKeyId?: string;
  DBSubnetGroup?: { VpcId: string; Subnets: Array<{ SubnetIdentifier: string; SubnetAvailabilityZone: { Name: string } }> };
  VpcSecurityGroups: Array<{ VpcSecurityGroupId: string }>;
  AvailabilityZone: string;
  TagList: unknown[];
}

interface Cluster {
  DBClusterIdentifier: string;
  DBClusterArn: string;
  Engine: string;
  DBClusterMembers: Array<{ DBInstanceIdentifier: string; IsClusterWriter: boolean }>;
  DBSubnetGroup: string;
  TagList: unknown[];
}

function call(op: string, input: Input, cell: Cell, u: Universe = universe): Output {
  const handler = rdsService.handlers[op];
  if (!handler) throw new Error(`no ${op}`);
  return handler(input, testContext(u, 'rds', op, cell)) as Output;
}

async function list<T>(op: 'DescribeDBInstances' | 'DescribeDBClusters', cell: Cell, input: Input = {}, u: Universe = universe): Promise<T[]> {
  const { items } = await collectPages(rdsService.handlers[op], testContext(u, 'rds', op, cell), input);
  return items as T[];
}

const cells = universe.cells('regional');
const cell = cells[0] as Cell;

describe('rds layout', () => {
  it('numbers cluster members after the standalone instances, both ways', () => {
    for (const clusters of [0, 1, 2, 3, 7, 10]) {
      const layout = { standalone: 5, clusters, instances: 5 + clusters + Math.ceil(clusters / 2) };
      const seen = new Set<number>();
      for (let c = 0; c < clusters; c++) {
        for (let m = 0; m < memberCount(c); m++) {
          const index = memberIndex(layout, c, m);
          expect(index).toBeGreaterThanOrEqual(5);
          expect(index).toBeLessThan(layout.instances);
          expect(slotOf(layout, index)).toEqual({ kind: 'member', cluster: c, member: m });
          seen.add(index);
        }
      }
      expect(seen.size).toBe(layout.instances - 5);
    }
  });
});

describe('rds DescribeDBInstances and DescribeDBClusters', () => {
  it('lists exactly count() instances and clusters in every cell', async () => {
    for (const c of cells) {
      const instances = await list<Instance>('DescribeDBInstances', c);
      const clusters = await list<Cluster>('DescribeDBClusters', c);
      expect(instances.length).toBe(count('rds.db_instance', universe, c));
      expect(clusters.length).toBe(count('rds.db_cluster', universe, c));
      expect(clusters.length).toBe(universe.allocated(c, 'rds.db_cluster'));
      const members = clusters.reduce((sum, cl) => sum + cl.DBClusterMembers.length, 0);
      expect(instances.length).toBe(universe.allocated(c, 'rds.db_instance') + members);
      expect(new Set(instances.map((i) => i.DBInstanceIdentifier)).size).toBe(instances.length);
    }
  });

  it('pages by 100 by default and gives the same items with MaxRecords 20..24', async () => {
    const all = await list<Instance>('DescribeDBInstances', cell);
    expect(all.length).toBeGreaterThan(100);
    for (const MaxRecords of [20, 21, 22, 23, 24]) {
      const { items, pageSizes } = await collectPages(rdsService.handlers.DescribeDBInstances, testContext(universe, 'rds', 'DescribeDBInstances', cell), {
        MaxRecords,
      });
      expect(items).toEqual(all);
      expect(pageSizes[0]).toBe(MaxRecords);
    }
    const clusters = await list<Cluster>('DescribeDBClusters', cell);
    expect(await list<Cluster>('DescribeDBClusters', cell, { MaxRecords: 20 })).toEqual(clusters);
    expect(clusters.length).toBeGreaterThan(20);
  });

  it('rejects MaxRecords outside 20..100 as RDS does', async () => {
    for (const MaxRecords of [5, 19, 101]) {
      for (const op of ['DescribeDBInstances', 'DescribeDBClusters']) {
        expect((await failureOf(() => call(op, { MaxRecords }, cell))).code).toBe('InvalidParameterValue');
      }
    }
  });

  it('links every cluster member to its cluster both ways', async () => {
    const instances = await list<Instance>('DescribeDBInstances', cell);
    const byId = new Map(instances.map((i) => [i.DBInstanceIdentifier, i]));
    const clusters = await list<Cluster>('DescribeDBClusters', cell);
    const memberIds = new Set<string>();
    for (const cluster of clusters) {
      expect(cluster.DBClusterMembers.filter((m) => m.IsClusterWriter)).toHaveLength(1);
      for (const member of cluster.DBClusterMembers) {
        const instance = byId.get(member.DBInstanceIdentifier);
        expect(instance?.DBClusterIdentifier).toBe(cluster.DBClusterIdentifier);
        expect(instance?.Engine).toBe(cluster.Engine);
        expect(instance?.DBSubnetGroup && (instance.DBSubnetGroup as { DBSubnetGroupName?: string }).DBSubnetGroupName).toBe(cluster.DBSubnetGroup);
        memberIds.add(member.DBInstanceIdentifier);
      }
    }
    expect(instances.filter((i) => i.DBClusterIdentifier !== undefined).map((i) => i.DBInstanceIdentifier).sort()).toEqual([...memberIds].sort());
  });

  it('points at VPCs, subnets, security groups and KMS keys that exist', async () => {
    let checked = 0;
    for (const c of cells.slice(0, 3)) {
      for (const instance of await list<Instance>('DescribeDBInstances', c)) {
        const group = instance.DBSubnetGroup;
        if (!group) throw new Error(`${instance.DBInstanceIdentifier} has no subnet group`);
        const problem = vpcProblem(universe, c, {
          vpcId: group.VpcId,
          subnetIds: group.Subnets.map((s) => s.SubnetIdentifier),
          zones: group.Subnets.map((s) => s.SubnetAvailabilityZone.Name),
          securityGroupIds: instance.VpcSecurityGroups.map((g) => g.VpcSecurityGroupId),
        });
        expect(problem).toBeUndefined();
        expect(group.Subnets.map((s) => s.SubnetAvailabilityZone.Name)).toContain(instance.AvailabilityZone);
        if (instance.KmsKeyId) expect(kmsKeyProblem(universe, c, instance.KmsKeyId)).toBeUndefined();
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('finds single instances and clusters by identifier, ARN and upper case, and filters', async () => {
    const instances = await list<Instance>('DescribeDBInstances', cell);
    const clusters = await list<Cluster>('DescribeDBClusters', cell);
    for (const instance of [...instances.slice(0, 5), ...instances.filter((i) => i.DBClusterIdentifier).slice(0, 5)]) {
      for (const DBInstanceIdentifier of [instance.DBInstanceIdentifier, instance.DBInstanceArn, instance.DBInstanceIdentifier.toUpperCase()]) {
        expect(call('DescribeDBInstances', { DBInstanceIdentifier }, cell)).toEqual({ DBInstances: [instance] });
      }
    }
    const [cluster] = clusters;
    if (!cluster) throw new Error('no clusters');
    expect(call('DescribeDBClusters', { DBClusterIdentifier: cluster.DBClusterArn }, cell)).toEqual({ DBClusters: [cluster] });
    const members = await list<Instance>('DescribeDBInstances', cell, { Filters: [{ Name: 'db-cluster-id', Values: [cluster.DBClusterIdentifier] }] });
    expect(members.map((m) => m.DBInstanceIdentifier)).toEqual(cluster.DBClusterMembers.map((m) => m.DBInstanceIdentifier));
    const postgres = await list<Instance>('DescribeDBInstances', cell, { MaxRecords: 20, Filters: [{ Name: 'engine', Values: ['postgres'] }] });
    expect(postgres).toEqual(instances.filter((i) => i.Engine === 'postgres'));
    const byId = await list<Cluster>('DescribeDBClusters', cell, { Filters: [{ Name: 'db-cluster-id', Values: [cluster.DBClusterArn] }] });
    expect(byId).toEqual([cluster]);
    expect((await failureOf(() => call('DescribeDBInstances', { Filters: [{ Name: 'nope', Values: ['x'] }] }, cell))).code).toBe('InvalidParameterValue');
  });

  it('answers 404 DBInstanceNotFound / DBClusterNotFoundFault with AWS wording', async () => {
    const [instance] = await list<Instance>('DescribeDBInstances', cell);
    const [cluster] = await list<Cluster>('DescribeDBClusters', cell);
    const id = instance?.DBInstanceIdentifier ?? '';
    for (const DBInstanceIdentifier of ['missing-db', id.replace(/\d{4}$/, '9999'), `${cluster?.DBClusterIdentifier ?? ''}-instance-3`]) {
      const error = await failureOf(() => call('DescribeDBInstances', { DBInstanceIdentifier }, cell));
      expect([error.code, error.status, error.message]).toEqual(['DBInstanceNotFound', 404, `DBInstance ${DBInstanceIdentifier} not found.`]);
    }
    const error = await failureOf(() => call('DescribeDBClusters', { DBClusterIdentifier: 'missing' }, cell));
    expect([error.code, error.status, error.message]).toEqual(['DBClusterNotFoundFault', 404, 'DBCluster missing not found.']);
    const other = cells.find((c) => c.accountId !== cell.accountId) as Cell;
    expect((await failureOf(() => call('DescribeDBInstances', { DBInstanceIdentifier: instance?.DBInstanceArn }, other))).code).toBe('DBInstanceNotFound');
  });
});

describe('rds ListTagsForResource', () => {
  it('returns each resource’s TagList by ARN, and 404 for unknown ones', async () => {
    const instances = await list<Instance>('DescribeDBInstances', cell);
    const clusters = await list<Cluster>('DescribeDBClusters', cell);
    for (const i of instances.slice(0, 30)) expect(call('ListTagsForResource', { ResourceName: i.DBInstanceArn }, cell)).toEqual({ TagList: i.TagList });
    for (const c of clusters.slice(0, 10)) expect(call('ListTagsForResource', { ResourceName: c.DBClusterArn }, cell)).toEqual({ TagList: c.TagList });
    expect(instances.some((i) => i.TagList.length > 0)).toBe(true);
    const arn = `arn:aws:rds:${cell.region}:${cell.accountId}`;
    expect((await failureOf(() => call('ListTagsForResource', { ResourceName: `${arn}:db:missing` }, cell))).code).toBe('DBInstanceNotFound');
    expect((await failureOf(() => call('ListTagsForResource', { ResourceName: `${arn}:cluster:missing` }, cell))).code).toBe('DBClusterNotFoundFault');
    expect((await failureOf(() => call('ListTagsForResource', { ResourceName: 'missing' }, cell))).code).toBe('InvalidParameterValue');
  });
});

describe('rds determinism and empty cells', () => {
  it('gives the same data for the same seed and other names for another seed', async () => {
    const again = testUniverse({ scale: 40_000 });
    expect(await list('DescribeDBClusters', cell, {}, again)).toEqual(await list('DescribeDBClusters', cell));
    expect(call('DescribeDBInstances', {}, cell, again)).toEqual(call('DescribeDBInstances', {}, cell));
    const other = testUniverse({ scale: 40_000, seed: 8 });
    const names = (await list<Instance>('DescribeDBInstances', other.cells('regional')[0] as Cell, {}, other)).map((i) => i.DBInstanceIdentifier);
    expect(names).not.toEqual((await list<Instance>('DescribeDBInstances', cell)).map((i) => i.DBInstanceIdentifier));
  });

  it('has nothing in suspended accounts', async () => {
    const u = testUniverse({ scale: 40_000, suspendedAccounts: 1 });
    const suspended = u.org.accounts.find((a) => a.status === 'SUSPENDED');
    const c = { accountId: suspended?.id ?? '', region: 'us-east-1' };
    expect(rdsLayout(u, c).instances).toBe(0);
    expect(await list('DescribeDBInstances', c, {}, u)).toEqual([]);
    expect(await list('DescribeDBClusters', c, {}, u)).toEqual([]);
  });
});

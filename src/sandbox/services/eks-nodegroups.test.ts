import { describe, expect, it } from 'vitest';
import type { Cell } from '../data/ids.js';
import { kinds } from './eks.js';
import { eksAll, eksCall, eksClusters } from './eks-testing.js';
import { roleProblem } from './test-references.js';
import { failureOf } from './test-paging.js';
import { testUniverse } from './testing.js';

interface Nodegroup {
  nodegroupName: string;
  nodegroupArn: string;
  clusterName: string;
  version: string;
  releaseVersion: string;
  createdAt: Date;
  modifiedAt: Date;
  capacityType: string;
  scalingConfig: { minSize: number; maxSize: number; desiredSize: number };
  subnets: string[];
  nodeRole: string;
  tags: Record<string, string>;
}

const nodegroupKind = kinds.find((k) => k.kind === 'eks.node_group');

describe('eks node groups', () => {
  const universe = testUniverse({ scale: 20_000 });
  const cells = universe.cells('regional');
  const cell = cells[0] as Cell;

  it('lists eks.node_group node groups per cell; each runs the cluster\'s version in its subnets with an existing role', async () => {
    if (!nodegroupKind) throw new Error('no eks.node_group kind');
    const perCluster: number[] = [];
    for (const c of cells) {
      let listed = 0;
      for (const cluster of await eksClusters(universe, c)) {
        const names = (await eksAll(universe, c, 'ListNodegroups', { clusterName: cluster.name })).items;
        expect(new Set(names).size).toBe(names.length);
        perCluster.push(names.length);
        listed += names.length;
        for (const name of names) {
          const group = (await eksCall(universe, c, 'DescribeNodegroup', { clusterName: cluster.name, nodegroupName: name })).nodegroup as Nodegroup;
          expect(group.nodegroupName).toBe(name);
          expect(group.nodegroupArn).toMatch(new RegExp(`^arn:aws:eks:${c.region}:${c.accountId}:nodegroup/${cluster.name}/${name}/[0-9a-f-]{36}$`));
          expect(group.clusterName).toBe(cluster.name);
          expect(group.version).toBe(cluster.version);
          expect(group.releaseVersion.startsWith(`${cluster.version}.`)).toBe(true);
          expect(group.subnets).toEqual(cluster.resourcesVpcConfig.subnetIds);
          expect(roleProblem(universe, group.nodeRole)).toBeUndefined();
          expect(group.createdAt.getTime()).toBeGreaterThanOrEqual(cluster.createdAt.getTime());
          expect(group.modifiedAt.getTime()).toBeGreaterThanOrEqual(group.createdAt.getTime());
          const { minSize, desiredSize, maxSize } = group.scalingConfig;
          expect(minSize <= desiredSize && desiredSize <= maxSize).toBe(true);
        }
      }
      expect(listed, `${c.accountId} ${c.region}`).toBe(nodegroupKind.count(universe, c));
    }
    expect(perCluster).toContain(0);
    expect(Math.max(...perCluster)).toBeGreaterThanOrEqual(3);
  });

  it('pages ListNodegroups and answers EKS errors for unknown clusters, node groups and page sizes', async () => {
    const clusters = await eksClusters(universe, cell);
    let paged = 0;
    for (const cluster of clusters) {
      const all = (await eksAll(universe, cell, 'ListNodegroups', { clusterName: cluster.name })).items;
      if (all.length < 2) continue;
      const ones = await eksAll(universe, cell, 'ListNodegroups', { clusterName: cluster.name, maxResults: 1 });
      expect(ones.items).toEqual(all);
      expect(ones.pageSizes.every((n) => n === 1)).toBe(true);
      paged += 1;
    }
    expect(paged).toBeGreaterThan(0);
    const name = (clusters[0] as { name: string }).name;
    const missing = await failureOf(() => eksCall(universe, cell, 'DescribeNodegroup', { clusterName: name, nodegroupName: 'ng-general-9999' }));
    expect([missing.code, missing.status, missing.message]).toEqual(['ResourceNotFoundException', 404, 'No node group found for name: ng-general-9999.']);
    const noCluster = await failureOf(() => eksCall(universe, cell, 'ListNodegroups', { clusterName: 'no-such-cluster' }));
    expect([noCluster.code, noCluster.status]).toEqual(['ResourceNotFoundException', 404]);
    for (const maxResults of [0, 101]) {
      expect((await failureOf(() => eksCall(universe, cell, 'ListNodegroups', { clusterName: name, maxResults }))).code).toBe('InvalidParameterException');
    }
  });
});

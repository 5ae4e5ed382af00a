import { describe, expect, it } from 'vitest';
import type { Cell } from '../data/ids.js';
import { kinds } from './eks.js';
import { eksAll, eksCall, eksClusters } from './eks-testing.js';
import { failureOf } from './test-paging.js';
import { testUniverse } from './testing.js';

interface Addon {
  addonName: string;
  addonArn: string;
  clusterName: string;
  addonVersion: string;
  status: string;
  createdAt: Date;
  modifiedAt: Date;
  tags: Record<string, string>;
}

const addonKind = kinds.find((k) => k.kind === 'eks.addon');

describe('eks add-ons', () => {
  const universe = testUniverse({ scale: 20_000 });
  const cells = universe.cells('regional');

  it('lists eks.addon add-ons per cell, the networking three first, each described under its own name', async () => {
    if (!addonKind) throw new Error('no eks.addon kind');
    const perCluster: number[] = [];
    for (const c of cells) {
      let listed = 0;
      for (const cluster of await eksClusters(universe, c)) {
        const names = (await eksAll(universe, c, 'ListAddons', { clusterName: cluster.name })).items;
        perCluster.push(names.length);
        listed += names.length;
        if (names.length > 0) expect(names.slice(0, 3)).toEqual(['vpc-cni', 'coredns', 'kube-proxy']);
        for (const name of names) {
          const addon = (await eksCall(universe, c, 'DescribeAddon', { clusterName: cluster.name, addonName: name })).addon as Addon;
          expect(addon.addonName).toBe(name);
          expect(addon.addonArn).toMatch(new RegExp(`^arn:aws:eks:${c.region}:${c.accountId}:addon/${cluster.name}/${name}/[0-9a-f-]{36}$`));
          expect(addon.clusterName).toBe(cluster.name);
          expect(addon.addonVersion).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
          expect(addon.createdAt.getTime()).toBeGreaterThanOrEqual(cluster.createdAt.getTime());
          expect(addon.modifiedAt.getTime()).toBeGreaterThanOrEqual(addon.createdAt.getTime());
        }
      }
      expect(listed, `${c.accountId} ${c.region}`).toBe(addonKind.count(universe, c));
    }
    expect(perCluster).toContain(0);
    expect(Math.max(...perCluster)).toBeGreaterThan(3);
  });

  it('answers ResourceNotFoundException for add-ons a cluster has not installed', async () => {
    const cell = cells[0] as Cell;
    for (const cluster of await eksClusters(universe, cell)) {
      const names = (await eksAll(universe, cell, 'ListAddons', { clusterName: cluster.name })).items;
      if (names.includes('amazon-cloudwatch-observability')) continue;
      const missing = await failureOf(() => eksCall(universe, cell, 'DescribeAddon', { clusterName: cluster.name, addonName: 'amazon-cloudwatch-observability' }));
      expect([missing.code, missing.status, missing.message]).toEqual([
        'ResourceNotFoundException',
        404,
        `No addon: amazon-cloudwatch-observability found in cluster: ${cluster.name}`,
      ]);
      return;
    }
    throw new Error('every cluster has every add-on');
  });
});

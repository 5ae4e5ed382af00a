import { describe, expect, it } from 'vitest';
import type { Cell } from '../data/ids.js';
import { indexOfId, layoutOf, subnetIsPublic } from './ec2/layout.js';
import { kinds } from './eks.js';
import { eksAll, eksCall, eksClusters } from './eks-testing.js';
import { roleProblem } from './test-references.js';
import { failureOf } from './test-paging.js';
import { testUniverse } from './testing.js';

interface FargateProfile {
  fargateProfileName: string;
  fargateProfileArn: string;
  clusterName: string;
  createdAt: Date;
  podExecutionRoleArn: string;
  subnets: string[];
  selectors: Array<{ namespace: string; labels: Record<string, string> }>;
  status: string;
}

const profileKind = kinds.find((k) => k.kind === 'eks.fargate_profile');

describe('eks fargate profiles', () => {
  const universe = testUniverse({ scale: 20_000 });
  const cells = universe.cells('regional');

  it('lists eks.fargate_profile profiles per cell, only in clusters with private subnets, and only those subnets', async () => {
    if (!profileKind) throw new Error('no eks.fargate_profile kind');
    let profiles = 0;
    let publicOnly = 0;
    // A small organization has few custom VPCs, so some cluster sits in the default VPC's public subnets.
    const small = testUniverse({ scale: 500 });
    const where = [...cells.map((c) => ({ universe, c })), ...small.cells('regional').map((c) => ({ universe: small, c }))];
    for (const { universe, c } of where) {
      const layout = layoutOf(universe, c);
      let listed = 0;
      for (const cluster of await eksClusters(universe, c)) {
        const names = (await eksAll(universe, c, 'ListFargateProfiles', { clusterName: cluster.name })).items;
        listed += names.length;
        const isPrivate = (id: string) => {
          const subnet = indexOfId(layout, 'subnet', id, layout.subnets);
          return subnet !== undefined && !subnetIsPublic(layout, subnet);
        };
        const privateSubnets = cluster.resourcesVpcConfig.subnetIds.filter(isPrivate);
        if (privateSubnets.length === 0) {
          expect(names).toEqual([]);
          publicOnly += 1;
        }
        for (const name of names) {
          const profile = (await eksCall(universe, c, 'DescribeFargateProfile', { clusterName: cluster.name, fargateProfileName: name })).fargateProfile as FargateProfile;
          expect(profile.fargateProfileName).toBe(name);
          expect(profile.fargateProfileArn).toMatch(new RegExp(`^arn:aws:eks:${c.region}:${c.accountId}:fargateprofile/${cluster.name}/${name}/[0-9a-f-]{36}$`));
          expect(profile.clusterName).toBe(cluster.name);
          expect(profile.subnets).toEqual(privateSubnets);
          expect(profile.selectors.length).toBeGreaterThan(0);
          expect(roleProblem(universe, profile.podExecutionRoleArn)).toBeUndefined();
          expect(profile.createdAt.getTime()).toBeGreaterThanOrEqual(cluster.createdAt.getTime());
          profiles += 1;
        }
      }
      expect(listed, `${c.accountId} ${c.region}`).toBe(profileKind.count(universe, c));
    }
    expect(profiles).toBeGreaterThan(0);
    expect(publicOnly).toBeGreaterThan(0);
  });

  it('answers ResourceNotFoundException for unknown profiles and clusters', async () => {
    const cell = cells[0] as Cell;
    const name = ((await eksClusters(universe, cell))[0] as { name: string }).name;
    const missing = await failureOf(() => eksCall(universe, cell, 'DescribeFargateProfile', { clusterName: name, fargateProfileName: 'fp-default-0042' }));
    expect([missing.code, missing.status]).toEqual(['ResourceNotFoundException', 404]);
    const noCluster = await failureOf(() => eksCall(universe, cell, 'ListFargateProfiles', { clusterName: 'no-such-cluster' }));
    expect(noCluster.code).toBe('ResourceNotFoundException');
    expect((await failureOf(() => eksCall(universe, cell, 'ListFargateProfiles', { clusterName: name, maxResults: 101 }))).code).toBe('InvalidParameterException');
  });
});

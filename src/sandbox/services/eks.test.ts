import { describe, expect, it } from 'vitest';
import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import { indexOfId, layoutOf, securityGroupVpc, subnetVpc } from './ec2/layout.js';
import { findRole, roleAt } from './iam/roles.js';
import { eksService, kinds } from './eks.js';
import { keyAt, resolveKey } from './kms/keys.js';
import type { Input } from './service.js';
import { collectPages, failureOf } from './test-paging.js';
import { testContext, testUniverse } from './testing.js';

const handlers = eksService.handlers;
interface Cluster {
  name: string;
  arn: string;
  version: string;
  endpoint: string;
  status: string;
  createdAt: Date;
  tags: Record<string, string>;
  certificateAuthority: { data: string };
  roleArn: string;
  resourcesVpcConfig: { subnetIds: string[]; securityGroupIds: string[]; vpcId?: string; clusterSecurityGroupId?: string };
  encryptionConfig?: Array<{ provider: { keyArn: string } }>;
}

const count = (universe: Universe, cell: Cell) => kinds[0]?.count(universe, cell) ?? -1;

async function listNames(universe: Universe, cell: Cell, input: Input = {}) {
  const result = await collectPages(handlers.ListClusters, testContext(universe, 'eks', 'ListClusters', cell), input);
  return { names: result.items as string[], pageSizes: result.pageSizes };
}

async function describeCluster(universe: Universe, cell: Cell, name: string): Promise<Cluster> {
  const handler = handlers.DescribeCluster;
  if (!handler) throw new Error('no DescribeCluster');
  return (await handler({ name }, testContext(universe, 'eks', 'DescribeCluster', cell))).cluster as Cluster;
}

describe('eks', () => {
  const universe = testUniverse({ scale: 20_000 });
  const cells = universe.cells('regional');
  const cell = cells[0] as Cell;

  it('lists exactly eks.cluster clusters per cell, with every page size', async () => {
    expect(kinds.map((k) => k.kind)).toEqual(['eks.cluster', 'eks.node_group', 'eks.fargate_profile', 'eks.addon']);
    for (const c of cells) {
      const { names } = await listNames(universe, c);
      expect(names).toHaveLength(count(universe, c));
      expect(new Set(names).size).toBe(names.length);
    }
    const { names } = await listNames(universe, cell);
    expect(names.length).toBeGreaterThan(5);
    for (let maxResults = 1; maxResults <= 5; maxResults++) {
      const paged = await listNames(universe, cell, { maxResults });
      expect(paged.names).toEqual(names);
      expect(paged.pageSizes.slice(0, -1).every((n) => n === maxResults)).toBe(true);
    }
    const error = await failureOf(() => handlers.ListClusters?.({ maxResults: 101 }, testContext(universe, 'eks', 'ListClusters', cell)));
    expect(error.code).toBe('InvalidParameterException');
  });

  it('describes every listed cluster with references that resolve', async () => {
    let encrypted = 0;
    for (const c of cells) {
      const layout = layoutOf(universe, c);
      for (const name of (await listNames(universe, c)).names) {
        const cluster = await describeCluster(universe, c, name);
        expect(cluster.name).toBe(name);
        expect(cluster.arn).toBe(`arn:aws:eks:${c.region}:${c.accountId}:cluster/${name}`);
        expect(cluster.status).toBe('ACTIVE');
        expect(cluster.version).toMatch(/^1\.\d+$/);
        expect(cluster.endpoint).toMatch(new RegExp(`^https://[0-9A-F]{32}\\.gr7\\.${c.region}\\.eks\\.amazonaws\\.com$`));
        expect(Buffer.from(cluster.certificateAuthority.data, 'base64').toString()).toContain('BEGIN CERTIFICATE');
        expect(cluster.createdAt).toBeInstanceOf(Date);
        const global = { accountId: c.accountId, region: 'global' };
        const role = roleAt(universe, global, findRole(universe, global, cluster.roleArn.split('/').pop() ?? ''));
        expect(role.Arn).toBe(cluster.roleArn);
        expect(JSON.stringify(role.trust)).toContain('eks.amazonaws.com');
        const vpcConfig = cluster.resourcesVpcConfig;
        const vpc = indexOfId(layout, 'vpc', vpcConfig.vpcId ?? '', layout.vpcs);
        expect(vpc).toBeDefined();
        expect(vpcConfig.subnetIds.length).toBeGreaterThan(0);
        for (const subnetId of vpcConfig.subnetIds) {
          const subnet = indexOfId(layout, 'subnet', subnetId, layout.subnets);
          expect(subnet === undefined ? undefined : subnetVpc(layout, subnet)).toBe(vpc);
        }
        for (const groupId of [...vpcConfig.securityGroupIds, vpcConfig.clusterSecurityGroupId ?? '']) {
          const group = indexOfId(layout, 'securityGroup', groupId, layout.securityGroups);
          expect(group === undefined ? undefined : securityGroupVpc(layout, group)).toBe(vpc);
        }
        for (const config of cluster.encryptionConfig ?? []) {
          const index = resolveKey(universe, c, config.provider.keyArn);
          expect(index === undefined ? undefined : keyAt(universe, c, index).state).toBe('Enabled');
          encrypted += 1;
        }
      }
    }
    expect(encrypted).toBeGreaterThan(0);
  });

  it('answers ResourceNotFoundException (404) for clusters that do not exist here', async () => {
    const { names } = await listNames(universe, cell);
    const name = names[0] as string;
    const otherNames = (await listNames(universe, cells[1] as Cell)).names;
    const foreign = otherNames.find((n) => !names.includes(n)) ?? 'x-9999';
    for (const missing of ['no-such-cluster', name.replace(/-(\d{4})$/, '-9999'), `zz${name}`, foreign]) {
      const error = await failureOf(() => describeCluster(universe, cell, missing));
      expect([error.code, error.status, error.message]).toEqual(['ResourceNotFoundException', 404, `No cluster found for name: ${missing}.`]);
    }
  });

  it('is deterministic per seed', async () => {
    const { names } = await listNames(universe, cell);
    const again = testUniverse({ scale: 20_000 });
    expect(await describeCluster(again, cell, names[0] as string)).toEqual(await describeCluster(universe, cell, names[0] as string));
    const other = testUniverse({ scale: 20_000, seed: 5 });
    expect((await listNames(other, other.cells('regional')[0] as Cell)).names).not.toEqual(names);
  });
});

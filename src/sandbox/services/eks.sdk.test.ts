import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListNodegroupsCommand,
  paginateListAddons,
  paginateListClusters,
  paginateListFargateProfiles,
  paginateListNodegroups,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.js';
import { clientConfig, drain, expectListingMatchesTruth, sdkSandboxOptions, truthCells, type TruthCell } from './sdk-testing.js';

describe('eks through the AWS SDK', () => {
  let sandbox: Sandbox;
  let cells: TruthCell[];
  const client = (cell: TruthCell) => new EKSClient(clientConfig(sandbox, cell));

  const clusterNames = (cell: TruthCell, pageSize?: number) => drain(paginateListClusters({ client: client(cell), pageSize }, {}), (p) => p.clusters);

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    cells = truthCells(sandbox.truth(), 'eks.cluster');
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of clusters in every cell, with page sizes 1 to 5', async () => {
    expect(cells.length).toBe(6);
    for (const cell of cells) {
      await expectListingMatchesTruth(cell, (pageSize) => clusterNames(cell, pageSize), { key: (name) => name, pageSizes: [1, 2, 3, 4, 5] });
    }
    expect(cells.some((c) => c.count > 1)).toBe(true);
  });

  it('describes every cluster', async () => {
    for (const cell of cells) {
      for (const name of (await clusterNames(cell)).items) {
        const { cluster } = await client(cell).send(new DescribeClusterCommand({ name }));
        expect(cluster?.name).toBe(name);
        expect(cluster?.arn).toBe(`arn:aws:eks:${cell.region}:${cell.accountId}:cluster/${name}`);
        expect(cluster?.status).toBe('ACTIVE');
        expect(cluster?.createdAt).toBeInstanceOf(Date);
        expect(cluster?.resourcesVpcConfig?.subnetIds?.length).toBeGreaterThan(0);
        expect(cluster?.roleArn).toMatch(new RegExp(`^arn:aws:iam::${cell.accountId}:role/`));
        expect(typeof cluster?.tags).toBe('object');
      }
    }
  });

  it('lists and describes every cluster\'s node groups, Fargate profiles and add-ons: the truth in each cell', async () => {
    const truth = sandbox.truth();
    const at = (kind: string, cell: TruthCell) => truthCells(truth, kind).find((c) => c.accountId === cell.accountId && c.region === cell.region)?.count;
    let described = 0;
    for (const cell of cells) {
      const eks = client(cell);
      const found = { nodegroups: 0, profiles: 0, addons: 0 };
      for (const clusterName of (await clusterNames(cell)).items) {
        for (const nodegroupName of (await drain(paginateListNodegroups({ client: eks, pageSize: 1 }, { clusterName }), (p) => p.nodegroups)).items) {
          const { nodegroup } = await eks.send(new DescribeNodegroupCommand({ clusterName, nodegroupName }));
          expect([nodegroup?.clusterName, nodegroup?.nodegroupName]).toEqual([clusterName, nodegroupName]);
          expect(nodegroup?.createdAt).toBeInstanceOf(Date);
          found.nodegroups += 1;
        }
        for (const fargateProfileName of (await drain(paginateListFargateProfiles({ client: eks }, { clusterName }), (p) => p.fargateProfileNames)).items) {
          const { fargateProfile } = await eks.send(new DescribeFargateProfileCommand({ clusterName, fargateProfileName }));
          expect([fargateProfile?.clusterName, fargateProfile?.fargateProfileName]).toEqual([clusterName, fargateProfileName]);
          expect(fargateProfile?.selectors?.length).toBeGreaterThan(0);
          found.profiles += 1;
        }
        for (const addonName of (await drain(paginateListAddons({ client: eks, pageSize: 2 }, { clusterName }), (p) => p.addons)).items) {
          const { addon } = await eks.send(new DescribeAddonCommand({ clusterName, addonName }));
          expect([addon?.clusterName, addon?.addonName]).toEqual([clusterName, addonName]);
          expect(addon?.addonArn).toMatch(new RegExp(`^arn:aws:eks:${cell.region}:${cell.accountId}:addon/${clusterName}/${addonName}/`));
          found.addons += 1;
        }
      }
      expect(found).toEqual({ nodegroups: at('eks.node_group', cell), profiles: at('eks.fargate_profile', cell), addons: at('eks.addon', cell) });
      described += found.nodegroups + found.profiles + found.addons;
    }
    expect(described).toBeGreaterThan(0);
    const cell = cells[0] as TruthCell;
    await expect(client(cell).send(new ListNodegroupsCommand({ clusterName: 'no-such-cluster' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('fails with ResourceNotFoundException for an unknown cluster', async () => {
    const cell = cells[0] as TruthCell;
    await expect(client(cell).send(new DescribeClusterCommand({ name: 'no-such-cluster' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });
});

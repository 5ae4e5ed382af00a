import { DescribeClusterCommand, EKSClient, paginateListClusters, ResourceNotFoundException } from '@aws-sdk/client-eks';
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

  it('fails with ResourceNotFoundException for an unknown cluster', async () => {
    const cell = cells[0] as TruthCell;
    await expect(client(cell).send(new DescribeClusterCommand({ name: 'no-such-cluster' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });
});

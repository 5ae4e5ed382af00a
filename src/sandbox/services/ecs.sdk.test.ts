import { DescribeClustersCommand, ECSClient, InvalidParameterException, ListClustersCommand, paginateListClusters } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.js';
import { clientConfig, drain, expectListingMatchesTruth, sdkSandboxOptions, truthCells, type TruthCell } from './sdk-testing.js';

describe('ecs through the AWS SDK', () => {
  let sandbox: Sandbox;
  let cells: TruthCell[];
  const client = (cell: TruthCell) => new ECSClient(clientConfig(sandbox, cell));

  const clusterArns = (cell: TruthCell, pageSize?: number) => drain(paginateListClusters({ client: client(cell), pageSize }, {}), (p) => p.clusterArns);

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    cells = truthCells(sandbox.truth(), 'ecs.cluster');
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of clusters in every cell, with page sizes 1 to 5', async () => {
    expect(cells.length).toBe(6);
    for (const cell of cells) {
      await expectListingMatchesTruth(cell, (pageSize) => clusterArns(cell, pageSize), { key: (arn) => arn, pageSizes: [1, 2, 3, 4, 5] });
    }
    expect(cells.some((c) => c.count > 1)).toBe(true);
  });

  it('describes every cluster with all includes, and reports unknown ones as MISSING', async () => {
    for (const cell of cells) {
      const arns = (await clusterArns(cell)).items;
      const missing = `arn:aws:ecs:${cell.region}:${cell.accountId}:cluster/no-such-cluster`;
      const out = await client(cell).send(
        new DescribeClustersCommand({
          clusters: [...arns, 'no-such-cluster'],
          include: ['TAGS', 'SETTINGS', 'STATISTICS', 'CONFIGURATIONS', 'ATTACHMENTS'],
        }),
      );
      expect(out.clusters?.map((c) => c.clusterArn)).toEqual(arns);
      expect(out.failures).toEqual([{ arn: missing, reason: 'MISSING' }]);
      for (const cluster of out.clusters ?? []) {
        expect(cluster.status).toBe('ACTIVE');
        expect(cluster.settings?.[0]?.name).toBe('containerInsights');
        expect(cluster.statistics?.length).toBe(8);
        expect(cluster.configuration?.executeCommandConfiguration?.logging).toBe('DEFAULT');
      }
    }
  });

  it('fails with InvalidParameterException for a page size over 100', async () => {
    const cell = cells[0] as TruthCell;
    await expect(client(cell).send(new ListClustersCommand({ maxResults: 101 }))).rejects.toBeInstanceOf(InvalidParameterException);
  });
});

import {
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  paginateListQueues,
  QueueDoesNotExist,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.js';
import { clientConfig, drain, expectListingMatchesTruth, sdkSandboxOptions, truthCells, type TruthCell } from './sdk-testing.js';

describe('sqs through the AWS SDK', () => {
  let sandbox: Sandbox;
  let cells: TruthCell[];
  const client = (cell: TruthCell, box: Sandbox = sandbox) => new SQSClient(clientConfig(box, cell));

  const queueUrls = (cell: TruthCell, pageSize?: number, box: Sandbox = sandbox) =>
    drain(paginateListQueues({ client: client(cell, box), pageSize }, {}), (p) => p.QueueUrls);

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    cells = truthCells(sandbox.truth(), 'sqs.queue');
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of queues in every account and region, with any page size', async () => {
    expect(cells.length).toBe(6);
    for (const cell of cells) {
      const urls = await expectListingMatchesTruth(cell, (pageSize) => queueUrls(cell, pageSize), { key: (url) => url, pageSizes: [1, 2, 3, 5] });
      for (const url of urls) expect(url.startsWith(`${sandbox.endpoint}/${cell.accountId}/`)).toBe(true);
      // Without MaxResults SQS answers with up to 1,000 queues in one response.
      const single = await client(cell).send(new ListQueuesCommand({}));
      expect(single.QueueUrls ?? []).toEqual(urls);
      expect(single.NextToken).toBeUndefined();
    }
    expect(cells.some((c) => c.count > 5)).toBe(true);
  });

  it('filters by name prefix', async () => {
    const cell = cells[0] as TruthCell;
    const { items: urls } = await queueUrls(cell, 1000);
    const name = (url: string) => url.slice(url.lastIndexOf('/') + 1);
    const prefix = name(urls[0] ?? '').split('-')[0] ?? '';
    const out = await client(cell).send(new ListQueuesCommand({ QueueNamePrefix: prefix }));
    expect(out.QueueUrls).toEqual(urls.filter((u) => name(u).startsWith(prefix)));
  });

  it('reads attributes and tags of every queue; redrive policies name listed queues', async () => {
    let redrives = 0;
    for (const cell of cells) {
      const sqs = client(cell);
      const { items: urls } = await queueUrls(cell, 1000);
      const arns = new Set<string>();
      const policies: string[] = [];
      for (const url of urls) {
        const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
        const name = url.slice(url.lastIndexOf('/') + 1);
        expect(Attributes?.QueueArn).toBe(`arn:aws:sqs:${cell.region}:${cell.accountId}:${name}`);
        expect(Attributes?.FifoQueue === 'true').toBe(name.endsWith('.fifo'));
        expect(Number(Attributes?.CreatedTimestamp)).toBeGreaterThan(1_500_000_000);
        arns.add(Attributes?.QueueArn ?? '');
        if (Attributes?.RedrivePolicy) policies.push(Attributes.RedrivePolicy);
        const { Tags } = await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }));
        for (const value of Object.values(Tags ?? {})) expect(typeof value).toBe('string');
      }
      for (const policy of policies) expect(arns.has((JSON.parse(policy) as { deadLetterTargetArn: string }).deadLetterTargetArn)).toBe(true);
      redrives += policies.length;
    }
    expect(redrives).toBeGreaterThan(0);
  });

  it('fails with the typed QueueDoesNotExist', async () => {
    const cell = cells[0] as TruthCell;
    const sqs = client(cell);
    const missing = `${sandbox.endpoint}/${cell.accountId}/no-such-queue`;
    await expect(sqs.send(new GetQueueAttributesCommand({ QueueUrl: missing, AttributeNames: ['All'] }))).rejects.toBeInstanceOf(QueueDoesNotExist);
    await expect(sqs.send(new ListQueueTagsCommand({ QueueUrl: missing }))).rejects.toBeInstanceOf(QueueDoesNotExist);
    // Another account's queue is not visible with this account's credentials.
    const other = cells.find((c) => c.accountId !== cell.accountId && c.count > 0) as TruthCell;
    const [foreign] = (await queueUrls(other, 1000)).items;
    await expect(sqs.send(new ListQueueTagsCommand({ QueueUrl: foreign }))).rejects.toBeInstanceOf(QueueDoesNotExist);
  });
});

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
import { clientConfig, sdkSandboxOptions, truthCells, type TruthCell } from './sdk-testing.js';

describe('sqs through the AWS SDK', () => {
  let sandbox: Sandbox;
  let cells: TruthCell[];
  const client = (cell: TruthCell, box: Sandbox = sandbox) => new SQSClient(clientConfig(box, cell));

  async function queueUrls(cell: TruthCell, pageSize: number, box: Sandbox = sandbox): Promise<{ urls: string[]; pages: number[] }> {
    const urls: string[] = [];
    const pages: number[] = [];
    for await (const page of paginateListQueues({ client: client(cell, box), pageSize }, {})) {
      urls.push(...(page.QueueUrls ?? []));
      pages.push(page.QueueUrls?.length ?? 0);
    }
    return { urls, pages };
  }

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    cells = truthCells(sandbox.truth(), 'sqs.queue');
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of queues in every account and region, with any page size', async () => {
    expect(cells.length).toBe(6);
    for (const cell of cells) {
      const { urls } = await queueUrls(cell, 1000);
      expect(urls).toHaveLength(cell.count);
      expect(new Set(urls).size).toBe(cell.count);
      for (const url of urls) expect(url.startsWith(`${sandbox.endpoint}/${cell.accountId}/`)).toBe(true);
      // Without MaxResults SQS answers with up to 1,000 queues in one response.
      const single = await client(cell).send(new ListQueuesCommand({}));
      expect(single.QueueUrls ?? []).toEqual(urls);
      expect(single.NextToken).toBeUndefined();
    }
    const cell = cells[0] as TruthCell;
    const { urls: all } = await queueUrls(cell, 1000);
    for (const pageSize of [1, 2, 3, 5]) {
      const { urls, pages } = await queueUrls(cell, pageSize);
      expect(urls).toEqual(all);
      expect(Math.max(...pages)).toBe(pageSize);
    }
  });

  it('filters by name prefix', async () => {
    const cell = cells[0] as TruthCell;
    const { urls } = await queueUrls(cell, 1000);
    const name = (url: string) => url.slice(url.lastIndexOf('/') + 1);
    const prefix = name(urls[0] ?? '').split('-')[0] ?? '';
    const out = await client(cell).send(new ListQueuesCommand({ QueueNamePrefix: prefix }));
    expect(out.QueueUrls).toEqual(urls.filter((u) => name(u).startsWith(prefix)));
  });

  it('reads attributes and tags of every queue; redrive policies name listed queues', async () => {
    let redrives = 0;
    for (const cell of cells) {
      const sqs = client(cell);
      const { urls } = await queueUrls(cell, 1000);
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
    const [foreign] = (await queueUrls(other, 1000)).urls;
    await expect(sqs.send(new ListQueueTagsCommand({ QueueUrl: foreign }))).rejects.toBeInstanceOf(QueueDoesNotExist);
  });
});

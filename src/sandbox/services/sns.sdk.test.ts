import {
  GetTopicAttributesCommand,
  InvalidParameterException,
  ListTagsForResourceCommand,
  NotFoundException,
  paginateListTopics,
  ResourceNotFoundException,
  SNSClient,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index.js';
import { clientConfig, drain, expectListingMatchesTruth, sdkSandboxOptions, truthCells, type TruthCell } from './sdk-testing.js';

describe('sns through the AWS SDK', () => {
  let sandbox: Sandbox;
  let cells: TruthCell[];
  const client = (cell: TruthCell, box: Sandbox = sandbox) => new SNSClient(clientConfig(box, cell));
  // ListTopics has no page size: SNS always answers with up to 100 topics.
  const topicArns = (cell: TruthCell, box: Sandbox = sandbox) =>
    drain(paginateListTopics({ client: client(cell, box) }, {}), (p) => p.Topics?.map((t) => t.TopicArn ?? ''));

  beforeAll(async () => {
    sandbox = await startSandbox(sdkSandboxOptions);
    cells = truthCells(sandbox.truth(), 'sns.topic');
  });
  afterAll(() => sandbox.close());

  it('lists exactly the ground truth of topics in every account and region', async () => {
    expect(cells.length).toBe(6);
    for (const cell of cells) await expectListingMatchesTruth(cell, () => topicArns(cell), { key: (arn) => arn });
    expect(cells.reduce((sum, c) => sum + c.count, 0)).toBeGreaterThan(0);
  });

  it('follows ListTopics pages of 100 to the end', async () => {
    const big = await startSandbox({ ...sdkSandboxOptions, accounts: 1, scale: 20_000 });
    try {
      const cells = truthCells(big.truth(), 'sns.topic');
      expect(cells.every((cell) => cell.count > 100)).toBe(true);
      for (const cell of cells) await expectListingMatchesTruth(cell, () => topicArns(cell, big), { key: (arn) => arn, defaultPageSize: 100 });
    } finally {
      await big.close();
    }
  });

  it('reads attributes and tags of every topic', async () => {
    for (const cell of cells) {
      const sns = client(cell);
      for (const arn of (await topicArns(cell)).items) {
        const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));
        expect(Attributes?.TopicArn).toBe(arn);
        expect(Attributes?.Owner).toBe(cell.accountId);
        expect(() => JSON.parse(Attributes?.Policy ?? '')).not.toThrow();
        expect(Attributes?.FifoTopic === 'true').toBe(arn.endsWith('.fifo'));
        const { Tags } = await sns.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
        expect(Array.isArray(Tags)).toBe(true);
        for (const tag of Tags ?? []) expect(typeof tag.Key).toBe('string');
      }
    }
  });

  it('fails with the typed SNS exceptions', async () => {
    const cell = cells[0] as TruthCell;
    const sns = client(cell);
    const missing = `arn:aws:sns:${cell.region}:${cell.accountId}:no-such-topic`;
    await expect(sns.send(new GetTopicAttributesCommand({ TopicArn: missing }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(sns.send(new ListTagsForResourceCommand({ ResourceArn: missing }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(sns.send(new GetTopicAttributesCommand({ TopicArn: 'nope' }))).rejects.toBeInstanceOf(InvalidParameterException);
  });
});

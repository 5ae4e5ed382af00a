import { describe, expect, it } from 'vitest';
import type { Cell } from '../data/ids.js';
import { kmsService } from './kms/index.js';
import { kinds, snsService } from './sns.js';
import { collectPages, failureOf } from './test-paging.js';
import { testContext, testUniverse } from './testing.js';

const handlers = snsService.handlers;
const count = (universe: ReturnType<typeof testUniverse>, cell: Cell) => kinds[0]?.count(universe, cell) ?? -1;

async function topicArns(universe: ReturnType<typeof testUniverse>, cell: Cell): Promise<{ arns: string[]; pageSizes: number[] }> {
  const ctx = testContext(universe, 'sns', 'ListTopics', cell);
  const { items, pageSizes } = await collectPages(handlers.ListTopics, ctx);
  return { arns: items.map((t) => (t as { TopicArn: string }).TopicArn), pageSizes };
}

describe('sns', () => {
  const universe = testUniverse();
  const cells = universe.cells('regional');

  it('declares sns.topic and lists exactly that many topics in every cell', async () => {
    expect(kinds.map((k) => k.kind)).toEqual(['sns.topic']);
    let total = 0;
    for (const cell of cells) {
      const { arns } = await topicArns(universe, cell);
      expect(arns).toHaveLength(count(universe, cell));
      expect(new Set(arns).size).toBe(arns.length);
      for (const arn of arns) expect(arn).toMatch(new RegExp(`^arn:aws:sns:${cell.region}:${cell.accountId}:[a-z0-9-]+(\\.fifo)?$`));
      total += arns.length;
    }
    expect(total).toBeGreaterThan(0);
  });

  it('pages ListTopics by 100, as AWS does', async () => {
    const big = testUniverse({ scale: 40_000 });
    const cell = big.cells('regional')[0] as Cell;
    const { arns, pageSizes } = await topicArns(big, cell);
    expect(count(big, cell)).toBeGreaterThan(100);
    expect(arns).toHaveLength(count(big, cell));
    expect(pageSizes.slice(0, -1).every((n) => n === 100)).toBe(true);
  });

  it('answers GetTopicAttributes and ListTagsForResource for every listed topic', async () => {
    const cell = cells[0] as Cell;
    const { arns } = await topicArns(universe, cell);
    expect(arns.length).toBeGreaterThan(0);
    for (const arn of arns) {
      const ctx = testContext(universe, 'sns', 'GetTopicAttributes', cell);
      const { Attributes } = (await handlers.GetTopicAttributes?.({ TopicArn: arn }, ctx)) as { Attributes: Record<string, string> };
      expect(Attributes.TopicArn).toBe(arn);
      expect(Attributes.Owner).toBe(cell.accountId);
      const policy = JSON.parse(Attributes.Policy ?? '') as { Statement: Array<{ Resource: string }> };
      expect(policy.Statement[0]?.Resource).toBe(arn);
      expect(JSON.parse(Attributes.EffectiveDeliveryPolicy ?? '')).toHaveProperty('http');
      expect(Attributes.FifoTopic === 'true').toBe(arn.endsWith('.fifo'));
      for (const key of ['SubscriptionsConfirmed', 'SubscriptionsPending', 'SubscriptionsDeleted']) {
        expect(Attributes[key]).toMatch(/^\d+$/);
      }
      const tagsCtx = testContext(universe, 'sns', 'ListTagsForResource', cell);
      const { Tags } = (await handlers.ListTagsForResource?.({ ResourceArn: arn }, tagsCtx)) as { Tags: unknown[] };
      expect(Array.isArray(Tags)).toBe(true);
    }
  });

  it('encrypts some topics with KMS keys that exist', async () => {
    const big = testUniverse({ scale: 20_000 });
    let customer = 0;
    for (const cell of big.cells('regional')) {
      const { arns } = await topicArns(big, cell);
      for (const arn of arns) {
        const ctx = testContext(big, 'sns', 'GetTopicAttributes', cell);
        const { Attributes } = (await handlers.GetTopicAttributes?.({ TopicArn: arn }, ctx)) as { Attributes: Record<string, string> };
        const keyId = Attributes.KmsMasterKeyId;
        if (keyId === undefined) continue;
        if (keyId.startsWith('arn:')) customer += 1;
        const describe = testContext(big, 'kms', 'DescribeKey', cell);
        const { KeyMetadata } = (await kmsService.handlers.DescribeKey?.({ KeyId: keyId }, describe)) as { KeyMetadata: Record<string, unknown> };
        expect(KeyMetadata.KeyState).toBe('Enabled');
      }
    }
    expect(customer).toBeGreaterThan(0);
  });

  it('answers NotFound, ResourceNotFound and InvalidParameter as SNS does', async () => {
    const cell = cells[0] as Cell;
    const { arns } = await topicArns(universe, cell);
    const arn = arns[0] as string;
    const ctx = testContext(universe, 'sns', 'GetTopicAttributes', cell);
    const missing = [
      `arn:aws:sns:${cell.region}:${cell.accountId}:no-such-topic`,
      arn.replace(/^(arn:aws:sns:[^:]+:[^:]+:)[a-z]+/, '$1zzz'),
      arn.replace(/-(\d{4})(\.fifo)?$/, '-9999$2'),
      arn.replace(cell.accountId, '000000000000'),
      arn.replace(cell.region, cell.region === 'us-east-1' ? 'eu-west-1' : 'us-east-1'),
    ];
    for (const topic of missing) {
      const error = await failureOf(() => handlers.GetTopicAttributes?.({ TopicArn: topic }, ctx));
      expect([error.code, error.status, error.message]).toEqual(['NotFound', 404, 'Topic does not exist']);
    }
    const invalid = await failureOf(() => handlers.GetTopicAttributes?.({ TopicArn: 'not-an-arn' }, ctx));
    expect([invalid.code, invalid.status]).toEqual(['InvalidParameter', 400]);
    const tagsCtx = testContext(universe, 'sns', 'ListTagsForResource', cell);
    const noTags = await failureOf(() => handlers.ListTagsForResource?.({ ResourceArn: missing[0] }, tagsCtx));
    expect([noTags.code, noTags.status]).toEqual(['ResourceNotFound', 404]);
  });

  it('has no topics in a suspended account', async () => {
    const withSuspended = testUniverse({ suspendedAccounts: 1 });
    const suspended = withSuspended.org.accounts.find((a) => a.status === 'SUSPENDED');
    expect(suspended).toBeDefined();
    const cell = { accountId: suspended?.id ?? '', region: 'us-east-1' };
    expect(count(withSuspended, cell)).toBe(0);
    expect((await topicArns(withSuspended, cell)).arns).toEqual([]);
  });

  it('is deterministic per seed', async () => {
    const cell = cells[1] as Cell;
    const again = await topicArns(testUniverse(), cell);
    expect(again.arns).toEqual((await topicArns(universe, cell)).arns);
    const other = testUniverse({ seed: 8 });
    const otherCell = other.cells('regional')[1] as Cell;
    expect((await topicArns(other, otherCell)).arns).not.toEqual(again.arns);
  });
});

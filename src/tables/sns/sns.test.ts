import { GetTopicAttributesCommand, ListTagsForResourceCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { snsTables } from './index.js';
import { snsTopics } from './topics.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudQuery's documented columns (docs/tables/aws_sns_topics.md), all verified there. */
const documented = ['account_id', 'region', 'arn', 'tags', 'delivery_policy', 'display_name', 'owner', 'policy', 'subscriptions_confirmed', 'subscriptions_deleted', 'subscriptions_pending', 'effective_delivery_policy', 'kms_master_key_id', 'fifo_topic', 'content_based_deduplication', 'unknown_fields'];

describe('sns tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  let accounts: string[];
  let client: SNSClient | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: REGIONS });
    accounts = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
    ({ destination, summary } = await syncFromSandbox(sandbox, snsTables));
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await sandbox.close();
  });

  const rows = () => destination.rows('aws_sns_topics');

  it('registers aws_sns_topics keyed by arn, with CloudQuery\'s documented columns', () => {
    expect(snsTables).toEqual([snsTopics]);
    expect(snsTopics.schema.columns.filter((c) => c.primaryKey).map((c) => c.name)).toEqual(['arn']);
    const names = new Set(snsTopics.schema.columns.map((c) => c.name));
    expect(documented.filter((c) => !names.has(c))).toEqual([]);
    expect(names.has('attributes')).toBe(false);
  });

  it('has exactly the truth per account and region, with unique non-null keys', () => {
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
    expect(truthCount(sandbox, 'sns.topic')).toBeGreaterThan(0);
    for (const account of accounts) {
      for (const region of REGIONS) {
        expect(rows().filter((r) => r.account_id === account && r.region === region).length, `${account} ${region}`).toBe(truthCount(sandbox, 'sns.topic', account, region));
      }
    }
    expect(rows().every((r) => typeof r.arn === 'string' && /^arn:aws:sns:[a-z0-9-]+:\d{12}:[\w.-]+$/.test(r.arn) && String(r.arn).split(':')[3] === r.region)).toBe(true);
    expect(new Set(rows().map((r) => r.arn)).size).toBe(rows().length);
  });

  it('decodes GetTopicAttributes as CloudQuery does, with tags from ListTagsForResource', async () => {
    const [account] = accounts;
    if (!account) throw new Error('no account');
    client = new SNSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    const topics = (await client.send(new ListTopicsCommand({}))).Topics ?? [];
    expect(topics.length).toBeGreaterThan(0);
    for (const topic of topics) {
      const attributes = (await client.send(new GetTopicAttributesCommand({ TopicArn: topic.TopicArn }))).Attributes ?? {};
      const row = rows().find((r) => r.arn === topic.TopicArn);
      expect(row?.owner).toBe(attributes.Owner);
      expect(row?.subscriptions_confirmed).toBe(Number(attributes.SubscriptionsConfirmed));
      expect(row?.policy).toEqual(attributes.Policy ? JSON.parse(attributes.Policy) : null);
      expect(row?.effective_delivery_policy).toEqual(attributes.EffectiveDeliveryPolicy ? JSON.parse(attributes.EffectiveDeliveryPolicy) : null);
      const tags = (await client.send(new ListTagsForResourceCommand({ ResourceArn: topic.TopicArn }))).Tags ?? [];
      expect(row?.tags).toEqual(Object.fromEntries(tags.map((t) => [t.Key, t.Value])));
    }
    expect(rows().some((r) => r.policy !== null && typeof r.policy === 'object')).toBe(true);
  });
});

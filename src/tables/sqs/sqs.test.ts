import { GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryDestination } from '../../../test/memory-destination.js';
import { syncFromSandbox, truthCount } from '../../../test/table-testing.js';
import type { SyncSummary } from '../../engine/summary.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { typedAttribute } from './attributes.js';
import { sqsTables } from './index.js';
import { sqsQueues } from './queues.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudQuery's documented columns (docs/tables/aws_sqs_queues.md), all verified there. */
const documented = ['account_id', 'region', 'arn', 'tags', 'policy', 'redrive_policy', 'redrive_allow_policy', 'url', 'approximate_number_of_messages', 'approximate_number_of_messages_delayed', 'approximate_number_of_messages_not_visible', 'created_timestamp', 'delay_seconds', 'last_modified_timestamp', 'maximum_message_size', 'message_retention_period', 'receive_message_wait_time_seconds', 'visibility_timeout', 'kms_master_key_id', 'kms_data_key_reuse_period_seconds', 'sqs_managed_sse_enabled', 'fifo_queue', 'content_based_deduplication', 'deduplication_scope', 'fifo_throughput_limit', 'unknown_fields'];

describe('sqs tables against the sandbox', () => {
  let sandbox: Sandbox;
  let destination: MemoryDestination;
  let summary: SyncSummary;
  let accounts: string[];
  let client: SQSClient | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ accounts: 3, scale: 1500, throttling: false, regions: REGIONS });
    accounts = sandbox.truth().organization.accounts.filter((a) => a.status === 'ACTIVE').map((a) => a.id);
    ({ destination, summary } = await syncFromSandbox(sandbox, sqsTables));
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await sandbox.close();
  });

  const rows = () => destination.rows('aws_sqs_queues');

  it('registers aws_sqs_queues keyed by arn, with CloudQuery\'s documented columns and types', () => {
    expect(sqsTables).toEqual([sqsQueues]);
    expect(sqsQueues.schema.columns.filter((c) => c.primaryKey).map((c) => c.name)).toEqual(['arn']);
    const types = new Map(sqsQueues.schema.columns.map((c) => [c.name, c.type]));
    expect(documented.filter((c) => !types.has(c))).toEqual([]);
    expect([types.get('created_timestamp'), types.get('fifo_queue'), types.get('policy'), types.has('attributes')]).toEqual(['int', 'bool', 'json', false]);
  });

  it('has exactly the truth per account and region, with unique non-null keys', () => {
    expect(summary.totals.failed).toBe(0);
    expect(summary.totals.skipped).toBe(0);
    expect(truthCount(sandbox, 'sqs.queue')).toBeGreaterThan(0);
    for (const account of accounts) {
      for (const region of REGIONS) {
        expect(rows().filter((r) => r.account_id === account && r.region === region).length, `${account} ${region}`).toBe(truthCount(sandbox, 'sqs.queue', account, region));
      }
    }
    expect(rows().every((r) => typeof r.arn === 'string' && /^arn:aws:sqs:[a-z0-9-]+:\d{12}:[\w.-]+$/.test(r.arn) && String(r.arn).split(':')[3] === r.region)).toBe(true);
    expect(new Set(rows().map((r) => r.arn)).size).toBe(rows().length);
  });

  it('decodes GetQueueAttributes as CloudQuery does, with the listed URL and ListQueueTags', async () => {
    const [account] = accounts;
    if (!account) throw new Error('no account');
    client = new SQSClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: sandbox.credentialsFor(account), maxAttempts: 1 });
    const urls = (await client.send(new ListQueuesCommand({ MaxResults: 1000 }))).QueueUrls ?? [];
    expect(urls.length).toBeGreaterThan(0);
    let redriven = 0;
    for (const url of urls) {
      const attributes = (await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes ?? {};
      const row = rows().find((r) => r.arn === attributes.QueueArn);
      expect(row?.url).toBe(url);
      expect(row?.visibility_timeout).toBe(Number(attributes.VisibilityTimeout));
      expect(row?.created_timestamp).toBe(Number(attributes.CreatedTimestamp));
      expect(row?.fifo_queue).toBe(attributes.FifoQueue === undefined ? null : attributes.FifoQueue === 'true');
      if (attributes.RedrivePolicy) {
        redriven += 1;
        expect(row?.redrive_policy).toEqual(JSON.parse(attributes.RedrivePolicy));
      }
      const tags = (await client.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags;
      expect(row?.tags ?? null).toEqual(tags ?? null);
    }
    expect(redriven).toBeGreaterThan(0);
    expect(typedAttribute('nope', 'int')).toBeNull();
    expect(typedAttribute('{"a":1}', 'json')).toEqual({ a: 1 });
  });
});

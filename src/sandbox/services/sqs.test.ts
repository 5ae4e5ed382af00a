import { describe, expect, it } from 'vitest';
import type { Cell } from '../data/ids.js';
import type { Universe } from '../data/universe.js';
import type { Input, Output } from './service.js';
import { kinds, sqsService } from './sqs.js';
import { collectPages, failureOf } from './test-paging.js';
import { kmsKeyProblem } from './test-references.js';
import { testContext, testUniverse } from './testing.js';

const universe = testUniverse({ scale: 6000 });
const count = (u: Universe, cell: Cell) => kinds[0]?.count(u, cell) ?? -1;
const ENDPOINT = 'http://127.0.0.1:4566';

function call(op: string, input: Input, cell: Cell, u: Universe = universe): Output {
  const handler = sqsService.handlers[op];
  if (!handler) throw new Error(`no ${op}`);
  return handler(input, testContext(u, 'sqs', op, cell)) as Output;
}

async function queueUrls(cell: Cell, input: Input = { MaxResults: 1000 }, u: Universe = universe): Promise<string[]> {
  const { items } = await collectPages(sqsService.handlers.ListQueues, testContext(u, 'sqs', 'ListQueues', cell), input);
  return items as string[];
}

function attributes(url: string, cell: Cell, names: string[] = ['All']): Record<string, string> {
  return (call('GetQueueAttributes', { QueueUrl: url, AttributeNames: names }, cell).Attributes ?? {}) as Record<string, string>;
}

const busiest = universe.cells('regional').reduce((a, b) => (count(universe, b) > count(universe, a) ? b : a));

describe('sqs ListQueues', () => {
  it('lists exactly count() queues in every cell, as URLs on the endpoint', async () => {
    for (const cell of universe.cells('regional')) {
      const urls = await queueUrls(cell);
      expect(urls.length).toBe(count(universe, cell));
      expect(new Set(urls).size).toBe(urls.length);
      for (const url of urls) expect(url).toMatch(new RegExp(`^${ENDPOINT}/${cell.accountId}/[a-z0-9-]+-\\d{4}(\\.fifo)?$`));
    }
    expect(count(universe, busiest)).toBeGreaterThan(5);
  });

  it('gives the same queues with MaxResults 1..5', async () => {
    const all = await queueUrls(busiest);
    for (const MaxResults of [1, 2, 3, 4, 5]) {
      const { items, pageSizes } = await collectPages(sqsService.handlers.ListQueues, testContext(universe, 'sqs', 'ListQueues', busiest), {
        MaxResults,
      });
      expect(items).toEqual(all);
      expect(Math.max(...pageSizes)).toBe(MaxResults);
    }
  });

  it('returns up to 1,000 queues and no token when MaxResults is absent, as AWS does', () => {
    const big = testUniverse({ scale: 250_000 });
    const cell = big.cells('regional')[0] as Cell;
    expect(count(big, cell)).toBeGreaterThan(1000);
    const out = call('ListQueues', {}, cell, big);
    expect((out.QueueUrls as string[]).length).toBe(1000);
    expect(out.NextToken).toBeUndefined();
    expect(call('ListQueues', { MaxResults: 1000 }, cell, big).NextToken).toEqual(expect.any(String));
  });

  it('filters by QueueNamePrefix across pages', async () => {
    const all = await queueUrls(busiest);
    const prefix = (all[0] ?? '').split('/').pop()?.split('-')[0] ?? '';
    const expected = all.filter((u) => (u.split('/').pop() ?? '').startsWith(prefix));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect(await queueUrls(busiest, { MaxResults: 2, QueueNamePrefix: prefix })).toEqual(expected);
  });

  it('rejects MaxResults outside 1..1000', async () => {
    for (const MaxResults of [0, 1001]) expect((await failureOf(() => call('ListQueues', { MaxResults }, busiest))).code).toBe('InvalidParameterValue');
  });
});

describe('sqs GetQueueAttributes and ListQueueTags', () => {
  it('describes every queue, with redrive policies that point at existing dead-letter queues', async () => {
    const seen = { redrive: 0, fifo: 0, kms: 0, managedSse: 0 };
    for (const cell of universe.cells('regional')) {
      const urls = await queueUrls(cell);
      const arns = new Set(urls.map((url) => `arn:aws:sqs:${cell.region}:${cell.accountId}:${url.split('/').pop() ?? ''}`));
      for (const url of urls) {
        const name = url.split('/').pop() ?? '';
        const all = attributes(url, cell);
        expect(all.QueueArn).toBe(`arn:aws:sqs:${cell.region}:${cell.accountId}:${name}`);
        expect(Number(all.CreatedTimestamp)).toBeLessThan(Date.UTC(2024, 0, 1) / 1000 + 1);
        expect(all.CreatedTimestamp).toMatch(/^\d{10}$/);
        expect(all.FifoQueue === 'true').toBe(name.endsWith('.fifo'));
        if (all.FifoQueue) seen.fifo += 1;
        if (all.RedrivePolicy) {
          seen.redrive += 1;
          const policy = JSON.parse(all.RedrivePolicy) as { deadLetterTargetArn: string; maxReceiveCount: number };
          expect(arns.has(policy.deadLetterTargetArn)).toBe(true);
          // A FIFO queue's dead-letter queue must be FIFO too, and a standard queue's standard.
          expect(policy.deadLetterTargetArn.endsWith('.fifo')).toBe(name.endsWith('.fifo'));
          expect(policy.maxReceiveCount).toBeGreaterThan(0);
        }
        if (all.KmsMasterKeyId) {
          seen.kms += 1;
          expect(kmsKeyProblem(universe, cell, all.KmsMasterKeyId)).toBeUndefined();
        } else if (all.SqsManagedSseEnabled === 'true') seen.managedSse += 1;
        expect(attributes(url, cell, ['QueueArn', 'VisibilityTimeout'])).toEqual({ QueueArn: all.QueueArn, VisibilityTimeout: all.VisibilityTimeout });
      }
    }
    expect(Object.values(seen).every((n) => n > 0)).toBe(true);
  });

  it('returns tags as a map, and the same tags on every call', async () => {
    let tagged = 0;
    for (const url of await queueUrls(busiest)) {
      const tags = call('ListQueueTags', { QueueUrl: url }, busiest).Tags as Record<string, string> | undefined;
      expect(call('ListQueueTags', { QueueUrl: url }, busiest).Tags).toEqual(tags);
      if (tags) tagged += 1;
    }
    expect(tagged).toBeGreaterThan(0);
  });

  it('accepts a QueueUrl on any host, and fails NonExistentQueue for queues that do not exist', async () => {
    const [url = ''] = await queueUrls(busiest);
    const path = url.slice(ENDPOINT.length);
    expect(attributes(`https://sqs.${busiest.region}.amazonaws.com${path}`, busiest, ['QueueArn'])).toEqual(attributes(url, busiest, ['QueueArn']));
    const otherAccount = universe.cells('regional').find((c) => c.accountId !== busiest.accountId)?.accountId ?? '';
    const missing = [url.replace(/\d{4}(\.fifo)?$/, '9999'), `${url}x`, url.replace(busiest.accountId, otherAccount), `${url}.fifo`, 'not a url'];
    for (const QueueUrl of missing) {
      for (const op of ['GetQueueAttributes', 'ListQueueTags']) {
        const error = await failureOf(() => call(op, { QueueUrl, AttributeNames: ['All'] }, busiest));
        expect([error.code, error.status]).toEqual(['AWS.SimpleQueueService.NonExistentQueue', 400]);
      }
    }
    expect((await failureOf(() => call('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['Nope'] }, busiest))).code).toBe('InvalidAttributeName');
  });
});

describe('sqs determinism', () => {
  it('gives the same queues for the same seed and other names for another seed', async () => {
    const urls = await queueUrls(busiest);
    expect(await queueUrls(busiest, undefined, testUniverse({ scale: 6000 }))).toEqual(urls);
    const other = testUniverse({ scale: 6000, seed: 8 });
    const names = (await queueUrls(other.cells('regional')[0] as Cell, undefined, other)).map((u) => u.split('/').pop());
    expect(names).not.toEqual((await queueUrls(universe.cells('regional')[0] as Cell)).map((u) => u.split('/').pop()));
  });
});

import { tagsFor, createdAt, arnOf, teams, apps } from '../data/common.js';
import { indexedName, type Cell } from '../data/ids.js';
import { hash32, intBetween, pick, unit } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { indexOfName, requiredString, stringList, tagMap } from './lookup.js';
import { encryptionKeyArn } from './kms/keys.js';
import { SandboxError, defineService, paginate, type Input, type KindCount, type Output, type RequestContext } from './service.js';

const KIND = 'sqs.queue';

export const kinds: KindCount[] = [
  { kind: KIND, scope: 'regional', count: (universe, cell) => universe.allocated(cell, KIND) },
];

/**
 * Queues come in groups of five: four work queues and, in the last slot, the dead-letter queue
 * some of them redrive to. A group is FIFO or standard as a whole, because a FIFO queue's
 * dead-letter queue must be FIFO too. Both are pure functions of the index, so no lookup is needed.
 */
const GROUP = 5;
const purposes = ['events', 'jobs', 'tasks', 'notifications', 'ingest', 'emails', 'webhooks', 'orders'];

function isDeadLetter(index: number): boolean {
  return index % GROUP === GROUP - 1;
}

function isFifo(universe: Universe, cell: Cell, index: number): boolean {
  return hash32(universe.seed, cell.accountId, cell.region, KIND, Math.floor(index / GROUP), 'fifo') % 5 === 0;
}

/** Queue `index` of the cell, e.g. `payments-api-jobs-0042` or `search-etl-dlq-0044.fifo`. */
function queueNameAt(universe: Universe, cell: Cell, index: number): string {
  const seed = universe.seed;
  const team = pick(teams, seed, cell.accountId, KIND, index, 'team');
  const app = pick(apps, seed, cell.accountId, cell.region, KIND, Math.floor(index / GROUP), 'app');
  const purpose = isDeadLetter(index) ? 'dlq' : pick(purposes, seed, cell.accountId, cell.region, KIND, index, 'purpose');
  return `${indexedName(`${team}-${app}-${purpose}`, index)}${isFifo(universe, cell, index) ? '.fifo' : ''}`;
}

export function queueArnAt(universe: Universe, cell: Cell, index: number): string {
  return arnOf('sqs', cell.region, cell.accountId, queueNameAt(universe, cell, index));
}

/** The index of a dead-letter queue in the cell near `hint`, for other services' DLQ settings. */
export function deadLetterQueueIndex(universe: Universe, cell: Cell, hint: number): number | undefined {
  const groups = Math.floor(universe.allocated(cell, KIND) / GROUP);
  return groups === 0 ? undefined : (hint % groups) * GROUP + GROUP - 1;
}

function queueUrl(ctx: RequestContext, cell: Cell, name: string): string {
  return `${ctx.endpoint}/${cell.accountId}/${name}`;
}

function queueIndex(universe: Universe, cell: Cell, name: string): number | undefined {
  const stem = (text: string) => text.replace(/\.fifo$/, '');
  const index = indexOfName(stem(name), universe.allocated(cell, KIND), (i) => stem(queueNameAt(universe, cell, i)));
  // The suffix must match too: `x-0042` is not the queue `x-0042.fifo`.
  return index !== undefined && queueNameAt(universe, cell, index) === name ? index : undefined;
}

/**
 * The queue a QueueUrl names. The SDK sends each request to the URL's host, so the account and
 * name come from its path; a queue of another account is not visible, as without a queue policy.
 */
function resolveQueue(input: Input, ctx: RequestContext): number {
  const url = requiredString(input, 'QueueUrl', 'InvalidAddress');
  const match = /\/(\d{12})\/([A-Za-z0-9_.-]{1,80})\/?$/.exec(url);
  const name = match?.[2];
  const index =
    match?.[1] === ctx.cell.accountId && name !== undefined ? queueIndex(ctx.universe, ctx.cell, name) : undefined;
  if (index === undefined) {
    throw new SandboxError(
      'AWS.SimpleQueueService.NonExistentQueue',
      'The specified queue does not exist or you do not have access to it.',
    );
  }
  return index;
}

function epochSeconds(date: Date): string {
  return String(Math.floor(date.getTime() / 1000));
}

/** Every attribute GetQueueAttributes accepts by name; others fail as AWS fails them. */
const attributeNames = new Set([
  'All',
  'Policy',
  'VisibilityTimeout',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
  'ApproximateNumberOfMessagesDelayed',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'RedriveAllowPolicy',
  'SqsManagedSseEnabled',
]);

function queueAttributes(universe: Universe, cell: Cell, index: number): Record<string, string> {
  const seed = universe.seed;
  const at = (...parts: Array<string | number>) => [seed, cell.accountId, cell.region, KIND, index, ...parts];
  const created = createdAt(seed, cell, KIND, index);
  const modified = new Date(created.getTime() + (hash32(...at('modified')) % (30 * 86_400)) * 1000);
  const deadLetter = isDeadLetter(index);
  const backlog = deadLetter ? hash32(...at('backlog')) % 40 : hash32(...at('backlog')) % 5000;
  const attributes: Record<string, string> = {
    QueueArn: queueArnAt(universe, cell, index),
    ApproximateNumberOfMessages: String(unit(...at('idle')) < 0.5 ? 0 : backlog),
    ApproximateNumberOfMessagesNotVisible: String(deadLetter ? 0 : hash32(...at('inflight')) % 50),
    ApproximateNumberOfMessagesDelayed: '0',
    CreatedTimestamp: epochSeconds(created),
    LastModifiedTimestamp: epochSeconds(modified),
    VisibilityTimeout: String(pick([30, 30, 60, 120, 300, 900], ...at('visibility'))),
    MaximumMessageSize: '262144',
    MessageRetentionPeriod: String(deadLetter ? 1_209_600 : pick([345_600, 345_600, 86_400, 604_800], ...at('retention'))),
    DelaySeconds: '0',
    ReceiveMessageWaitTimeSeconds: String(pick([0, 20], ...at('wait'))),
  };
  const dlq = index - (index % GROUP) + GROUP - 1;
  if (!deadLetter && dlq < universe.allocated(cell, KIND) && unit(...at('redrive')) < 0.6) {
    attributes.RedrivePolicy = JSON.stringify({
      deadLetterTargetArn: queueArnAt(universe, cell, dlq),
      maxReceiveCount: intBetween(3, 10, ...at('receives')),
    });
  }
  if (deadLetter) attributes.RedriveAllowPolicy = JSON.stringify({ redrivePermission: 'allowAll' });
  if (isFifo(universe, cell, index)) {
    attributes.FifoQueue = 'true';
    attributes.ContentBasedDeduplication = String(unit(...at('dedup')) < 0.5);
    attributes.DeduplicationScope = 'queue';
    attributes.FifoThroughputLimit = 'perQueue';
  }
  const encryption = unit(...at('sse'));
  const key = encryption < 0.25 ? encryptionKeyArn(universe, cell, KIND, index) : undefined;
  if (key || encryption < 0.35) {
    attributes.KmsMasterKeyId = key ?? 'alias/aws/sqs';
    attributes.KmsDataKeyReusePeriodSeconds = '300';
  } else {
    // Queues created since 2023 get SQS-managed encryption unless it is turned off.
    attributes.SqsManagedSseEnabled = String(encryption < 0.9);
  }
  return attributes;
}

function listQueues(input: Input, ctx: RequestContext): Output {
  const { universe, cell } = ctx;
  const prefix = typeof input.QueueNamePrefix === 'string' ? input.QueueNamePrefix : '';
  const nameAt = (i: number) => queueNameAt(universe, cell, i);
  const output = paginate(input, ctx, universe.allocated(cell, KIND), (i) => queueUrl(ctx, cell, nameAt(i)), {
    defaultPageSize: 1000,
    maxPageSize: 1000,
    limits: { min: 1, max: 1000, code: 'InvalidParameterValue' },
    filter: prefix === '' ? undefined : (url) => typeof url === 'string' && url.slice(url.lastIndexOf('/') + 1).startsWith(prefix),
  });
  // Without MaxResults AWS returns up to 1,000 queues and no token: paging is opt-in.
  if (input.MaxResults === undefined) delete output.NextToken;
  return output;
}

function getQueueAttributes(input: Input, ctx: RequestContext): Output {
  const index = resolveQueue(input, ctx);
  const requested = stringList(input, 'AttributeNames');
  const unknown = requested.find((n) => !attributeNames.has(n));
  if (unknown !== undefined) throw new SandboxError('InvalidAttributeName', `Unknown Attribute ${unknown}.`);
  const all = queueAttributes(ctx.universe, ctx.cell, index);
  const wanted = requested.includes('All') ? Object.keys(all) : requested;
  const attributes = Object.fromEntries(wanted.flatMap((n) => (all[n] === undefined ? [] : [[n, all[n]]])));
  return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
}

function listQueueTags(input: Input, ctx: RequestContext): Output {
  const index = resolveQueue(input, ctx);
  const tags = tagsFor(ctx.universe, ctx.cell, KIND, index);
  return tags.length > 0 ? { Tags: tagMap(tags) } : {};
}

export const sqsService = defineService({
  name: 'sqs',
  kinds,
  handlers: {
    ListQueues: listQueues,
    GetQueueAttributes: getQueueAttributes,
    ListQueueTags: listQueueTags,
  },
});

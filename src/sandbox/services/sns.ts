import { apps, arnOf, tagsFor, teams } from '../data/common.js';
import { indexedName, type Cell } from '../data/ids.js';
import { hash32, pick } from '../data/random.js';
import type { Universe } from '../data/universe.js';
import { encryptionKeyArn } from './kms/keys.js';
import { indexOfName, nameFromArnOrName, requiredString } from './lookup.js';
import { defineService, notFound, paginate, SandboxError, type KindCount, type RequestContext } from './service.js';

const KIND = 'sns.topic';

/** sns.topic: exactly the scale-driven topics; AWS creates no topics in a new account. */
export const kinds: KindCount[] = [{ kind: KIND, scope: 'regional', count: topicCount }];

const purposes = ['alerts', 'events', 'notifications', 'alarms', 'updates', 'jobs'];

export function topicCount(universe: Universe, cell: Cell): number {
  return universe.allocated(cell, KIND);
}

function traits(universe: Universe, cell: Cell, index: number): number {
  return hash32(universe.seed, cell.accountId, cell.region, KIND, index, 'traits');
}

/** The topic name without the `.fifo` suffix FIFO topics must carry; it ends in the index. */
function stemAt(universe: Universe, cell: Cell, index: number): string {
  const seed = universe.seed;
  const team = pick(teams, seed, cell.accountId, KIND, index, 'team');
  const app = pick(apps, seed, cell.accountId, KIND, index, 'app');
  return indexedName(`${team}-${app}-${pick(purposes, seed, cell.accountId, KIND, index, 'purpose')}`, index);
}

function isFifo(universe: Universe, cell: Cell, index: number): boolean {
  return traits(universe, cell, index) % 10 === 0;
}

function topicNameAt(universe: Universe, cell: Cell, index: number): string {
  const stem = stemAt(universe, cell, index);
  return isFifo(universe, cell, index) ? `${stem}.fifo` : stem;
}

export function topicArnAt(universe: Universe, cell: Cell, index: number): string {
  return arnOf('sns', cell.region, cell.accountId, topicNameAt(universe, cell, index));
}

/** The index of a topic ARN in the caller's cell, or undefined. */
function indexOfTopicArn(universe: Universe, cell: Cell, arn: string): number | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const name = nameFromArnOrName(arn, cell, 'sns', '');
  if (name === undefined) return undefined;
  const index = indexOfName(name.replace(/\.fifo$/, ''), topicCount(universe, cell), (i) => stemAt(universe, cell, i));
  return index !== undefined && topicNameAt(universe, cell, index) === name ? index : undefined;
}

function topicIndex(arn: string, ctx: RequestContext, missing: () => Error): number {
  if (!/^arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/.test(arn)) {
    throw new SandboxError('InvalidParameter', `Invalid parameter: ${ctx.operation === 'ListTagsForResource' ? 'ResourceArn' : 'TopicArn'}`);
  }
  const index = indexOfTopicArn(ctx.universe, ctx.cell, arn);
  if (index === undefined) throw missing();
  return index;
}

function topicPolicy(arn: string, accountId: string, allowEvents: boolean): string {
  const statements: unknown[] = [
    {
      Sid: '__default_statement_ID',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: [
        'SNS:GetTopicAttributes',
        'SNS:SetTopicAttributes',
        'SNS:AddPermission',
        'SNS:RemovePermission',
        'SNS:DeleteTopic',
        'SNS:Subscribe',
        'SNS:ListSubscriptionsByTopic',
        'SNS:Publish',
      ],
      Resource: arn,
      Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
    },
  ];
  if (allowEvents) {
    statements.push({
      Sid: 'AllowEventBridgePublish',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: arn,
    });
  }
  return JSON.stringify({ Version: '2008-10-17', Id: '__default_policy_ID', Statement: statements });
}

const deliveryPolicy = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

/** Attribute values are strings on the wire, numbers and booleans included, as SNS sends them. */
function topicAttributes(universe: Universe, cell: Cell, index: number): Record<string, string> {
  const arn = topicArnAt(universe, cell, index);
  const roll = traits(universe, cell, index);
  const stem = stemAt(universe, cell, index);
  const attributes: Record<string, string> = {
    Policy: topicPolicy(arn, cell.accountId, (roll >>> 4) % 4 === 0),
    Owner: cell.accountId,
    SubscriptionsPending: String((roll >>> 8) % 7 === 0 ? 1 : 0),
    TopicArn: arn,
    EffectiveDeliveryPolicy: deliveryPolicy,
    SubscriptionsConfirmed: String((roll >>> 12) % 6),
    DisplayName: (roll >>> 16) % 3 === 0 ? '' : stem.replace(/-\d+$/, '').replace(/-/g, ' '),
    SubscriptionsDeleted: '0',
  };
  const encryption = (roll >>> 20) % 10;
  if (encryption < 2) attributes.KmsMasterKeyId = 'alias/aws/sns';
  else if (encryption < 4) attributes.KmsMasterKeyId = encryptionKeyArn(universe, cell, KIND, index) ?? 'alias/aws/sns';
  if (isFifo(universe, cell, index)) {
    attributes.FifoTopic = 'true';
    attributes.ContentBasedDeduplication = String((roll >>> 24) % 2 === 0);
  }
  return attributes;
}

export const snsService = defineService({
  name: 'sns',
  kinds,
  handlers: {
    ListTopics(input, ctx) {
      // ListTopics has no limit parameter: AWS always returns pages of up to 100 topics.
      return paginate(input, ctx, topicCount(ctx.universe, ctx.cell), (i) => ({ TopicArn: topicArnAt(ctx.universe, ctx.cell, i) }), {
        defaultPageSize: 100,
        maxPageSize: 100,
      });
    },

    GetTopicAttributes(input, ctx) {
      const index = topicIndex(requiredString(input, 'TopicArn', 'InvalidParameter'), ctx, () =>
        notFound('NotFound', 'Topic does not exist'),
      );
      return { Attributes: topicAttributes(ctx.universe, ctx.cell, index) };
    },

    ListTagsForResource(input, ctx) {
      const index = topicIndex(requiredString(input, 'ResourceArn', 'InvalidParameter'), ctx, () =>
        notFound('ResourceNotFound', 'Resource does not exist'),
      );
      return { Tags: tagsFor(ctx.universe, ctx.cell, KIND, index) };
    },
  },
});

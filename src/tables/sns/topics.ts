import { GetTopicAttributesCommand, ListTagsForResourceCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { defineTable, tagsObject, type Item } from '../../engine/table.js';
import { attributeColumns, attributesOf, typedAttribute } from '../sqs/attributes.js';

/** CloudQuery's Topic struct, field by field, after its computed columns. */
const topicAttributes = attributeColumns(
  [
    ['display_name', 'DisplayName', 'string'],
    ['owner', 'Owner', 'string'],
    ['subscriptions_confirmed', 'SubscriptionsConfirmed', 'int'],
    ['subscriptions_deleted', 'SubscriptionsDeleted', 'int'],
    ['subscriptions_pending', 'SubscriptionsPending', 'int'],
    ['kms_master_key_id', 'KmsMasterKeyId', 'string'],
    ['fifo_topic', 'FifoTopic', 'bool'],
    ['content_based_deduplication', 'ContentBasedDeduplication', 'bool'],
  ],
  ['TopicArn', 'DeliveryPolicy', 'Policy', 'EffectiveDeliveryPolicy'],
);

export const snsTopics = defineTable({
  name: 'aws_sns_topics',
  description: 'https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html',
  service: 'sns',
  scope: 'regional',
  list: { call: { client: SNSClient, command: ListTopicsCommand }, operation: 'ListTopics', items: 'Topics[]' },
  get: {
    call: { client: SNSClient, command: GetTopicAttributesCommand },
    operation: 'GetTopicAttributes',
    items: '',
    input: (topic) => ({ TopicArn: (topic as Item).TopicArn }),
  },
  details: {
    tags: {
      call: { client: SNSClient, command: ListTagsForResourceCommand },
      operation: 'ListTagsForResource',
      input: (t) => ({ ResourceArn: attributesOf(t as Item).TopicArn }),
    },
  },
  columns: {
    arn: { type: 'string', value: (t) => attributesOf(t).TopicArn },
    tags: { type: 'json', value: (_t, _c, d) => tagsObject(d.tags?.Tags) },
    // The policies are JSON documents in strings; CloudQuery stores them parsed.
    delivery_policy: { type: 'json', value: (t) => typedAttribute(attributesOf(t).DeliveryPolicy, 'json') },
    policy: { type: 'json', value: (t) => typedAttribute(attributesOf(t).Policy, 'json') },
    effective_delivery_policy: { type: 'json', value: (t) => typedAttribute(attributesOf(t).EffectiveDeliveryPolicy, 'json') },
    ...topicAttributes,
  },
  // The raw attribute map is not one of CloudQuery's columns: it is decoded into the ones above.
  skip: ['Attributes'],
  primaryKey: ['arn'],
  iam: ['sns:ListTopics', 'sns:GetTopicAttributes', 'sns:ListTagsForResource'],
});

import { GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand, SQSClient } from '@aws-sdk/client-sqs';
import { defineTable, type Item } from '../../engine/table.js';
import { attributeColumns, attributesOf, typedAttribute } from './attributes.js';

/** CloudQuery's Queue struct, field by field, after its computed columns. */
const queueAttributes = attributeColumns(
  [
    ['approximate_number_of_messages', 'ApproximateNumberOfMessages', 'int'],
    ['approximate_number_of_messages_delayed', 'ApproximateNumberOfMessagesDelayed', 'int'],
    ['approximate_number_of_messages_not_visible', 'ApproximateNumberOfMessagesNotVisible', 'int'],
    ['created_timestamp', 'CreatedTimestamp', 'int'],
    ['delay_seconds', 'DelaySeconds', 'int'],
    ['last_modified_timestamp', 'LastModifiedTimestamp', 'int'],
    ['maximum_message_size', 'MaximumMessageSize', 'int'],
    ['message_retention_period', 'MessageRetentionPeriod', 'int'],
    ['receive_message_wait_time_seconds', 'ReceiveMessageWaitTimeSeconds', 'int'],
    ['visibility_timeout', 'VisibilityTimeout', 'int'],
    ['kms_master_key_id', 'KmsMasterKeyId', 'string'],
    ['kms_data_key_reuse_period_seconds', 'KmsDataKeyReusePeriodSeconds', 'int'],
    ['sqs_managed_sse_enabled', 'SqsManagedSseEnabled', 'bool'],
    ['fifo_queue', 'FifoQueue', 'bool'],
    ['content_based_deduplication', 'ContentBasedDeduplication', 'bool'],
    ['deduplication_scope', 'DeduplicationScope', 'string'],
    ['fifo_throughput_limit', 'FifoThroughputLimit', 'string'],
  ],
  ['QueueArn', 'Policy', 'RedrivePolicy', 'RedriveAllowPolicy'],
);

export const sqsQueues = defineTable({
  name: 'aws_sqs_queues',
  description: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html',
  service: 'sqs',
  scope: 'regional',
  // Without MaxResults ListQueues stops at 1,000 queues and gives no token.
  list: { call: { client: SQSClient, command: ListQueuesCommand }, operation: 'ListQueues', items: 'QueueUrls[]', input: () => ({ MaxResults: 1000 }) },
  get: {
    call: { client: SQSClient, command: GetQueueAttributesCommand },
    operation: 'GetQueueAttributes',
    items: '',
    input: (url) => ({ QueueUrl: url, AttributeNames: ['All'] }),
    // The attributes do not repeat the URL, which is the queue's address for every other call.
    listed: 'QueueUrl',
  },
  details: {
    tags: { call: { client: SQSClient, command: ListQueueTagsCommand }, operation: 'ListQueueTags', input: (q) => ({ QueueUrl: (q as Item).QueueUrl }) },
  },
  columns: {
    arn: { type: 'string', value: (q) => attributesOf(q).QueueArn },
    policy: { type: 'json', value: (q) => typedAttribute(attributesOf(q).Policy, 'json') },
    redrive_policy: { type: 'json', value: (q) => typedAttribute(attributesOf(q).RedrivePolicy, 'json') },
    redrive_allow_policy: { type: 'json', value: (q) => typedAttribute(attributesOf(q).RedriveAllowPolicy, 'json') },
    // ListQueueTags answers the tags as a map already.
    tags: { type: 'json', value: (_q, _c, d) => d.tags?.Tags ?? null },
    url: { type: 'string', value: (q) => q.QueueUrl },
    ...queueAttributes,
  },
  // The raw attribute map is not one of CloudQuery's columns: it is decoded into the ones above.
  skip: ['Attributes'],
  primaryKey: ['arn'],
  iam: ['sqs:ListQueues', 'sqs:GetQueueAttributes', 'sqs:ListQueueTags'],
});

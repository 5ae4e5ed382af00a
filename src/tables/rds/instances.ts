import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { defineTable, tagsObject } from '../../engine/table.js';

/** ProcessorFeatures [{ Name, Value }] as CloudQuery stores them: one object of name -> value. */
export function processorFeatures(features: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(features)) return out;
  for (const f of features as Array<{ Name?: unknown; Value?: unknown }>) if (typeof f?.Name === 'string') out[f.Name] = f.Value ?? null;
  return out;
}

export const rdsInstances = defineTable({
  name: 'aws_rds_instances',
  description: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBInstance.html',
  service: 'rds',
  scope: 'regional',
  list: { call: { client: RDSClient, command: DescribeDBInstancesCommand }, operation: 'DescribeDBInstances', items: 'DBInstances[]' },
  columns: {
    arn: { type: 'string', value: (i) => i.DBInstanceArn },
    processor_features: { type: 'json', value: (i) => processorFeatures(i.ProcessorFeatures) },
    tags: { type: 'json', value: (i) => tagsObject(i.TagList) },
  },
  // CloudQuery's columns drop the ARN under its model name (it is `arn`) and the raw tag list.
  skip: ['DBInstanceArn', 'TagList'],
  primaryKey: ['arn'],
  iam: ['rds:DescribeDBInstances'],
});

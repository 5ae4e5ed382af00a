import { DescribeTableReplicaAutoScalingCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { defineTable } from '../../engine/table.js';
import { tableArn, underTable } from './table-shared.js';

/**
 * aws_dynamodb_table_replica_auto_scalings: one row per replica that DescribeTableReplicaAutoScaling
 * reports, keyed by (table_arn, region_name) as CloudQuery's table is. The operation applies only to
 * version 2019.11.21 global tables, so, as CloudQuery does, it is called only for tables that have
 * a GlobalTableVersion.
 */
export const dynamodbTableReplicaAutoScalings = defineTable({
  name: 'aws_dynamodb_table_replica_auto_scalings',
  description: 'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ReplicaAutoScalingDescription.html',
  service: 'dynamodb',
  scope: 'regional',
  list: {
    call: { client: DynamoDBClient, command: DescribeTableReplicaAutoScalingCommand },
    operation: 'DescribeTableReplicaAutoScaling',
    items: 'TableAutoScalingDescription.Replicas[]',
  },
  parent: { ...underTable, when: (table) => typeof table.GlobalTableVersion === 'string' && table.GlobalTableVersion !== '' },
  columns: { table_arn: tableArn },
  primaryKey: ['table_arn', 'region_name'],
  iam: ['dynamodb:DescribeTableReplicaAutoScaling'],
});

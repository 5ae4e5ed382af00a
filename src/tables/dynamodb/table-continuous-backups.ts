import { DescribeContinuousBackupsCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { defineTable } from '../../engine/table.js';
import { tableArn, underTable } from './table-shared.js';

/**
 * aws_dynamodb_table_continuous_backups: DescribeContinuousBackups per table, one row each. CloudQuery
 * keys it by _cq_id; the table's ARN alone makes the deterministic _cq_id here.
 */
export const dynamodbTableContinuousBackups = defineTable({
  name: 'aws_dynamodb_table_continuous_backups',
  description: 'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ContinuousBackupsDescription.html',
  service: 'dynamodb',
  scope: 'regional',
  list: {
    call: { client: DynamoDBClient, command: DescribeContinuousBackupsCommand },
    operation: 'DescribeContinuousBackups',
    items: 'ContinuousBackupsDescription',
  },
  parent: underTable,
  columns: { table_arn: tableArn },
  primaryKey: ['_cq_id'],
  cqId: (_backups, row) => [row.table_arn],
  iam: ['dynamodb:DescribeContinuousBackups'],
});

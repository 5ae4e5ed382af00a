import { DescribeTableCommand, DynamoDBClient, ListTablesCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { defineTable, tagsObject, type Item } from '../../engine/table.js';

/** ListTables gives names; DescribeTable gives each table, ListTagsOfResource its tags. */
// Named with "Table" because dynamodbTables is the service's list in index.ts.
export const dynamodbTablesTable = defineTable({
  name: 'aws_dynamodb_tables',
  description: 'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html',
  service: 'dynamodb',
  scope: 'regional',
  list: { call: { client: DynamoDBClient, command: ListTablesCommand }, operation: 'ListTables', items: 'TableNames[]' },
  get: { call: { client: DynamoDBClient, command: DescribeTableCommand }, operation: 'DescribeTable', items: 'Table', input: (name) => ({ TableName: name }) },
  details: {
    tags: { call: { client: DynamoDBClient, command: ListTagsOfResourceCommand }, operation: 'ListTagsOfResource', input: (t) => ({ ResourceArn: (t as Item).TableArn }) },
  },
  columns: {
    tags: { type: 'json', value: (_t, _c, d) => tagsObject(d.tags?.Tags) },
    arn: { type: 'string', value: (t) => t.TableArn },
  },
  // CloudQuery has the ARN only as `arn`.
  skip: ['TableArn'],
  primaryKey: ['arn'],
  iam: ['dynamodb:ListTables', 'dynamodb:DescribeTable', 'dynamodb:ListTagsOfResource'],
});

import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { defineTable, tagsObject } from '../../engine/table.js';

export const rdsClusters = defineTable({
  name: 'aws_rds_clusters',
  description: 'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBCluster.html',
  service: 'rds',
  scope: 'regional',
  list: { call: { client: RDSClient, command: DescribeDBClustersCommand }, operation: 'DescribeDBClusters', items: 'DBClusters[]' },
  columns: {
    arn: { type: 'string', value: (c) => c.DBClusterArn },
    tags: { type: 'json', value: (c) => tagsObject(c.TagList) },
  },
  // CloudQuery's columns drop the ARN under its model name (it is `arn`) and the raw tag list.
  skip: ['DBClusterArn', 'TagList'],
  primaryKey: ['arn'],
  iam: ['rds:DescribeDBClusters'],
});

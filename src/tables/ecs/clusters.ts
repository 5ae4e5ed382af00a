import { DescribeClustersCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { defineTable, tagsObject } from '../../engine/table.js';

export const ecsClusters = defineTable({
  name: 'aws_ecs_clusters',
  description: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Cluster.html',
  service: 'ecs',
  scope: 'regional',
  list: { call: { client: ECSClient, command: ListClustersCommand }, operation: 'ListClusters', items: 'clusterArns[]' },
  get: {
    call: { client: ECSClient, command: DescribeClustersCommand },
    operation: 'DescribeClusters',
    items: 'clusters[]',
    // DescribeClusters takes up to 100 clusters; without `include` it leaves these members out.
    batch: 100,
    input: (arns) => ({ clusters: arns, include: ['ATTACHMENTS', 'TAGS', 'SETTINGS', 'CONFIGURATIONS', 'STATISTICS'] }),
  },
  columns: {
    arn: { type: 'string', value: (c) => c.clusterArn },
    tags: { type: 'json', value: (c) => tagsObject(c.tags) },
  },
  primaryKey: ['arn'],
  iam: ['ecs:ListClusters', 'ecs:DescribeClusters'],
});

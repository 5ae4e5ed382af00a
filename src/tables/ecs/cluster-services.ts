import { DescribeServicesCommand, ECSClient, ListServicesCommand } from '@aws-sdk/client-ecs';
import { defineTable, tagsObject } from '../../engine/table.js';

/**
 * aws_ecs_cluster_services: ListServices per cluster, then DescribeServices with their tags, 10
 * services a call (its limit). Keyed (arn, cluster_arn) as CloudQuery's current docs give.
 */
export const ecsClusterServices = defineTable({
  name: 'aws_ecs_cluster_services',
  description: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html',
  service: 'ecs',
  scope: 'regional',
  list: { call: { client: ECSClient, command: ListServicesCommand }, operation: 'ListServices', items: 'serviceArns[]' },
  get: {
    call: { client: ECSClient, command: DescribeServicesCommand },
    operation: 'DescribeServices',
    items: 'services[]',
    batch: 10,
    // Services outside the `default` cluster are found only when the call names their cluster.
    input: (arns, _ctx, cluster) => ({ cluster: cluster?.clusterArn, services: arns, include: ['TAGS'] }),
  },
  parent: { table: 'aws_ecs_clusters', input: (cluster) => ({ cluster: cluster.clusterArn, maxResults: 100 }) },
  columns: {
    arn: { type: 'string', value: (s) => s.serviceArn },
    tags: { type: 'json', value: (s) => tagsObject(s.tags) },
  },
  primaryKey: ['arn', 'cluster_arn'],
  iam: ['ecs:ListServices', 'ecs:DescribeServices'],
});

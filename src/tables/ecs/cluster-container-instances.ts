import { DescribeContainerInstancesCommand, ECSClient, ListContainerInstancesCommand } from '@aws-sdk/client-ecs';
import { defineTable, tagsObject } from '../../engine/table.js';

/**
 * aws_ecs_cluster_container_instances: ListContainerInstances per cluster, then
 * DescribeContainerInstances, 100 a call. CloudQuery asks for tags only; canopy also asks for
 * CONTAINER_INSTANCE_HEALTH so the documented health_status column is filled. CloudQuery's docs key
 * it by arn in some releases and by a random _cq_id in others; canopy keys it by arn.
 */
export const ecsClusterContainerInstances = defineTable({
  name: 'aws_ecs_cluster_container_instances',
  description: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html',
  service: 'ecs',
  scope: 'regional',
  list: {
    call: { client: ECSClient, command: ListContainerInstancesCommand },
    operation: 'ListContainerInstances',
    items: 'containerInstanceArns[]',
  },
  get: {
    call: { client: ECSClient, command: DescribeContainerInstancesCommand },
    operation: 'DescribeContainerInstances',
    items: 'containerInstances[]',
    batch: 100,
    input: (arns, _ctx, cluster) => ({ cluster: cluster?.clusterArn, containerInstances: arns, include: ['TAGS', 'CONTAINER_INSTANCE_HEALTH'] }),
  },
  parent: { table: 'aws_ecs_clusters', input: (cluster) => ({ cluster: cluster.clusterArn, maxResults: 100 }) },
  columns: {
    cluster_arn: { type: 'string', value: (_i, _c, _d, cluster) => cluster?.arn },
    arn: { type: 'string', value: (i) => i.containerInstanceArn },
    tags: { type: 'json', value: (i) => tagsObject(i.tags) },
  },
  primaryKey: ['arn'],
  iam: ['ecs:ListContainerInstances', 'ecs:DescribeContainerInstances'],
});

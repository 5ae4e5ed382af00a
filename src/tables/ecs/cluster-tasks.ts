import { DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { defineTable, tagsObject } from '../../engine/table.js';

/**
 * aws_ecs_cluster_tasks: ListTasks per cluster (desired status RUNNING, pending tasks included, as
 * CloudQuery lists by default), then DescribeTasks with their tags, 100 tasks a call. CloudQuery's
 * task_protection column (GetTaskProtection) is left out: that call is not in the models.
 */
export const ecsClusterTasks = defineTable({
  name: 'aws_ecs_cluster_tasks',
  description: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html',
  service: 'ecs',
  scope: 'regional',
  list: { call: { client: ECSClient, command: ListTasksCommand }, operation: 'ListTasks', items: 'taskArns[]' },
  get: {
    call: { client: ECSClient, command: DescribeTasksCommand },
    operation: 'DescribeTasks',
    items: 'tasks[]',
    batch: 100,
    input: (arns, _ctx, cluster) => ({ cluster: cluster?.clusterArn, tasks: arns, include: ['TAGS'] }),
  },
  parent: { table: 'aws_ecs_clusters', input: (cluster) => ({ cluster: cluster.clusterArn, maxResults: 100 }) },
  columns: {
    arn: { type: 'string', value: (t) => t.taskArn },
    tags: { type: 'json', value: (t) => tagsObject(t.tags) },
  },
  primaryKey: ['arn'],
  iam: ['ecs:ListTasks', 'ecs:DescribeTasks'],
});

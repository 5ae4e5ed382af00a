import { DescribeNodegroupCommand, EKSClient, ListNodegroupsCommand } from '@aws-sdk/client-eks';
import { defineTable } from '../../engine/table.js';

/** aws_eks_cluster_node_groups: ListNodegroups per cluster, DescribeNodegroup each; tags are a map already. */
export const eksClusterNodeGroups = defineTable({
  name: 'aws_eks_cluster_node_groups',
  description: 'https://docs.aws.amazon.com/eks/latest/APIReference/API_Nodegroup.html',
  service: 'eks',
  scope: 'regional',
  list: { call: { client: EKSClient, command: ListNodegroupsCommand }, operation: 'ListNodegroups', items: 'nodegroups[]' },
  get: {
    call: { client: EKSClient, command: DescribeNodegroupCommand },
    operation: 'DescribeNodegroup',
    items: 'nodegroup',
    input: (name, _ctx, cluster) => ({ clusterName: cluster?.name, nodegroupName: name }),
  },
  parent: { table: 'aws_eks_clusters', input: (cluster) => ({ clusterName: cluster.name }) },
  columns: {
    arn: { type: 'string', value: (g) => g.nodegroupArn },
  },
  primaryKey: ['arn'],
  iam: ['eks:ListNodegroups', 'eks:DescribeNodegroup'],
});

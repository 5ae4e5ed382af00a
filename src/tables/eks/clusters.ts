import { DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { defineTable } from '../../engine/table.js';

/** ListClusters gives names, DescribeCluster each cluster; its tags are a map already. */
export const eksClusters = defineTable({
  name: 'aws_eks_clusters',
  description: 'https://docs.aws.amazon.com/eks/latest/APIReference/API_Cluster.html',
  service: 'eks',
  scope: 'regional',
  list: { call: { client: EKSClient, command: ListClustersCommand }, operation: 'ListClusters', items: 'clusters[]' },
  get: { call: { client: EKSClient, command: DescribeClusterCommand }, operation: 'DescribeCluster', items: 'cluster', input: (name) => ({ name }) },
  columns: {
    arn: { type: 'string', value: (c) => c.arn },
  },
  primaryKey: ['arn'],
  iam: ['eks:ListClusters', 'eks:DescribeCluster'],
});

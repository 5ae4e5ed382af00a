import { DescribeAddonCommand, EKSClient, ListAddonsCommand } from '@aws-sdk/client-eks';
import { defineTable } from '../../engine/table.js';

/** aws_eks_cluster_addons: ListAddons per cluster, DescribeAddon each; keyed (arn, cluster_arn) as CloudQuery's docs give. */
export const eksClusterAddons = defineTable({
  name: 'aws_eks_cluster_addons',
  description: 'https://docs.aws.amazon.com/eks/latest/APIReference/API_Addon.html',
  service: 'eks',
  scope: 'regional',
  list: { call: { client: EKSClient, command: ListAddonsCommand }, operation: 'ListAddons', items: 'addons[]' },
  get: {
    call: { client: EKSClient, command: DescribeAddonCommand },
    operation: 'DescribeAddon',
    items: 'addon',
    input: (name, _ctx, cluster) => ({ clusterName: cluster?.name, addonName: name }),
  },
  parent: { table: 'aws_eks_clusters', input: (cluster) => ({ clusterName: cluster.name }) },
  columns: {
    arn: { type: 'string', value: (a) => a.addonArn },
    cluster_arn: { type: 'string', value: (_a, _c, _d, cluster) => cluster?.arn },
  },
  primaryKey: ['arn', 'cluster_arn'],
  iam: ['eks:ListAddons', 'eks:DescribeAddon'],
});

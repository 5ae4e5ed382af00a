import { DescribeFargateProfileCommand, EKSClient, ListFargateProfilesCommand } from '@aws-sdk/client-eks';
import { defineTable } from '../../engine/table.js';

/** aws_eks_fargate_profiles: ListFargateProfiles per cluster, DescribeFargateProfile each. */
export const eksFargateProfiles = defineTable({
  name: 'aws_eks_fargate_profiles',
  description: 'https://docs.aws.amazon.com/eks/latest/APIReference/API_FargateProfile.html',
  service: 'eks',
  scope: 'regional',
  list: { call: { client: EKSClient, command: ListFargateProfilesCommand }, operation: 'ListFargateProfiles', items: 'fargateProfileNames[]' },
  get: {
    call: { client: EKSClient, command: DescribeFargateProfileCommand },
    operation: 'DescribeFargateProfile',
    items: 'fargateProfile',
    input: (name, _ctx, cluster) => ({ clusterName: cluster?.name, fargateProfileName: name }),
  },
  parent: { table: 'aws_eks_clusters', input: (cluster) => ({ clusterName: cluster.name }) },
  columns: {
    arn: { type: 'string', value: (p) => p.fargateProfileArn },
  },
  primaryKey: ['arn'],
  iam: ['eks:ListFargateProfiles', 'eks:DescribeFargateProfile'],
});

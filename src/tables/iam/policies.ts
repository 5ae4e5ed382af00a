import { GetAccountAuthorizationDetailsCommand, GetPolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { defineTable, tagsObject, type Item } from '../../engine/table.js';
import { decodedDocument } from './documents.js';

/**
 * aws_iam_policies: customer-managed and AWS-managed policies (IAM reports the AWS-managed ones an
 * account uses) with every version, from GetAccountAuthorizationDetails as CloudQuery reads them.
 * Tags come from GetPolicy: CloudQuery's ListPolicyTags is not in the models and GetPolicy returns the same tags.
 */
export const iamPolicies = defineTable({
  name: 'aws_iam_policies',
  description: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_ManagedPolicyDetail.html',
  service: 'iam',
  scope: 'global',
  list: {
    call: { client: IAMClient, command: GetAccountAuthorizationDetailsCommand },
    operation: 'GetAccountAuthorizationDetails',
    items: 'Policies[]',
    input: () => ({ Filter: ['LocalManagedPolicy', 'AWSManagedPolicy'] }),
  },
  details: {
    policy: { call: { client: IAMClient, command: GetPolicyCommand }, operation: 'GetPolicy', input: (p) => ({ PolicyArn: (p as { Arn?: unknown }).Arn }) },
  },
  columns: {
    id: { type: 'string', value: (p) => p.PolicyId },
    tags: { type: 'json', value: (_p, _c, d) => (d.policy ? tagsObject((d.policy.Policy as Item | undefined)?.Tags ?? []) : null) },
    policy_version_list: {
      type: 'json',
      value: (p) =>
        Array.isArray(p.PolicyVersionList) ? p.PolicyVersionList.map((v: Item) => ({ ...v, Document: decodedDocument(v.Document) })) : null,
    },
  },
  skip: ['PolicyId'],
  primaryKey: ['account_id', 'id'],
  iam: ['iam:GetAccountAuthorizationDetails', 'iam:GetPolicy'],
});

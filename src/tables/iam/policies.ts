import { GetAccountAuthorizationDetailsCommand, IAMClient, ListPolicyTagsCommand } from '@aws-sdk/client-iam';
import { defineTable, tagsObject, type Item } from '../../engine/table.js';
import { decodedDocument } from './documents.js';

/**
 * aws_iam_policies: customer-managed and AWS-managed policies (IAM reports the AWS-managed ones an
 * account uses) with every version, from GetAccountAuthorizationDetails as CloudQuery reads them.
 * Tags come from ListPolicyTags, as CloudQuery reads them: its first page, which holds them all
 * (IAM allows 50 tags and pages 100), {} for an untagged policy and null when the policy is gone.
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
    tags: { call: { client: IAMClient, command: ListPolicyTagsCommand }, operation: 'ListPolicyTags', input: (p) => ({ PolicyArn: (p as Item).Arn }) },
  },
  columns: {
    id: { type: 'string', value: (p) => p.PolicyId },
    tags: { type: 'json', value: (_p, _c, d) => (d.tags ? tagsObject(d.tags.Tags ?? []) : null) },
    policy_version_list: {
      type: 'json',
      value: (p) =>
        Array.isArray(p.PolicyVersionList) ? p.PolicyVersionList.map((v: Item) => ({ ...v, Document: decodedDocument(v.Document) })) : null,
    },
  },
  skip: ['PolicyId'],
  primaryKey: ['account_id', 'id'],
  iam: ['iam:GetAccountAuthorizationDetails', 'iam:ListPolicyTags'],
});

import { IAMClient, ListGroupsCommand } from '@aws-sdk/client-iam';
import { defineTable } from '../../engine/table.js';

/** aws_iam_groups: ListGroups as it is; IAM groups carry no tags. */
export const iamGroups = defineTable({
  name: 'aws_iam_groups',
  description: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_Group.html',
  service: 'iam',
  scope: 'global',
  list: { call: { client: IAMClient, command: ListGroupsCommand }, operation: 'ListGroups', items: 'Groups[]' },
  columns: { arn: { type: 'string', value: (g) => g.Arn } },
  primaryKey: ['account_id', 'arn'],
  iam: ['iam:ListGroups'],
});

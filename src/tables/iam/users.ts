import { GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { defineTable, tagsObject } from '../../engine/table.js';

/** aws_iam_users: ListUsers, then GetUser per user, since only GetUser returns tags and the permissions boundary. */
export const iamUsers = defineTable({
  name: 'aws_iam_users',
  description: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_User.html',
  service: 'iam',
  scope: 'global',
  list: { call: { client: IAMClient, command: ListUsersCommand }, operation: 'ListUsers', items: 'Users[]' },
  get: { call: { client: IAMClient, command: GetUserCommand }, operation: 'GetUser', items: 'User', input: (u) => ({ UserName: (u as { UserName?: unknown }).UserName }) },
  columns: {
    arn: { type: 'string', value: (u) => u.Arn },
    tags: { type: 'json', value: (u) => tagsObject(u.Tags ?? []) },
  },
  primaryKey: ['account_id', 'arn'],
  iam: ['iam:ListUsers', 'iam:GetUser'],
});

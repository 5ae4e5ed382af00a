import { GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { defineTable, tagsObject } from '../../engine/table.js';
import { decodedDocument } from './documents.js';

/** aws_iam_roles: ListRoles, then GetRole per role for its tags, last use and permissions boundary. */
export const iamRoles = defineTable({
  name: 'aws_iam_roles',
  description: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html',
  service: 'iam',
  scope: 'global',
  list: { call: { client: IAMClient, command: ListRolesCommand }, operation: 'ListRoles', items: 'Roles[]' },
  get: { call: { client: IAMClient, command: GetRoleCommand }, operation: 'GetRole', items: 'Role', input: (r) => ({ RoleName: (r as { RoleName?: unknown }).RoleName }) },
  columns: {
    arn: { type: 'string', value: (r) => r.Arn },
    assume_role_policy_document: { type: 'json', value: (r) => decodedDocument(r.AssumeRolePolicyDocument) },
    tags: { type: 'json', value: (r) => tagsObject(r.Tags ?? []) },
  },
  primaryKey: ['account_id', 'arn'],
  iam: ['iam:ListRoles', 'iam:GetRole'],
});

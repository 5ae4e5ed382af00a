import { IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { defineTable } from '../../engine/table.js';

/**
 * aws_iam_user_access_keys: ListAccessKeys per user. CloudQuery's last_used and
 * last_used_service_name (GetAccessKeyLastUsed) are left out: that call is not in the models.
 */
export const iamUserAccessKeys = defineTable({
  name: 'aws_iam_user_access_keys',
  description: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKeyMetadata.html',
  service: 'iam',
  scope: 'global',
  list: { call: { client: IAMClient, command: ListAccessKeysCommand }, operation: 'ListAccessKeys', items: 'AccessKeyMetadata[]' },
  parent: { table: 'aws_iam_users', input: (user) => ({ UserName: user.UserName }) },
  columns: {
    user_arn: { type: 'string', value: (_k, _c, _d, user) => user?.arn },
    access_key_id: { type: 'string', value: (k) => k.AccessKeyId },
    user_id: { type: 'string', value: (_k, _c, _d, user) => user?.user_id },
    // A user holds at most two keys, and CloudQuery counts each one's creation as its last rotation.
    last_rotated: { type: 'timestamp', value: (k) => k.CreateDate },
  },
  primaryKey: ['account_id', 'user_arn', 'access_key_id'],
  iam: ['iam:ListAccessKeys'],
});

import { GetAccessKeyLastUsedCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { defineTable, type Details, type Item } from '../../engine/table.js';

/** A member of GetAccessKeyLastUsed's AccessKeyLastUsed, or null when the call found nothing. */
function lastUsed(details: Details, member: string): unknown {
  const used = details.lastUsed?.AccessKeyLastUsed;
  return used && typeof used === 'object' ? ((used as Item)[member] ?? null) : null;
}

/**
 * aws_iam_user_access_keys: ListAccessKeys per user, then GetAccessKeyLastUsed per key for
 * CloudQuery's last_used and last_used_service_name (IAM reports N/A and no date for unused keys).
 */
export const iamUserAccessKeys = defineTable({
  name: 'aws_iam_user_access_keys',
  description: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKeyMetadata.html',
  service: 'iam',
  scope: 'global',
  list: { call: { client: IAMClient, command: ListAccessKeysCommand }, operation: 'ListAccessKeys', items: 'AccessKeyMetadata[]' },
  parent: { table: 'aws_iam_users', input: (user) => ({ UserName: user.UserName }) },
  details: {
    lastUsed: {
      call: { client: IAMClient, command: GetAccessKeyLastUsedCommand },
      operation: 'GetAccessKeyLastUsed',
      input: (key) => ({ AccessKeyId: (key as Item).AccessKeyId }),
    },
  },
  columns: {
    user_arn: { type: 'string', value: (_k, _c, _d, user) => user?.arn },
    access_key_id: { type: 'string', value: (k) => k.AccessKeyId },
    user_id: { type: 'string', value: (_k, _c, _d, user) => user?.user_id },
    last_used: { type: 'timestamp', value: (_k, _c, d) => lastUsed(d, 'LastUsedDate') },
    last_used_service_name: { type: 'string', value: (_k, _c, d) => lastUsed(d, 'ServiceName') },
    // A user holds at most two keys, and CloudQuery counts each one's creation as its last rotation.
    last_rotated: { type: 'timestamp', value: (k) => k.CreateDate },
  },
  primaryKey: ['account_id', 'user_arn', 'access_key_id'],
  iam: ['iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed'],
});

import { KMSClient, ListGrantsCommand } from '@aws-sdk/client-kms';
import { defineTable } from '../../engine/table.js';

/**
 * aws_kms_key_grants: ListGrants per key, AWS managed keys included, at KMS's largest page (100)
 * as CloudQuery asks. Key (key_arn, grant_id) as in CloudQuery's current docs; older releases
 * keyed it by (account_id, region, grant_id, key_id).
 */
export const kmsKeyGrants = defineTable({
  name: 'aws_kms_key_grants',
  description: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantListEntry.html',
  service: 'kms',
  scope: 'regional',
  list: { call: { client: KMSClient, command: ListGrantsCommand }, operation: 'ListGrants', items: 'Grants[]' },
  parent: { table: 'aws_kms_keys', input: (key) => ({ KeyId: key.Arn, Limit: 100 }) },
  columns: {
    key_arn: { type: 'string', value: (_g, _c, _d, key) => key?.arn },
    grant_id: { type: 'string', value: (g) => g.GrantId },
  },
  primaryKey: ['key_arn', 'grant_id'],
  iam: ['kms:ListGrants'],
});

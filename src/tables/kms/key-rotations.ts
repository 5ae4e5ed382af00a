import { KMSClient, ListKeyRotationsCommand } from '@aws-sdk/client-kms';
import { defineTable, type Item } from '../../engine/table.js';

/** KMS answers ListKeyRotations only for symmetric keys whose material it made (UnsupportedOperationException otherwise). */
function canRotate(key: Item): boolean {
  return key.KeySpec === 'SYMMETRIC_DEFAULT' && key.Origin === 'AWS_KMS' && key.CustomKeyStoreId === undefined;
}

/**
 * aws_kms_key_rotations: the completed key material rotations of each key that can rotate
 * (ListKeyRotations). CloudQuery lists this table but its column page could not be confirmed;
 * the columns follow its conventions: key_arn from the parent key, then the model's
 * RotationsListEntry (key_id, rotation_date, rotation_type), keyed (key_arn, rotation_date).
 */
export const kmsKeyRotations = defineTable({
  name: 'aws_kms_key_rotations',
  description: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_RotationsListEntry.html',
  service: 'kms',
  scope: 'regional',
  list: { call: { client: KMSClient, command: ListKeyRotationsCommand }, operation: 'ListKeyRotations', items: 'Rotations[]' },
  parent: { table: 'aws_kms_keys', input: (key) => ({ KeyId: key.Arn, Limit: 1000 }), when: canRotate },
  columns: {
    key_arn: { type: 'string', value: (_r, _c, _d, key) => key?.arn },
  },
  primaryKey: ['key_arn', 'rotation_date'],
  iam: ['kms:ListKeyRotations'],
});

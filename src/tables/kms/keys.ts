import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { defineTable, type Item } from '../../engine/table.js';

/** CloudQuery reads rotation and tags only for keys the account manages and whose material KMS made. */
function ownKey(key: Item): boolean {
  return key.Origin !== 'EXTERNAL' && key.KeyManager !== 'AWS';
}

/** KMS tags are [{ TagKey, TagValue }]: one object, as CloudQuery stores them. */
export function kmsTags(tags: unknown): Record<string, string> | null {
  if (!Array.isArray(tags)) return null;
  const out: Record<string, string> = {};
  for (const t of tags as Array<{ TagKey?: unknown; TagValue?: unknown }>) if (typeof t?.TagKey === 'string') out[t.TagKey] = typeof t.TagValue === 'string' ? t.TagValue : '';
  return out;
}

export const kmsKeys = defineTable({
  name: 'aws_kms_keys',
  description: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html',
  service: 'kms',
  scope: 'regional',
  // CloudQuery asks for the largest page ListKeys allows.
  list: { call: { client: KMSClient, command: ListKeysCommand }, operation: 'ListKeys', items: 'Keys[]', input: () => ({ Limit: 1000 }) },
  get: { call: { client: KMSClient, command: DescribeKeyCommand }, operation: 'DescribeKey', items: 'KeyMetadata', input: (entry) => ({ KeyId: (entry as Item).KeyId }) },
  details: {
    rotation: {
      call: { client: KMSClient, command: GetKeyRotationStatusCommand },
      operation: 'GetKeyRotationStatus',
      input: (key) => ({ KeyId: (key as Item).KeyId }),
      // AWS refuses the call (UnsupportedOperationException) for keys other than symmetric encryption keys.
      when: (key) => ownKey(key) && key.KeySpec === 'SYMMETRIC_DEFAULT',
    },
    tags: { call: { client: KMSClient, command: ListResourceTagsCommand }, operation: 'ListResourceTags', input: (key) => ({ KeyId: (key as Item).KeyId }), when: ownKey },
  },
  columns: {
    rotation_enabled: { type: 'bool', value: (_k, _c, d) => d.rotation?.KeyRotationEnabled },
    tags: { type: 'json', value: (_k, _c, d) => kmsTags(d.tags?.Tags) },
    arn: { type: 'string', value: (k) => k.Arn },
    replica_keys: { type: 'json', value: (k) => (k.MultiRegionConfiguration as Item | undefined)?.ReplicaKeys },
  },
  primaryKey: ['arn'],
  iam: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
});

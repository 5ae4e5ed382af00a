import { GetKeyPolicyCommand, KMSClient, ListKeyPoliciesCommand } from '@aws-sdk/client-kms';
import { defineTable, type Item } from '../../engine/table.js';

/** The policy document KMS returns as text, stored parsed as CloudQuery's JSON column holds it. */
function parsedPolicy(policy: unknown): unknown {
  if (typeof policy !== 'string') return null;
  try {
    return JSON.parse(policy) as unknown;
  } catch {
    return null;
  }
}

/**
 * aws_kms_key_policies: one row per key policy, keyed (key_arn, name) as CloudQuery's docs give.
 * CloudQuery calls GetKeyPolicy for the name `default` only; canopy lists the names with
 * ListKeyPolicies and gets each, which yields the same rows (KMS keys have exactly one policy,
 * `default`) and would pick up any other name KMS ever adds.
 */
export const kmsKeyPolicies = defineTable({
  name: 'aws_kms_key_policies',
  description: 'https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html',
  service: 'kms',
  scope: 'regional',
  list: { call: { client: KMSClient, command: ListKeyPoliciesCommand }, operation: 'ListKeyPolicies', items: 'PolicyNames[]' },
  get: {
    call: { client: KMSClient, command: GetKeyPolicyCommand },
    operation: 'GetKeyPolicy',
    items: '',
    input: (name, _ctx, key?: Item) => ({ KeyId: key?.Arn, PolicyName: name }),
  },
  parent: { table: 'aws_kms_keys', input: (key) => ({ KeyId: key.Arn }) },
  columns: {
    key_arn: { type: 'string', value: (_p, _c, _d, key) => key?.arn },
    name: { type: 'string', value: (p) => p.PolicyName },
    policy: { type: 'json', value: (p) => parsedPolicy(p.Policy) },
  },
  skip: ['PolicyName'],
  primaryKey: ['key_arn', 'name'],
  iam: ['kms:ListKeyPolicies', 'kms:GetKeyPolicy'],
});
